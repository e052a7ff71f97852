// Package archive checks and unpacks uploaded ZIP archives: HTML5 simulations and
// virtual labs, SCORM, cmi5 and Common Cartridge packages, zipped folders of
// material. Inspect validates an archive and describes it; Extract streams each file
// to a callback that stores it (in object storage), so nothing touches a local disk.
//
// It must never trust what an archive says about itself. Every limit is enforced on
// the bytes actually decompressed, while decompressing: header sizes are only used to
// refuse early, never to accept. Every name is checked before any file is handed
// over, so a package with one hostile entry stores nothing. Refused:
//
//   - names that escape the package: absolute ("/etc/x", "\\server\x"), with a drive
//     letter ("C:"), or with a ".." element, including "..\evil" (a backslash is
//     read as a folder separator, as Windows tools write it);
//   - names with NUL or other control bytes, longer than Limits.MaxNameLength bytes,
//     with an element over 255 bytes, or more than Limits.MaxDepth elements deep;
//   - names that collide once cleaned, case-folded and put in Unicode NFC ("a//b"
//     and "a/b", "Index.html" and "index.html", "bài" composed and decomposed), and
//     a name that is both a file and a folder: they break on case-insensitive or
//     normalising file systems (Windows, macOS) when the package is downloaded;
//   - symbolic links, devices, pipes and sockets (by fs.FileMode and by the raw Unix
//     mode bits in the external attributes, whatever system made the archive);
//   - encrypted entries and compression methods other than Store and Deflate;
//   - more than Limits.MaxFiles entries (counted in the central directory before
//     archive/zip loads it, so a directory of millions of entries costs no memory),
//     files or a total over the size limits, entries whose data overlap (the
//     overlapping-files zip bomb), and expansion beyond Limits.MaxRatio for an entry
//     or the whole archive (beyond a 1 MiB allowance, so tiny files stay fine).
//
// Names: a name that is valid UTF-8 is taken as UTF-8 (with or without the UTF-8
// flag, as archive/zip and the common tools do). A name that is not valid UTF-8
// although the UTF-8 flag is set is refused. Otherwise the name comes from the
// Info-ZIP Unicode Path extra field when present and matching, and failing that is
// decoded as code page 437, which is what the ZIP specification (APPNOTE 4.4.4)
// says such names are. Old Windows tools that wrote Vietnamese names in a local code
// page therefore produce readable if wrong names rather than a refusal; the
// alternative, refusing, would reject packages teachers cannot easily rebuild.
//
// Every refusal is a fault.Invalid error for the field "file" whose message names
// the offending entry (or the limit exceeded). Its key is one of Reasons, and each
// key has exactly one message, so the web layer can translate it. Errors reading the
// io.ReaderAt itself are returned wrapped, not as validation errors.
//
// Serving in place: Load checks an archive as Inspect does and remembers where each
// file's data lies; Package.Open then reads one file from any io.ReaderAt over the
// same bytes (a ranged object-storage reader), checking its size and CRC-32, so a
// web server can serve the files of an HTML5 package without unpacking it.
package archive
