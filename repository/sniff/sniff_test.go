package sniff

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// zipOf builds a zip in memory with the entries in order (name, body, name, body…).
// The first entry is stored uncompressed and without extra fields, as ODF and EPUB
// require for their "mimetype" entry.
func zipOf(t testing.TB, pairs ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := 0; i < len(pairs); i += 2 {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		f, err := w.CreateHeader(&zip.FileHeader{Name: pairs[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, pairs[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`

func ooxml(t testing.TB, part string) []byte {
	return zipOf(t,
		"[Content_Types].xml", contentTypes,
		"_rels/.rels", `<Relationships/>`,
		part, `<?xml version="1.0"?><doc/>`)
}

// Hand-made heads: the few bytes each format's signature needs.
var (
	pdfHead  = []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	pngHead  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x40\x00\x00\x00\x40\x08\x06\x00\x00\x00\xaa\x69\x71\xde")
	mp4Head  = []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08free")
	mp3Head  = []byte("ID3\x04\x00\x00\x00\x00\x00\x23TIT2\x00\x00\x00\x05\x00\x00\x03Bai\x00\xff\xfb\x90\x64")
	webmHead = []byte("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\xF2\x81\x04\x42\xF3\x81\x08" +
		"\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02")
	wavHead   = []byte("RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x44\xac\x00\x00")
	elfHead   = append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00"), make([]byte, 40)...)
	mzHead    = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 48)...)
	machoHead = []byte("\xcf\xfa\xed\xfe\x07\x00\x00\x01\x03\x00\x00\x00\x02\x00\x00\x00")
	classHead = []byte("\xca\xfe\xba\xbe\x00\x00\x00\x34\x00\x1d\x0a\x00\x06")
	svgScript = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`)
	htmlPage  = []byte("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Bài 1</title></head><body><h1>Phân số</h1></body></html>")
	viText    = []byte("Bài 1. Phân số và số thập phân\nHọc sinh đọc kỹ đề bài trước khi làm.\n")
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, filename string
		head           []byte
		kind, mime     string // mime is the base type, before any parameter
		active         bool
		errKey         string // set when Detect must refuse
		errText        string // a part of the refusal's message
	}{
		{name: "pdf", filename: "bai-giang.pdf", head: pdfHead, kind: KindPDF, mime: "application/pdf"},
		{name: "png", filename: "hinh.png", head: pngHead, kind: KindImage, mime: "image/png"},
		{name: "mp4", filename: "video.mp4", head: mp4Head, kind: KindVideo, mime: "video/mp4"},
		{name: "mp3 with ID3", filename: "bai-hat.mp3", head: mp3Head, kind: KindAudio, mime: "audio/mpeg"},
		{name: "webm", filename: "clip.webm", head: webmHead, kind: KindVideo, mime: "video/webm"},
		{name: "wav", filename: "doc.wav", head: wavHead, kind: KindAudio, mime: "audio/wav"},
		{name: "zip", filename: "mo-phong.zip", head: zipOf(t, "index.html", "<html></html>", "js/app.js", "1"), kind: KindZip, mime: "application/zip"},
		{name: "docx", filename: "giao-an.docx", head: ooxml(t, "word/document.xml"), kind: KindDocument, mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{name: "pptx", filename: "trinh-chieu.pptx", head: ooxml(t, "ppt/presentation.xml"), kind: KindSlides, mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
		{name: "xlsx", filename: "diem.xlsx", head: ooxml(t, "xl/workbook.xml"), kind: KindSpreadsheet, mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "odt", filename: "giao-an.odt", head: zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<x/>"), kind: KindDocument, mime: "application/vnd.oasis.opendocument.text"},
		{name: "odp", filename: "slides.odp", head: zipOf(t, "mimetype", "application/vnd.oasis.opendocument.presentation", "content.xml", "<x/>"), kind: KindSlides, mime: "application/vnd.oasis.opendocument.presentation"},
		{name: "epub", filename: "sach.epub", head: zipOf(t, "mimetype", "application/epub+zip", "META-INF/container.xml", "<container/>"), kind: KindEPUB, mime: "application/epub+zip"},
		{name: "csv", filename: "lop.csv", head: []byte("ho_ten,lop,diem\nNguyễn An,6A,9\nTrần Bình,6A,8\n"), kind: KindSpreadsheet, mime: "text/csv"},
		{name: "plain text", filename: "ghi-chu.txt", head: viText, kind: KindText, mime: "text/plain"},
		{name: "markdown by name", filename: "README.md", head: []byte("# Bài 1\n\nĐọc *kỹ* đề.\n"), kind: KindMarkdown, mime: "text/markdown"},
		{name: "html page", filename: "bai.html", head: htmlPage, kind: KindHTML, mime: "text/html", active: true},
		{name: "svg with script is an active image", filename: "hinh.svg", head: svgScript, kind: KindImage, mime: "image/svg+xml", active: true},

		// The bytes win over the name.
		{name: "pdf name, zip bytes", filename: "bai-giang.pdf", head: zipOf(t, "a.txt", "xin chào"), kind: KindZip, mime: "application/zip"},
		{name: "docx name, pdf bytes", filename: "giao-an.docx", head: pdfHead, kind: KindPDF, mime: "application/pdf"},
		{name: "no name", filename: "", head: pngHead, kind: KindImage, mime: "image/png"},
		{name: "txt name, html bytes", filename: "ghi-chu.txt", head: htmlPage, kind: KindHTML, mime: "text/html", active: true},

		// Programs.
		{name: "PE/MZ", filename: "bai-tap.pdf", head: mzHead, errKey: "sniff.executable", errText: "Executable files (application/vnd.microsoft.portable-executable) are not accepted"},
		{name: "ELF", filename: "data", head: elfHead, errKey: "sniff.executable", errText: "application/x-executable"},
		{name: "Mach-O", filename: "app", head: machoHead, errKey: "sniff.executable", errText: "application/x-mach-binary"},
		{name: "Java class", filename: "Main.dat", head: classHead, errKey: "sniff.executable", errText: "application/x-java-applet"},
		{name: "jar named zip", filename: "thu-vien.zip", head: zipOf(t, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "a/B.class", "x"), errKey: "sniff.executable", errText: "application/java-archive"},
		{name: "apk named zip", filename: "game.zip", head: zipOf(t, "AndroidManifest.xml", "\x03\x00\x08\x00", "classes.dex", "dex\n035"), errKey: "sniff.executable", errText: "application/vnd.android.package-archive"},
		{name: "sh script", filename: "cai-dat.txt", head: []byte("#!/bin/sh\nrm -rf /\n"), errKey: "sniff.script", errText: "Scripts (#!/bin/sh) are not accepted"},
		{name: "any shebang", filename: "x.txt", head: []byte("\xEF\xBB\xBF#!/usr/bin/awk -f\n{print}\n"), errKey: "sniff.script", errText: "#!/usr/bin/awk -f"},
		{name: "php", filename: "index.txt", head: []byte("<?php system($_GET['c']); ?>\n"), errKey: "sniff.script", errText: "text/x-php"},
		{name: ".exe name", filename: "bai-giang.pdf.exe", head: pdfHead, errKey: "sniff.program_name", errText: ".exe"},
		{name: ".exe name, upper case, trailing dot", filename: `C:\Users\an\SETUP.EXE.`, head: viText, errKey: "sniff.program_name", errText: ".exe"},
		{name: ".msi name", filename: "setup.msi", head: viText, errKey: "sniff.program_name"},
		{name: ".bat name", filename: "chay.bat", head: []byte("@echo off\r\ndel *.*\r\n"), errKey: "sniff.program_name", errText: ".bat"},
		{name: ".cmd name", filename: "chay.cmd", head: viText, errKey: "sniff.program_name"},
		{name: ".ps1 name", filename: "chay.ps1", head: viText, errKey: "sniff.program_name"},
		{name: ".sh name", filename: "chay.sh", head: viText, errKey: "sniff.program_name"},
		{name: ".apk name", filename: "game.apk", head: zipOf(t, "a.txt", "b"), errKey: "sniff.program_name"},

		// Active content posing as a picture.
		{name: "html named png", filename: "anh.png", head: htmlPage, errKey: "sniff.disguised", errText: "named as an image (.png) but contains text/html"},
		{name: "svg named jpg", filename: "anh.JPG", head: svgScript, errKey: "sniff.disguised", errText: "image/svg+xml"},
		{name: "html named svg", filename: "hinh.svg", head: htmlPage, errKey: "sniff.disguised"},

		{name: "empty", filename: "rong.pdf", head: nil, errKey: "sniff.empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.head, tt.filename)
			if tt.errKey != "" {
				v, ok := fault.AsValidation(err)
				if !ok {
					t.Fatalf("Detect = %+v, %v; want a validation error %s", got, err, tt.errKey)
				}
				if v.Key != tt.errKey || v.Field != "file" || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("error = %q (key %s); want key %s containing %q", err, v.Key, tt.errKey, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			if got.Kind != tt.kind || baseMIME(got.MIME) != tt.mime || got.Active != tt.active {
				t.Fatalf("Detect = %+v; want kind %s, MIME %s, active %v", got, tt.kind, tt.mime, tt.active)
			}
		})
	}
}

// TestDetectLongHead checks that a head longer than HeadSize is cut rather than
// refused, and that a text charset survives into MIME.
func TestDetectLongHead(t *testing.T) {
	head := bytes.Repeat(viText, 200)
	got, err := Detect(head, "dai.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != KindText || !strings.Contains(got.MIME, "charset=utf-8") {
		t.Fatalf("Detect = %+v; want UTF-8 text", got)
	}
}

// TestDetectFFmpeg checks real files that ffmpeg makes from its test sources.
func TestDetectFFmpeg(t *testing.T) {
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg is not installed (apt-get install ffmpeg); the real-media cases need it")
	}
	dir := t.TempDir()
	tests := []struct {
		name, file string
		args       []string
		kind, mime string
	}{
		{"mp4", "out.mp4", []string{"-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=5", "-pix_fmt", "yuv420p"}, KindVideo, "video/mp4"},
		{"png", "out.png", []string{"-f", "lavfi", "-i", "testsrc=size=64x64", "-frames:v", "1"}, KindImage, "image/png"},
		{"m4a", "out.m4a", []string{"-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac"}, KindAudio, "audio/x-m4a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, tt.file)
			args := append([]string{"-hide_banner", "-loglevel", "error", "-y"}, tt.args...)
			if msg, err := exec.Command(ffmpeg, append(args, out)...).CombinedOutput(); err != nil {
				t.Fatalf("ffmpeg: %v\n%s", err, msg)
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			head, _, err := Reader(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Detect(head, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.kind || got.MIME != tt.mime || got.Active {
				t.Fatalf("Detect = %+v; want kind %s, MIME %s", got, tt.kind, tt.mime)
			}
		})
	}
}

func TestReader(t *testing.T) {
	long := bytes.Repeat([]byte("0123456789abcdef"), 1000) // 16,000 bytes
	tests := []struct {
		name     string
		data     []byte
		wrap     func(io.Reader) io.Reader
		headSize int
	}{
		{"longer than the head", long, nil, HeadSize},
		{"one byte at a time", long, iotest.OneByteReader, HeadSize},
		{"shorter than the head", long[:100], nil, 100},
		{"empty", nil, nil, 0},
		{"error together with the last data", long[:10], iotest.DataErrReader, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader = bytes.NewReader(tt.data)
			if tt.wrap != nil {
				r = tt.wrap(r)
			}
			head, rest, err := Reader(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(head) != tt.headSize || !bytes.Equal(head, tt.data[:tt.headSize]) {
				t.Fatalf("head has %d bytes; want the first %d", len(head), tt.headSize)
			}
			for i := range head {
				head[i] = 'X' // the caller's copy must not change what is replayed
			}
			all, err := io.ReadAll(rest)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(all, tt.data) {
				t.Fatalf("replayed %d bytes differ from the %d written", len(all), len(tt.data))
			}
		})
	}
}

func TestReaderError(t *testing.T) {
	boom := errors.New("connection reset")
	_, _, err := Reader(io.MultiReader(bytes.NewReader([]byte("%PDF")), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Fatalf("Reader error = %v; want it to wrap %v", err, boom)
	}
}

func TestExtension(t *testing.T) {
	for in, want := range map[string]string{
		"bai.PDF":             ".pdf",
		"a.tar.gz":            ".gz",
		`C:\tmp\x.exe`:        ".exe",
		"x.exe. . ":           ".exe",
		"dir.v2/README":       "",
		"":                    "",
		".bashrc":             ".bashrc",
		"Bài giảng số 1.pptx": ".pptx",
	} {
		if got := extension(in); got != want {
			t.Errorf("extension(%q) = %q; want %q", in, got, want)
		}
	}
}
