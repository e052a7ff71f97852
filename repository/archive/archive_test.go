package archive

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// wantRefused checks that err is the validation error key whose message mentions about.
func wantRefused(t *testing.T, err error, key, about string) {
	t.Helper()
	v, ok := fault.AsValidation(err)
	if !ok {
		t.Fatalf("error = %v; want validation error %s", err, key)
	}
	if v.Key != key || v.Field != "file" || !strings.Contains(err.Error(), about) {
		t.Fatalf("error = %q (key %s); want key %s mentioning %q", err, v.Key, key, about)
	}
	if strings.Contains(err.Error(), "%!") {
		t.Fatalf("error = %q: its arguments do not fit the message", err)
	}
}

func TestRefused(t *testing.T) {
	for _, tt := range hostileZips(t) {
		t.Run(tt.name, func(t *testing.T) {
			r := bytes.NewReader(tt.data)
			m, err := Inspect(r, int64(len(tt.data)), tightLimits)
			if m != nil {
				t.Errorf("Inspect returned a manifest with %d files", len(m.Files))
			}
			wantRefused(t, err, tt.key, tt.about)

			var put []string
			err = Extract(r, int64(len(tt.data)), tightLimits, func(name string, _ int64, body io.Reader) error {
				put = append(put, name)
				_, err := io.Copy(io.Discard, body)
				return err
			})
			wantRefused(t, err, tt.key, tt.about)
			// Only damaged data is found while reading, after the first put.
			if !strings.HasPrefix(tt.key, "archive.corrupt") && len(put) > 0 {
				t.Errorf("Extract put %v before refusing", put)
			}
		})
	}
}

// goodPackage is an HTML5 simulation zipped as its folder, from a Mac.
func goodPackage(t testing.TB) []byte {
	return buildZip(t,
		file{name: "mo-phong/", mode: fs.ModeDir | 0o755},
		file{name: "mo-phong/index.html", body: `<!doctype html><script src="js/app.js"></script>`},
		file{name: "mo-phong/js/app.js", body: "console.log('xin chào')", mode: 0o644},
		file{name: "mo-phong/css/style.css", body: textOf(20 << 10)},
		file{name: "mo-phong/Bài 1/hình ảnh.svg", body: "<svg/>"},
		file{name: "mo-phong/.DS_Store", body: "\x00\x00\x00\x01Bud1"},
		file{name: "__MACOSX/mo-phong/._index.html", body: "\x00\x05\x16\x07"},
		file{name: "mo-phong/empty.txt"},
	)
}

