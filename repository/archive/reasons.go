package archive

import (
	"maps"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// reasons maps the key of every refusal to its English message. Each key has exactly
// one message, so the web layer can translate it with the same arguments: a new
// refusal gets a new key here and its texts in the web catalogue.
var reasons = map[string]string{
	"archive.not_zip":        "The file is not a ZIP archive, or it is damaged.",
	"archive.too_many_files": "The archive has at least %d entries; at most %d are allowed.",

	"archive.bad_name.utf8":       "The entry %q has a name that is not valid UTF-8 although the archive says it is.",
	"archive.bad_name.unreadable": "The entry %q has a name that cannot be read.",
	"archive.bad_name.empty":      "An entry in the archive has no name.",
	"archive.bad_name.nul":        "The entry %q has a NUL byte in its name.",
	"archive.bad_name.control":    "The entry %q has a control character in its name.",
	"archive.bad_name.dots":       "The entry %q has no usable name: it is only dots and slashes.",
	"archive.absolute_path":       "The entry %q has an absolute path; entries must be inside the package.",
	"archive.drive_letter":        "The entry %q starts with a drive letter; entries must be inside the package.",
	"archive.parent_path":         `The entry %q goes up out of the package (".."); entries must be inside it.`,
	"archive.name_too_long.part":  "The entry %q has a folder or file name between slashes longer than %d bytes.",
	"archive.name_too_long.path":  "The entry %q has a name longer than %d bytes, counting its folders.",
	"archive.too_deep":            "The entry %q is nested %d levels deep; at most %d are allowed.",

	"archive.duplicate.same":        "The entry %q appears twice in the archive.",
	"archive.duplicate.case":        "The entries %q and %q differ only in letter case or accents' encoding; some computers cannot hold both.",
	"archive.duplicate.file_folder": "The entry %q is a file, but %q uses it as a folder.",

	"archive.symlink":      "The entry %q is a symbolic link; links are not accepted.",
	"archive.special_file": "The entry %q is a device, pipe or socket, not a file; it is not accepted.",
	"archive.encrypted":    "The entry %q is encrypted; upload the archive without a password.",
	"archive.compression":  "The entry %q uses compression method %s, which is not supported; make the archive again with the standard (Deflate) compression.",

	"archive.file_too_big":  "The file %q unpacks to more than %s, the most allowed for one file.",
	"archive.too_big":       "The archive unpacks to more than %s, the most allowed.",
	"archive.ratio.file":    "The file %q expands more than %d times when unpacked; this looks like a zip bomb.",
	"archive.ratio.archive": "The archive expands more than %d times when unpacked; this looks like a zip bomb.",
	"archive.overlap":       "The entries %q and %q share their data; this looks like a zip bomb.",

	"archive.corrupt":              "The entry %q is damaged and cannot be unpacked.",
	"archive.corrupt.folder_data":  "The entry %q is a folder but holds data.",
	"archive.corrupt.missing_data": "The entry %q is damaged: its data is missing.",
	"archive.corrupt.header":       "The entry %q is damaged: its header cannot be read.",
	"archive.corrupt.checksum":     "The entry %q is damaged: its checksum does not match.",
	"archive.corrupt.size":         "The entry %q is damaged: its size does not match its header.",
	"archive.corrupt.data":         "The entry %q is damaged: its compressed data is invalid.",
}

// Reasons returns every key a refusal can carry, with its English message, for the
// web layer's catalogue (and its test that each has a Vietnamese text).
func Reasons() map[string]string { return maps.Clone(reasons) }

// refuse is the validation error for key, on the field "file". An unknown key is a
// programming error.
func refuse(key string, args ...any) error {
	msg, ok := reasons[key]
	if !ok {
		panic("archive: no message for " + key)
	}
	return fault.Invalid("file", key, msg, args...)
}
