package marc

import (
	"bytes"
	"testing"
)

// BenchmarkRead measures reading marc.dat (20 records, ISO 2709).
func BenchmarkRead(b *testing.B) {
	data := fixture(b, "marc.dat")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadMARC8 measures reading a MARC-8 record, which is decoded.
func BenchmarkReadMARC8(b *testing.B) {
	data := fixture(b, "marc8.dat")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Read(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode measures writing marc.dat's records back.
func BenchmarkEncode(b *testing.B) {
	recs, _, err := Read(fixture(b, "marc.dat"))
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := Encode(&out, recs); err != nil {
			b.Fatal(err)
		}
	}
}