func TestInspectGoodPackage(t *testing.T) {
	data := goodPackage(t)
	m, err := Inspect(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.HasIndexHTML || m.EntryPoint != "mo-phong/index.html" {
		t.Errorf("entry point = %q (%v); want mo-phong/index.html", m.EntryPoint, m.HasIndexHTML)
	}
	var names []string
	var total int64
	for _, f := range m.Files {
		names = append(names, f.Name)
		total += f.Size
	}
	want := []string{"mo-phong/index.html", "mo-phong/js/app.js", "mo-phong/css/style.css", "mo-phong/Bài 1/hình ảnh.svg",
		"mo-phong/.DS_Store", "__MACOSX/mo-phong/._index.html", "mo-phong/empty.txt"}
	if !slices.Equal(names, want) {
		t.Errorf("files = %q; want %q", names, want)
	}
	if m.Files[2].Size != 20<<10 || total != m.TotalSize {
		t.Errorf("style.css is %d bytes, total %d (sum %d)", m.Files[2].Size, m.TotalSize, total)
	}
	if m.Files[1].Mode != 0o644 {
		t.Errorf("app.js mode = %v; want 0644", m.Files[1].Mode)
	}
}

func TestExtract(t *testing.T) {
	data := goodPackage(t)
	want := map[string]string{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			want[f.Name] = string(b)
		}
	}
	got := map[string]string{}
	err = Extract(bytes.NewReader(data), int64(len(data)), Limits{}, func(name string, size int64, body io.Reader) error {
		b, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		if int64(len(b)) != size {
			t.Errorf("%s: put size %d, body %d bytes", name, size, len(b))
		}
		got[name] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("put %d files; want %d", len(got), len(want))
	}
	for name, body := range want {
		if got[name] != body {
			t.Errorf("%s: put %d bytes; want %d", name, len(got[name]), len(body))
		}
	}
}

func TestExtractPutError(t *testing.T) {
	data := goodPackage(t)
	full := errors.New("bucket full")
	err := Extract(bytes.NewReader(data), int64(len(data)), Limits{}, func(string, int64, io.Reader) error { return full })
	if !errors.Is(err, full) || !strings.Contains(err.Error(), "mo-phong/index.html") {
		t.Fatalf("Extract = %v; want the put error, wrapped with the name", err)
	}
}

// TestExtractLazyPut checks that a put that reads nothing does not skip the checks.
func TestExtractLazyPut(t *testing.T) {
	data := patchCentral(t, buildZip(t, file{name: "a.txt", body: "ok"}, file{name: "lie.txt", body: textOf(100 << 10)}),
		"lie.txt", setUncompressedSize(1000))
	err := Extract(bytes.NewReader(data), int64(len(data)), Limits{}, func(string, int64, io.Reader) error { return nil })
	wantRefused(t, err, "archive.corrupt.size", "lie.txt")
}

// TestLyingSizes shrinks the size the central directory gives for a 3 MiB file to
// 1000 bytes: the data handed over must stop at what was declared, not run on to the
// real size, and the archive must be refused.
func TestLyingSizes(t *testing.T) {
	data := patchCentral(t, buildZip(t, file{name: "bai-giang.txt", body: textOf(3 << 20)}), "bai-giang.txt", setUncompressedSize(1000))
	lim := Limits{MaxFileSize: 1 << 20}
	var got int64
	var declared int64
	err := Extract(bytes.NewReader(data), int64(len(data)), lim, func(_ string, size int64, body io.Reader) error {
		declared = size
		n, err := io.Copy(io.Discard, body)
		got = n
		return err
	})
	wantRefused(t, err, "archive.corrupt.size", "bai-giang.txt")
	if declared != 1000 || got > 1000 {
		t.Fatalf("put was told %d bytes and read %d; want at most the 1000 declared", declared, got)
	}
}

// TestZipBomb checks that 200 MiB of zeros, compressed about a thousand times, is
// refused from its headers, reading little of the archive and allocating little; and
// that the same bomb with its size shrunk in the header stops early while reading.
// (Tests here assert bytes and allocations, not time.)
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 200 MiB")
	}
	bomb := buildZip(t, file{name: "bom.bin", zeros: 200 << 20})
	liar := patchCentral(t, bomb, "bom.bin", setUncompressedSize(50<<10))
	for _, tt := range []struct {
		name     string
		data     []byte
		key      string
		maxRead  int64
		maxAlloc uint64
	}{
		{"honest headers", bomb, "archive.ratio.file", 80 << 10, 1 << 20},
		{"size shrunk in the header", liar, "archive.corrupt.size", int64(len(bomb)), 4 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReaderAt{r: bytes.NewReader(tt.data)}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Inspect(r, int64(len(tt.data)), Limits{})
			runtime.ReadMemStats(&after)
			wantRefused(t, err, tt.key, "bom.bin")
			if r.n.Load() > tt.maxRead {
				t.Errorf("read %d bytes of the %d-byte archive; want at most %d", r.n.Load(), len(tt.data), tt.maxRead)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.maxAlloc {
				t.Errorf("allocated %d bytes; want at most %d", alloc, tt.maxAlloc)
			}
		})
	}
}

