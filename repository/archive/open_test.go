package archive

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"testing"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func TestOpenReadsOneFileInPlace(t *testing.T) {
	data := buildZip(t, file{name: "sim/index.html", body: "<p>mô phỏng</p>"}, file{name: "sim/js/app.js", body: "go()"})
	rc, err := Open(bytes.NewReader(data), int64(len(data)), Limits{}, "sim/js/app.js")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || string(got) != "go()" {
		t.Fatalf("app.js = %q, %v", got, err)
	}
	for _, name := range []string{"app.js", "../sim/index.html", "/sim/index.html", "sim", "sim/", "SIM/index.html", ""} {
		if _, err := Open(bytes.NewReader(data), int64(len(data)), Limits{}, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want ErrNotExist", name, err)
		}
	}
}

func TestOpenRefusesHostileArchives(t *testing.T) {
	for _, h := range hostileZips(t) {
		if h.key == "archive.too_many_files" || h.key == "archive.file_too_big" || h.key == "archive.too_big" {
			continue // those depend on tightLimits or on decompression, checked by Inspect
		}
		_, err := Open(bytes.NewReader(h.data), int64(len(h.data)), Limits{}, "a.html")
		if err == nil {
			continue // the header checks pass; the bytes are metered on reading
		}
		if v, ok := fault.AsValidation(err); !ok && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v is neither a validation error nor not-found", h.name, err)
		} else if ok && v.Key == "" {
			t.Errorf("%s: no key", h.name)
		}
	}
}
