package archive

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"strings"
	"sync/atomic"
	"testing"
)

// file is one entry to write with buildZip.
type file struct {
	name   string
	body   string
	zeros  int64 // when set, the body is this many zero bytes, written in chunks
	mode   fs.FileMode
	method uint16
	raw    *zip.FileHeader // when set, written with CreateRaw and body as the raw data
}

// buildZip writes the entries with archive/zip, in order.
func buildZip(t testing.TB, files ...file) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		if f.raw != nil {
			dst, err := w.CreateRaw(f.raw)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(dst, f.body); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate}
		if f.method != 0 {
			h.Method = f.method
		}
		if f.mode != 0 {
			h.SetMode(f.mode)
		}
		dst, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if f.zeros > 0 {
			chunk := make([]byte, 1<<20)
			for n := f.zeros; n > 0; n -= int64(len(chunk)) {
				if _, err := dst.Write(chunk[:min(n, int64(len(chunk)))]); err != nil {
					t.Fatal(err)
				}
			}
		} else if _, err := io.WriteString(dst, f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// patchCentral finds the central directory header of the entry named name and lets
// patch change its bytes: the fixed 46-byte part (flags at 8, CRC-32 at 16,
// uncompressed size at 24, external attributes at 38, local header offset at 42)
// followed by the name.
func patchCentral(t testing.TB, data []byte, name string, patch func(h []byte)) []byte {
	t.Helper()
	data = bytes.Clone(data)
	for i := 0; i+dirHeaderLen <= len(data); i++ {
		if !bytes.Equal(data[i:i+4], []byte("PK\x01\x02")) {
			continue
		}
		n := int(binary.LittleEndian.Uint16(data[i+28:]))
		if i+dirHeaderLen+n <= len(data) && string(data[i+dirHeaderLen:i+dirHeaderLen+n]) == name {
			patch(data[i : i+dirHeaderLen+n])
			return data
		}
	}
	t.Fatalf("no central directory header for %q", name)
	return nil
}

// patchEOCDCount sets the entry counts of the end of central directory record.
func patchEOCDCount(t testing.TB, data []byte, count uint16) []byte {
	t.Helper()
	data = bytes.Clone(data)
	i := bytes.LastIndex(data, []byte("PK\x05\x06"))
	if i < 0 {
		t.Fatal("no end of central directory record")
	}
	binary.LittleEndian.PutUint16(data[i+8:], count)
	binary.LittleEndian.PutUint16(data[i+10:], count)
	return data
}

// renameCentral renames an entry in the central directory to a name of the same length.
func renameCentral(t testing.TB, data []byte, old, name string) []byte {
	t.Helper()
	if len(old) != len(name) {
		t.Fatal("renameCentral needs names of one length")
	}
	return patchCentral(t, data, old, func(h []byte) { copy(h[dirHeaderLen:], name) })
}

func setUncompressedSize(size uint32) func([]byte) {
	return func(h []byte) { binary.LittleEndian.PutUint32(h[24:], size) }
}

// unicodePathExtra builds an Info-ZIP Unicode Path extra field for raw.
func unicodePathExtra(raw, utf8Name string) []byte {
	field := []byte{1}
	field = binary.LittleEndian.AppendUint32(field, crc32.ChecksumIEEE([]byte(raw)))
	field = append(field, utf8Name...)
	extra := binary.LittleEndian.AppendUint16(nil, 0x7075)
	extra = binary.LittleEndian.AppendUint16(extra, uint16(len(field)))
	return append(extra, field...)
}

// storedRaw is a CreateRaw header for body stored as is.
func storedRaw(name, body string) *zip.FileHeader {
	return &zip.FileHeader{
		Name: name, Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(body)),
		CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body)),
	}
}

