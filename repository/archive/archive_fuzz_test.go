package archive

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// fuzzLimits are small, so that the fuzzer meets every limit often.
var fuzzLimits = Limits{MaxFiles: 64, MaxTotalSize: 2 << 20, MaxFileSize: 1 << 20, MaxRatio: 50, MaxNameLength: 128, MaxDepth: 8}

// FuzzInspect checks that Inspect never panics, refuses only with validation errors
// (the reader never fails here), never accepts what breaks a limit or a name rule,
// and agrees with Extract.
func FuzzInspect(f *testing.F) {
	f.Add(goodPackage(f))
	for _, h := range hostileZips(f) {
		if len(h.data) <= 256<<10 {
			f.Add(h.data)
		}
	}
	if _, err := os.Stat(fixturesDir); err == nil {
		for _, p := range fixtureArchives(f) {
			if data, err := os.ReadFile(p); err == nil && len(data) <= 1<<20 {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Inspect(bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			if _, ok := fault.AsValidation(err); !ok {
				t.Fatalf("Inspect error %v is not a validation error", err)
			}
		} else {
			checkManifest(t, m)
		}

		var put []Entry
		xerr := Extract(bytes.NewReader(data), int64(len(data)), fuzzLimits, func(name string, size int64, body io.Reader) error {
			n, err := io.Copy(io.Discard, body)
			if err == nil && n != size {
				t.Fatalf("%s: body gave %d bytes, put was told %d", name, n, size)
			}
			put = append(put, Entry{Name: name, Size: n})
			return err
		})
		if (err == nil) != (xerr == nil) {
			t.Fatalf("Inspect error %v, Extract error %v", err, xerr)
		}
		if err == nil {
			if len(put) != len(m.Files) {
				t.Fatalf("Extract put %d files, Inspect listed %d", len(put), len(m.Files))
			}
			for i := range put {
				if put[i].Name != m.Files[i].Name || put[i].Size != m.Files[i].Size {
					t.Fatalf("file %d: Extract %+v, Inspect %+v", i, put[i], m.Files[i])
				}
			}
		}
	})
}

func checkManifest(t *testing.T, m *Manifest) {
	t.Helper()
	if len(m.Files) > fuzzLimits.MaxFiles || m.TotalSize > fuzzLimits.MaxTotalSize {
		t.Fatalf("accepted %d files, %d bytes", len(m.Files), m.TotalSize)
	}
	var total int64
	seen := map[string]bool{}
	for _, e := range m.Files {
		total += e.Size
		if e.Size > fuzzLimits.MaxFileSize || e.Size < 0 {
			t.Fatalf("accepted %q of %d bytes", e.Name, e.Size)
		}
		if !fs.ValidPath(e.Name) || path.Clean(e.Name) != e.Name || strings.ContainsAny(e.Name, "\\\x00") ||
			len(e.Name) > fuzzLimits.MaxNameLength || strings.Count(e.Name, "/") >= fuzzLimits.MaxDepth {
			t.Fatalf("accepted the name %q", e.Name)
		}
		if k := strings.ToLower(e.Name); seen[k] {
			t.Fatalf("accepted %q twice", e.Name)
		} else {
			seen[k] = true
		}
		if e.Mode&^fs.ModePerm != 0 {
			t.Fatalf("accepted %q with mode %v", e.Name, e.Mode)
		}
	}
	if total != m.TotalSize {
		t.Fatalf("total %d, files sum to %d", m.TotalSize, total)
	}
	if m.HasIndexHTML != (m.EntryPoint != "") {
		t.Fatalf("HasIndexHTML %v with entry point %q", m.HasIndexHTML, m.EntryPoint)
	}
}
