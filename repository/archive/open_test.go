package archive

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func TestPackageOpensOneFileInPlace(t *testing.T) {
	data := buildZip(t, file{name: "sim/index.html", body: "<p>mô phỏng</p>"}, file{name: "sim/js/app.js", body: textOf(50000)},
		file{raw: storedRaw("sim/raw.txt", "stored"), body: "stored"})
	p, err := Load(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Manifest.EntryPoint != "sim/index.html" {
		t.Fatalf("entry %q", p.Manifest.EntryPoint)
	}
	for name, want := range map[string]string{"sim/js/app.js": textOf(50000), "sim/raw.txt": "stored", "sim/index.html": "<p>mô phỏng</p>"} {
		rc, err := p.Open(bytes.NewReader(data), name)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(got) != want {
			t.Fatalf("%s = %d bytes, %v", name, len(got), err)
		}
	}
	for _, name := range []string{"app.js", "../sim/index.html", "/sim/index.html", "sim", "sim/", "SIM/index.html", ""} {
		if _, err := p.Open(bytes.NewReader(data), name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want ErrNotExist", name, err)
		}
	}
}

// TestPackageOpenNoticesChangedBytes: if the bytes read are not the ones Load checked,
// the reader fails with a damaged-archive error rather than serving them.
func TestPackageOpenNoticesChangedBytes(t *testing.T) {
	data := buildZip(t, file{raw: storedRaw("a.txt", "hello world"), body: "hello world"})
	p, err := Load(bytes.NewReader(data), int64(len(data)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(data, []byte("hello world"), []byte("HELLO world"), 1)
	rc, _ := p.Open(bytes.NewReader(changed), "a.txt")
	_, err = io.ReadAll(rc)
	if v, ok := fault.AsValidation(err); !ok || v.Key != "archive.corrupt.checksum" {
		t.Fatalf("changed bytes: %v", err)
	}
}

func TestLoadRefusesWhatInspectRefuses(t *testing.T) {
	for _, h := range hostileZips(t) {
		_, ierr := Inspect(bytes.NewReader(h.data), int64(len(h.data)), Limits{})
		_, lerr := Load(bytes.NewReader(h.data), int64(len(h.data)), Limits{})
		if (ierr == nil) != (lerr == nil) {
			t.Errorf("%s: Inspect %v, Load %v", h.name, ierr, lerr)
		}
	}
}

// FuzzLoadOpen: what Load accepts, Open serves file by file, each exactly the size
// the manifest gives; nothing panics and every refusal is a validation error.
func FuzzLoadOpen(f *testing.F) {
	f.Add(goodPackage(f))
	for _, h := range hostileZips(f) {
		if len(h.data) <= 256<<10 {
			f.Add(h.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(bytes.NewReader(data), int64(len(data)), fuzzLimits)
		if err != nil {
			if _, ok := fault.AsValidation(err); !ok {
				t.Fatalf("Load error %v is not a validation error", err)
			}
			return
		}
		for _, e := range p.Manifest.Files {
			rc, err := p.Open(bytes.NewReader(data), e.Name)
			if err != nil {
				t.Fatalf("Open(%q): %v", e.Name, err)
			}
			n, err := io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil || n != e.Size {
				t.Fatalf("%s: %d bytes of %d, %v", e.Name, n, e.Size, err)
			}
		}
	})
}