func TestNames(t *testing.T) {
	raw := "B\xe0i 1.html" // "Bài 1.html" in Windows-1258, as an old Vietnamese Windows wrote it
	withExtra := &zip.FileHeader{Name: raw, Method: zip.Store, Extra: unicodePathExtra(raw, "Bài 1.html")}
	plain := &zip.FileHeader{Name: raw, Method: zip.Store}
	stale := &zip.FileHeader{Name: raw, Method: zip.Store, Extra: unicodePathExtra("other", "Khác.html")}
	tests := []struct {
		name string
		zip  []byte
		want []string
	}{
		{"Info-ZIP Unicode Path field", buildZip(t, file{raw: withExtra}), []string{"Bài 1.html"}},
		{"code page 437 without the field", buildZip(t, file{raw: plain}), []string{"Bαi 1.html"}},
		{"stale Unicode Path field is ignored", buildZip(t, file{raw: stale}), []string{"Bαi 1.html"}},
		{"UTF-8", buildZip(t, file{name: "Bài giảng/Tiết 1.html", body: "x"}), []string{"Bài giảng/Tiết 1.html"}},
		{"backslashes are folders", buildZip(t, file{name: `thu muc\con\a.txt`, body: "x"}), []string{"thu muc/con/a.txt"}},
		{"dot elements are cleaned", buildZip(t, file{name: "./a//b/./c.txt", body: "x"}, file{name: "./", body: ""}), []string{"a/b/c.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Inspect(bytes.NewReader(tt.zip), int64(len(tt.zip)), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range m.Files {
				got = append(got, f.Name)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("names = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestEntryPoint(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"root", []string{"index.html", "js/app.js"}, "index.html"},
		{"root, any case, .htm", []string{"INDEX.HTM", "a.css"}, "INDEX.HTM"},
		{".html before .htm", []string{"index.htm", "index.html"}, "index.html"},
		{"single top folder", []string{"bai1/index.html", "bai1/js/a.js"}, "bai1/index.html"},
		{"top folder with macOS litter", []string{"__MACOSX/bai1/._index.html", "bai1/index.html", ".DS_Store"}, "bai1/index.html"},
		{"two top folders", []string{"a/index.html", "b/index.html"}, ""},
		{"file beside the top folder", []string{"a/index.html", "readme.txt"}, ""},
		{"index deeper down", []string{"a/b/index.html"}, ""},
		{"no index", []string{"a.pdf"}, ""},
		{"nothing", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var files []Entry
			for _, n := range tt.files {
				files = append(files, Entry{Name: n})
			}
			if got := entryPoint(files); got != tt.want {
				t.Fatalf("entryPoint = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestMeter checks each limit on a stream of zeros: exactly the allowed bytes are
// handed over, then the error of the tightest limit, again on every later read.
func TestMeter(t *testing.T) {
	c := &checked{src: &source{}, lim: Limits{MaxFileSize: 1000, MaxTotalSize: 2000, MaxRatio: 100}.withDefaults()}
	tests := []struct {
		name  string
		caps  []int64
		want  int64
		key   string
		about string
	}{
		{"file size", []int64{1000, 5000, 5000, 5000}, 1000, "archive.file_too_big", "1000 bytes"},
		{"total", []int64{5000, 700, 5000, 5000}, 700, "archive.too_big", "2.0 KiB"},
		{"entry ratio", []int64{5000, 5000, 300, 5000}, 300, "archive.ratio.file", "The file"},
		{"archive ratio", []int64{5000, 5000, 5000, 10}, 10, "archive.ratio.archive", "The archive"},
		{"nothing left", []int64{5000, 0, 5000, 5000}, 0, "archive.too_big", "2.0 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &meter{r: zeroReader{}, c: c, name: "x.bin", caps: []limit{
				{tt.caps[0], func() error { return c.fileTooBig("x.bin") }},
				{tt.caps[1], c.tooBig},
				{tt.caps[2], func() error { return c.entryRatio("x.bin") }},
				{tt.caps[3], c.archiveRatio},
			}}
			n, err := io.Copy(io.Discard, m)
			if n != tt.want {
				t.Errorf("handed over %d bytes; want %d", n, tt.want)
			}
			wantRefused(t, err, tt.key, tt.about)
			if _, err2 := m.Read(make([]byte, 10)); err2 != err {
				t.Errorf("second read error = %v; want the same %v", err2, err)
			}
		})
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// failingReaderAt fails every read at or past off.
type failingReaderAt struct {
	r   io.ReaderAt
	off int64
	err error
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.off {
		return 0, f.err
	}
	return f.r.ReadAt(p, off)
}

// TestStorageError checks that a failing reader is reported as itself, not as a
// damaged archive the user should fix.
func TestStorageError(t *testing.T) {
	data := buildZip(t, file{name: "a.txt", body: textOf(100 << 10)}, file{name: "b.txt", body: "b"})
	boom := errors.New("connection reset by peer")
	for _, off := range []int64{0, 100} {
		r := failingReaderAt{r: bytes.NewReader(data), off: off, err: boom}
		_, err := Inspect(r, int64(len(data)), Limits{})
		if !errors.Is(err, boom) {
			t.Errorf("failing at %d: Inspect = %v; want it to wrap %v", off, err, boom)
		}
		if _, ok := fault.AsValidation(err); ok {
			t.Errorf("failing at %d: a storage error became a validation error: %v", off, err)
		}
	}
}

// fixturesDir holds real third-party packages; CI has shared/ beside the clone.
const fixturesDir = "../../../shared/fixtures"

func fixtureArchives(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(fixturesDir); err != nil {
		t.Skipf("no shared fixtures at %s (they sit beside the clone in CI): %v", fixturesDir, err)
	}
	var paths []string
	for _, pattern := range []string{"scorm/*.zip", "cmi5/*.zip", "cc/*.imscc"} {
		m, err := filepath.Glob(filepath.Join(fixturesDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		t.Fatalf("no archives in %s", fixturesDir)
	}
	return paths
}

// TestFixtures checks that real SCORM, cmi5 and Common Cartridge packages pass.
func TestFixtures(t *testing.T) {
	for _, p := range fixtureArchives(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			m, err := Inspect(bytes.NewReader(data), int64(len(data)), Limits{})
			if err != nil {
				t.Fatalf("Inspect: %v", err)
			}
			if len(m.Files) == 0 || m.TotalSize == 0 {
				t.Fatalf("manifest has %d files, %d bytes", len(m.Files), m.TotalSize)
			}
			manifest := map[string]string{"scorm": "imsmanifest.xml", "cmi5": "cmi5.xml", "cc": "imsmanifest.xml"}[filepath.Base(filepath.Dir(p))]
			if !slices.ContainsFunc(m.Files, func(e Entry) bool { return e.Name == manifest }) {
				t.Errorf("no %s at the root", manifest)
			}
			var total int64
			err = Extract(bytes.NewReader(data), int64(len(data)), Limits{}, func(_ string, _ int64, body io.Reader) error {
				n, err := io.Copy(io.Discard, body)
				total += n
				return err
			})
			if err != nil || total != m.TotalSize {
				t.Fatalf("Extract = %v after %d bytes; want nil after %d", err, total, m.TotalSize)
			}
		})
	}
}

// TestManyEntries checks that a central directory of 70,000 entries (a zip64
// directory) is refused from its count, before archive/zip loads it into memory.
func TestManyEntries(t *testing.T) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for i := range 70000 {
		if _, err := w.CreateHeader(&zip.FileHeader{Name: strconv.Itoa(i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"honest count", data},
		{"count hidden", patchZip64Count(t, data, 3)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Inspect(bytes.NewReader(tt.data), int64(len(tt.data)), Limits{})
			runtime.ReadMemStats(&after)
			wantRefused(t, err, "archive.too_many_files", "at most 5000")
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
				t.Errorf("allocated %d bytes to refuse; want at most 1 MiB", alloc)
			}
		})
	}
}

// patchZip64Count sets the entry counts of the zip64 end of central directory record.
func patchZip64Count(t *testing.T, data []byte, count uint64) []byte {
	t.Helper()
	data = bytes.Clone(data)
	i := bytes.LastIndex(data, []byte("PK\x06\x06"))
	if i < 0 {
		t.Fatal("no zip64 end of central directory record")
	}
	binary.LittleEndian.PutUint64(data[i+24:], count)
	binary.LittleEndian.PutUint64(data[i+32:], count)
	return data
}
