package sniff

import (
	"bytes"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// kindOf maps exact media types to kinds; prefixes (image/, video/, audio/, text/) are
// handled in classify.
var kindOf = map[string]string{
	"application/pdf": KindPDF,

	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": KindDocument,
	"application/vnd.oasis.opendocument.text":                                 KindDocument,
	"application/vnd.oasis.opendocument.text-template":                        KindDocument,
	"application/msword":          KindDocument,
	"text/rtf":                    KindDocument,
	"application/vnd.wordperfect": KindDocument,

	"application/vnd.openxmlformats-officedocument.presentationml.presentation": KindSlides,
	"application/vnd.oasis.opendocument.presentation":                           KindSlides,
	"application/vnd.oasis.opendocument.presentation-template":                  KindSlides,
	"application/vnd.ms-powerpoint":                                             KindSlides,

	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": KindSpreadsheet,
	"application/vnd.oasis.opendocument.spreadsheet":                    KindSpreadsheet,
	"application/vnd.oasis.opendocument.spreadsheet-template":           KindSpreadsheet,
	"application/vnd.ms-excel":                                          KindSpreadsheet,
	"application/vnd.sun.xml.calc":                                      KindSpreadsheet,
	"text/csv":                                                          KindSpreadsheet,
	"text/tab-separated-values":                                         KindSpreadsheet,

	"application/epub+zip": KindEPUB,
	"application/zip":      KindZip,

	"text/html":             KindHTML,
	"application/xhtml+xml": KindHTML,

	"application/json":     KindText,
	"application/x-subrip": KindText, // subtitles
}

// markdownExtensions name Markdown, which has no magic: its bytes are plain text.
var markdownExtensions = map[string]bool{".md": true, ".markdown": true}

func classify(m *mimetype.MIME, ext string, head []byte) Type {
	full := m.String()
	base := baseMIME(full)
	if ext == ".svg" && base == "text/xml" && bytes.Contains(head, []byte("<svg")) {
		// mimetype misses SVGs whose root element comes after a long prologue (a
		// DOCTYPE, comments); the name and the element together are enough.
		full, base = "image/svg+xml", "image/svg+xml"
	}
	t := Type{MIME: full, Kind: KindOther, Active: base == "image/svg+xml" || isActive(m)}
	switch k, ok := kindOf[base]; {
	case ok:
		t.Kind = k
	case base == "text/plain" && markdownExtensions[ext]:
		t.Kind = KindMarkdown
		t.MIME = "text/markdown" + strings.TrimPrefix(full, "text/plain")
	case strings.HasPrefix(base, "image/"):
		t.Kind = KindImage
	case strings.HasPrefix(base, "video/"):
		t.Kind = KindVideo
	case strings.HasPrefix(base, "audio/"):
		t.Kind = KindAudio
	case strings.HasPrefix(base, "text/"):
		t.Kind = KindText
	}
	return t
}

// isActive reports media types a browser renders with script enabled: HTML, SVG and
// anything mimetype files under XML (which can carry XHTML or an XSLT stylesheet).
// It walks the hierarchy rather than matching "+xml", because zipped formats such as
// Visio drawings also have "+xml" names.
func isActive(m *mimetype.MIME) bool {
	for x := m; x != nil; x = x.Parent() {
		for _, a := range []string{"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml"} {
			if x.Is(a) {
				return true
			}
		}
	}
	return false
}
