package sniff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// HeadSize is how many leading bytes Detect looks at. It is below mimetype's own read
// limit (4096), so mimetype sees all of it and nothing more is needed.
const HeadSize = 3072

// The kinds of resource Detect reports. They group MIME types the way the library
// shows and previews them.
const (
	KindPDF         = "pdf"
	KindVideo       = "video"
	KindAudio       = "audio"
	KindImage       = "image"
	KindDocument    = "document"    // docx, odt, doc, rtf
	KindSlides      = "slides"      // pptx, odp, ppt
	KindSpreadsheet = "spreadsheet" // xlsx, ods, xls, csv
	KindEPUB        = "epub"
	KindZip         = "zip" // a generic zip: an HTML5 simulation, a SCORM package, a folder
	KindHTML        = "html"
	KindText        = "text"
	KindMarkdown    = "markdown"
	KindOther       = "other"
)

// Type is what an upload really is.
type Type struct {
	// MIME is the detected media type, with a charset parameter for text
	// ("text/plain; charset=utf-8"). Serve the file under this type, not the name's.
	MIME string
	// Kind is one of the Kind constants.
	Kind string
	// Active is true when a browser would run scripts in the file if it were served
	// inline under MIME (HTML, SVG, XML): serve it as an attachment or from a
	// sandboxed origin.
	Active bool
}

// Detect tells what the file whose first bytes are head really is. head should be the
// first HeadSize bytes (fewer only if the file is shorter); longer heads are cut.
// filename is the name the user gave; it never decides the type, but names that run
// as programs are refused, and so are HTML or SVG named like a raster image.
//
// Refusals are *fault.ValidationError values for the field "file".
func Detect(head []byte, filename string) (Type, error) {
	if len(head) > HeadSize {
		head = head[:HeadSize]
	}
	ext := extension(filename)
	if programExtensions[ext] {
		return Type{}, fault.Invalid("file", "sniff.program_name",
			"Files ending in %s run as programs and are not accepted.", ext)
	}
	if len(head) == 0 {
		return Type{}, fault.Invalid("file", "sniff.empty", "The file is empty.")
	}
	if line, ok := shebang(head); ok {
		return Type{}, fault.Invalid("file", "sniff.script", "Scripts (%s) are not accepted.", line)
	}
	m := mimetype.Detect(head)
	if err := refuseProgram(m); err != nil {
		return Type{}, err
	}
	t := classify(m, ext, head)
	if rasterImageExtensions[ext] && t.Active || ext == ".svg" && t.Kind == KindHTML {
		return Type{}, fault.Invalid("file", "sniff.disguised",
			"This file is named as an image (%s) but contains %s, which can run scripts.", ext, baseMIME(t.MIME))
	}
	return t, nil
}

// Reader reads the first HeadSize bytes of r (fewer if r is shorter) and returns them
// with a reader that yields the whole stream again, head included, so an upload can
// be sniffed and then stored without buffering it. head is a copy the caller may keep.
func Reader(r io.Reader) (head []byte, rest io.Reader, err error) {
	buf := make([]byte, HeadSize)
	n, err := io.ReadFull(r, buf)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, nil, fmt.Errorf("sniff: read head: %w", err)
	}
	buf = buf[:n]
	head = bytes.Clone(buf)
	return head, io.MultiReader(bytes.NewReader(buf), r), nil
}

// programExtensions are names Windows, Android or a Unix shell run as programs
// whatever the bytes hold (a .bat is plain text; a .jar or .apk is a zip).
var programExtensions = map[string]bool{
	".exe": true, ".msi": true, ".msp": true, ".msix": true, ".appx": true,
	".bat": true, ".cmd": true, ".com": true, ".scr": true, ".pif": true,
	".cpl": true, ".dll": true, ".sys": true, ".lnk": true, ".reg": true,
	".ps1": true, ".psm1": true, ".vbs": true, ".vbe": true, ".jse": true,
	".wsf": true, ".wsh": true, ".hta": true, ".msc": true,
	".sh": true, ".bash": true, ".zsh": true, ".csh": true, ".ksh": true,
	".command": true, ".run": true, ".bin": true, ".elf": true,
	".apk": true, ".xapk": true, ".ipa": true, ".jar": true, ".class": true,
	".deb": true, ".rpm": true, ".dmg": true, ".pkg": true,
}

// rasterImageExtensions are names that promise a plain picture. HTML or SVG under
// such a name is an attempt to slip script past an image check.
var rasterImageExtensions = map[string]bool{
	".png": true, ".apng": true, ".jpg": true, ".jpeg": true, ".jfif": true,
	".gif": true, ".webp": true, ".bmp": true, ".ico": true, ".tif": true,
	".tiff": true, ".avif": true, ".heic": true, ".heif": true,
}

// executableMIMEs are machine code, bytecode and installers. Detected types are
// compared along mimetype's hierarchy, so application/x-elf covers every ELF flavour.
var executableMIMEs = []string{
	"application/vnd.microsoft.portable-executable", // MZ/PE: .exe, .dll
	"application/x-elf",
	"application/x-mach-binary",
	"application/x-java-applet", // a compiled Java class
	"application/java-archive",
	"application/vnd.android.package-archive",
	"application/x-ms-installer",
	"application/x-installshield",
	"application/x-ms-shortcut",
	"application/x-chrome-extension",
	"application/wasm",
	"application/vnd.debian.binary-package",
	"application/x-rpm",
	"application/x-bytecode.python",
	"application/x-shockwave-flash",
}

// scriptMIMEs are source code an interpreter runs. mimetype recognises most of these
// by their "#!" line, which Detect refuses earlier; PHP it also knows by "<?php".
var scriptMIMEs = []string{
	"text/x-shellscript", "text/x-php", "text/javascript", "text/x-lua",
	"text/x-perl", "text/x-python", "text/x-ruby", "text/x-tcl",
}

func refuseProgram(m *mimetype.MIME) error {
	for x := m; x != nil; x = x.Parent() {
		for _, e := range executableMIMEs {
			if x.Is(e) {
				return fault.Invalid("file", "sniff.executable",
					"Executable files (%s) are not accepted.", baseMIME(m.String()))
			}
		}
		for _, s := range scriptMIMEs {
			if x.Is(s) {
				return fault.Invalid("file", "sniff.script",
					"Scripts (%s) are not accepted.", baseMIME(m.String()))
			}
		}
	}
	return nil
}

// shebang reports the "#!" line a script starts with (after an optional UTF-8 byte
// order mark), shortened and stripped of control characters for the message.
func shebang(head []byte) (string, bool) {
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	if !bytes.HasPrefix(head, []byte("#!")) {
		return "", false
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if len(line) > 64 {
		line = line[:64]
	}
	s := strings.Map(func(r rune) rune {
		if r == utf8.RuneError || !unicode.IsPrint(r) {
			return -1
		}
		return r
	}, string(line))
	return strings.TrimSpace(s), true
}

// extension is the lower-case extension of the last element of a name that may come
// from any operating system ("C:\Users\an\bai.exe" included). Trailing dots and
// spaces are dropped because Windows drops them too: "bai.exe." runs as "bai.exe".
func extension(filename string) string {
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	filename = strings.TrimRight(filename, ". ")
	i := strings.LastIndexByte(filename, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(filename[i:])
}

func baseMIME(m string) string {
	base, _, _ := strings.Cut(m, ";")
	return strings.TrimSpace(base)
}