// textOf is n bytes of text that compresses a few times, as real text does.
func textOf(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Bài %d: phân số %x, %d\n", i, uint32(i)*2654435761, i*i)
	}
	return b.String()[:n]
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// hostileZips are the refused archives the tests and the fuzz seeds share, each with
// the error key Inspect must give (under tightLimits where the case says so).
func hostileZips(t testing.TB) []struct {
	name  string
	data  []byte
	key   string
	about string // a part of the message: the entry it names
} {
	t.Helper()
	good := buildZip(t, file{name: "a.html", body: "<p>a</p>"}, file{name: "b.html", body: "<p>b</p>"})
	var elevenFiles []file
	for i := range 11 {
		elevenFiles = append(elevenFiles, file{name: strings.Repeat("f", i+1) + ".txt", body: "x"})
	}
	deep := strings.Repeat("d/", 32) + "x.html"
	badUTF8 := &zip.FileHeader{Name: "b\xe0i.html", Method: zip.Store, Flags: utf8Flag}
	lzma := storedRaw("lzma.bin", "\x00\x00")
	lzma.Method = 14
	deflate64 := storedRaw("lon.bin", "\x00\x00")
	deflate64.Method = 9
	return []struct {
		name  string
		data  []byte
		key   string
		about string
	}{
		{"zip slip", buildZip(t, file{name: "../../etc/passwd", body: "root::0:0"}), "archive.parent_path", "../../etc/passwd"},
		{"inner dot-dot", buildZip(t, file{name: "a/../../b.html", body: "x"}), "archive.parent_path", "a/../../b.html"},
		{"absolute", buildZip(t, file{name: "/etc/x", body: "x"}), "archive.absolute_path", "/etc/x"},
		{"backslash dot-dot", buildZip(t, file{name: `..\evil.html`, body: "x"}), "archive.parent_path", `..\\evil.html`},
		{"backslash absolute", buildZip(t, file{name: `\\server\share\x`, body: "x"}), "archive.absolute_path", "server"},
		{"drive letter", buildZip(t, file{name: "C:/Windows/x.dll", body: "x"}), "archive.drive_letter", "C:/Windows/x.dll"},
		{"drive letter relative", buildZip(t, file{name: `c:x.html`, body: "x"}), "archive.drive_letter", "c:x.html"},
		{"NUL in name", buildZip(t, file{name: "a.html\x00.png", body: "x"}), "archive.bad_name.nul", `a.html\x00.png`},
		{"control character", buildZip(t, file{name: "a\x1b[31m.html", body: "x"}), "archive.bad_name.control", "a"},
		{"invalid UTF-8 flagged UTF-8", buildZip(t, file{raw: badUTF8}), "archive.bad_name.utf8", `b\xe0i.html`},
		{"symlink", buildZip(t, file{name: "link", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777}), "archive.symlink", "link"},
		{"symlink bits from a DOS creator", patchCentral(t, buildZip(t, file{name: "link2", body: "/etc"}), "link2",
			func(h []byte) { h[5] = 0; binary.LittleEndian.PutUint32(h[38:], 0xa1ff<<16) }), "archive.symlink", "link2"},
		{"device", buildZip(t, file{name: "dev/sda", mode: fs.ModeDevice | 0o660}), "archive.special_file", "dev/sda"},
		{"fifo bits", patchCentral(t, buildZip(t, file{name: "pipe", body: ""}), "pipe",
			func(h []byte) { binary.LittleEndian.PutUint32(h[38:], 0x11a4<<16) }), "archive.special_file", "pipe"},
		{"duplicate", buildZip(t, file{name: "a.html", body: "1"}, file{name: "a.html", body: "2"}), "archive.duplicate.same", "a.html"},
		{"duplicate after cleaning", buildZip(t, file{name: "x/a.html", body: "1"}, file{name: "x//./a.html", body: "2"}), "archive.duplicate.same", "x/a.html"},
		{"duplicate by case", buildZip(t, file{name: "Index.html", body: "1"}, file{name: "index.html", body: "2"}), "archive.duplicate.case", "Index.html"},
		{"duplicate by normalisation", buildZip(t, file{name: "bài.html", body: "1"}, file{name: "ba\u0300i.html", body: "2"}), "archive.duplicate.case", "bài.html"},
		{"file and folder", buildZip(t, file{name: "css", body: "1"}, file{name: "CSS/a.css", body: "2"}), "archive.duplicate.file_folder", "css"},
		{"folder then file", buildZip(t, file{name: "js/", body: ""}, file{name: "js", body: "2"}), "archive.duplicate.file_folder", "js"},
		{"encrypted", patchCentral(t, good, "b.html", func(h []byte) { h[8] |= 1 }), "archive.encrypted", "b.html"},
		{"LZMA", buildZip(t, file{raw: lzma}), "archive.compression", "LZMA"},
		{"Deflate64", buildZip(t, file{raw: deflate64}), "archive.compression", "Deflate64"},
		{"folder with data", renameCentral(t, buildZip(t, file{name: "thu-muc_", body: "hello"}), "thu-muc_", "thu-muc/"), "archive.corrupt.folder_data", "thu-muc/"},
		{"too deep", buildZip(t, file{name: deep, body: "x"}), "archive.too_deep", "x.html"},
		{"name too long", buildZip(t, file{name: strings.Repeat("ab/", 200) + "x", body: "x"}), "archive.name_too_long.path", "ab/ab"},
		{"name part too long", buildZip(t, file{name: strings.Repeat("é", 128) + ".html", body: "x"}), "archive.name_too_long.part", "255"},
		{"too many files", buildZip(t, elevenFiles...), "archive.too_many_files", "at most 10"},
		{"too many files, end record lying", patchEOCDCount(t, buildZip(t, elevenFiles...), 1), "archive.too_many_files", "at most 10"},
		{"file too big", buildZip(t, file{name: "big.txt", body: textOf(5 << 20)}), "archive.file_too_big", "big.txt"},
		{"total too big", buildZip(t, file{name: "1.txt", body: textOf(3 << 20)}, file{name: "2.txt", body: textOf(3 << 20)},
			file{name: "3.txt", body: textOf(3 << 20)}), "archive.too_big", "8 MiB"},
		{"ratio", buildZip(t, file{name: "zeros.bin", zeros: 2 << 20}), "archive.ratio.file", "zeros.bin"},
		{"overlapping entries", patchCentral(t, good, "b.html", func(h []byte) { binary.LittleEndian.PutUint32(h[42:], 0) }), "archive.overlap", "b.html"},
		{"lying size, smaller", patchCentral(t, buildZip(t, file{name: "lie.txt", body: textOf(100 << 10)}), "lie.txt", setUncompressedSize(1000)),
			"archive.corrupt.size", "lie.txt"},
		{"lying size, larger", patchCentral(t, buildZip(t, file{name: "lie.txt", body: textOf(1000)}), "lie.txt", setUncompressedSize(2000)),
			"archive.corrupt.size", "lie.txt"},
		{"bad checksum", patchCentral(t, good, "a.html", func(h []byte) { h[16] ^= 0xff }), "archive.corrupt.checksum", "a.html"},
		{"not a zip", []byte("%PDF-1.7 not a zip"), "archive.not_zip", "not a ZIP"},
		{"empty", nil, "archive.not_zip", "not a ZIP"},
		{"truncated", good[:len(good)-30], "archive.not_zip", "not a ZIP"},
	}
}

// tightLimits keep the hostile cases small.
var tightLimits = Limits{MaxFiles: 10, MaxTotalSize: 8 << 20, MaxFileSize: 4 << 20, MaxRatio: 100, MaxNameLength: 512, MaxDepth: 32}
