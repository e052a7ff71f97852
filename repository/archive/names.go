package archive

import (
	"archive/zip"
	"encoding/binary"
	"hash/crc32"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// utf8Flag is general purpose bit 11: the name and comment are UTF-8.
const utf8Flag = 0x800

// maxElement is the longest name element most file systems and S3-compatible stores
// accept.
const maxElement = 255

// decodeName returns the entry's name as UTF-8 (see the package doc for the rules).
func decodeName(f *zip.File) (string, error) {
	raw := f.Name
	if utf8.ValidString(raw) {
		return raw, nil
	}
	if f.Flags&utf8Flag != 0 {
		return "", refuse("archive.bad_name.utf8", raw)
	}
	if u, ok := unicodePath(f.Extra, raw); ok {
		return u, nil
	}
	name, err := charmap.CodePage437.NewDecoder().String(raw)
	if err != nil { // cannot happen: every byte is a CP437 character
		return "", refuse("archive.bad_name.unreadable", raw)
	}
	return name, nil
}

// unicodePath reads the Info-ZIP Unicode Path extra field (0x7075), which tools that
// write names in a local code page add with the UTF-8 name. It is used only if the
// CRC-32 it carries is that of the raw name, so a stale field is ignored.
func unicodePath(extra []byte, raw string) (string, bool) {
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if size > len(extra) {
			return "", false
		}
		field := extra[:size]
		extra = extra[size:]
		if tag != 0x7075 || len(field) < 5 || field[0] != 1 {
			continue
		}
		name := field[5:]
		if binary.LittleEndian.Uint32(field[1:]) == crc32.ChecksumIEEE([]byte(raw)) && utf8.Valid(name) {
			return string(name), true
		}
	}
	return "", false
}

// cleanName checks a decoded name and returns it cleaned ("a//./b" → "a/b"), with
// whether it names a folder. An empty clean name ("./") means the entry is the root
// folder itself and is skipped.
func cleanName(name string, lim Limits) (clean string, dir bool, err error) {
	if name == "" {
		return "", false, refuse("archive.bad_name.empty")
	}
	for _, r := range name {
		if r == 0 {
			return "", false, refuse("archive.bad_name.nul", name)
		}
		if r < 0x20 || r == 0x7f {
			return "", false, refuse("archive.bad_name.control", name)
		}
	}
	slashed := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(slashed, "/") {
		return "", false, refuse("archive.absolute_path", name)
	}
	if len(slashed) >= 2 && slashed[1] == ':' && isLetter(slashed[0]) {
		return "", false, refuse("archive.drive_letter", name)
	}
	for _, elem := range strings.Split(slashed, "/") {
		if elem == ".." {
			return "", false, refuse("archive.parent_path", name)
		}
		if len(elem) > maxElement {
			return "", false, refuse("archive.name_too_long.part", name, maxElement)
		}
	}
	dir = strings.HasSuffix(slashed, "/")
	clean = path.Clean(slashed)
	if clean == "." {
		if dir {
			return "", true, nil
		}
		return "", false, refuse("archive.bad_name.dots", name)
	}
	if len(clean) > lim.MaxNameLength {
		return "", false, refuse("archive.name_too_long.path", name, lim.MaxNameLength)
	}
	if depth := strings.Count(clean, "/") + 1; depth > lim.MaxDepth {
		return "", false, refuse("archive.too_deep", name, depth, lim.MaxDepth)
	}
	return clean, dir, nil
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// namespace finds names that would land on the same file, or on a file and a folder,
// on a case-insensitive, normalising file system.
type namespace struct {
	fold  cases.Caser
	files map[string]string // folded name → the name as written
	dirs  map[string]string // folded folder name → the name that made it a folder
}

func newNamespace() *namespace {
	return &namespace{fold: cases.Fold(), files: map[string]string{}, dirs: map[string]string{}}
}

func (ns *namespace) key(name string) string {
	return ns.fold.String(norm.NFC.String(name))
}

// addFile records a file and every folder above it.
func (ns *namespace) addFile(name string) error {
	k := ns.key(name)
	if other, ok := ns.files[k]; ok {
		if other == name {
			return refuse("archive.duplicate.same", name)
		}
		return refuse("archive.duplicate.case", other, name)
	}
	if other, ok := ns.dirs[k]; ok {
		return refuse("archive.duplicate.file_folder", name, other)
	}
	ns.files[k] = name
	return ns.addParents(name, k)
}

// addDir records an explicit folder entry; folders may repeat.
func (ns *namespace) addDir(name string) error {
	k := ns.key(name)
	if other, ok := ns.files[k]; ok {
		return refuse("archive.duplicate.file_folder", other, name)
	}
	if _, ok := ns.dirs[k]; !ok {
		ns.dirs[k] = name
	}
	return ns.addParents(name, k)
}

func (ns *namespace) addParents(name, key string) error {
	for i := strings.LastIndexByte(key, '/'); i > 0; i = strings.LastIndexByte(key[:i], '/') {
		parent := key[:i]
		if other, ok := ns.files[parent]; ok {
			return refuse("archive.duplicate.file_folder", other, name)
		}
		if _, ok := ns.dirs[parent]; ok {
			break // its own parents were recorded with it
		}
		ns.dirs[parent] = name
	}
	return nil
}
