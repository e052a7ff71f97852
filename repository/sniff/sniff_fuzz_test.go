package sniff

import (
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// FuzzDetect checks that Detect never panics, that every refusal is a validation
// error a user can read, and that every acceptance names a known kind.
func FuzzDetect(f *testing.F) {
	for _, s := range [][]byte{pdfHead, pngHead, mp4Head, mp3Head, webmHead, wavHead, elfHead, mzHead,
		machoHead, classHead, svgScript, htmlPage, viText, ooxml(f, "word/document.xml"),
		zipOf(f, "mimetype", "application/epub+zip"), zipOf(f, "META-INF/MANIFEST.MF", "x")} {
		f.Add(s, "file.bin")
	}
	f.Add([]byte("#!/bin/sh\n"), "x.txt")
	f.Add(htmlPage, "anh.png")
	f.Add([]byte("# tiêu đề\n"), "a.md")
	known := map[string]bool{KindPDF: true, KindVideo: true, KindAudio: true, KindImage: true,
		KindDocument: true, KindSlides: true, KindSpreadsheet: true, KindEPUB: true, KindZip: true,
		KindHTML: true, KindText: true, KindMarkdown: true, KindOther: true}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		got, err := Detect(head, name)
		if err != nil {
			if _, ok := fault.AsValidation(err); !ok {
				t.Fatalf("Detect error %v is not a validation error", err)
			}
			return
		}
		if !known[got.Kind] || got.MIME == "" {
			t.Fatalf("Detect = %+v: unknown kind or empty MIME", got)
		}
		if strings.HasPrefix(got.MIME, "text/html") && !got.Active {
			t.Fatalf("Detect = %+v: HTML must be active", got)
		}
	})
}
