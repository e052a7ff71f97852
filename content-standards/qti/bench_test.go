package qti

import "testing"

// BenchmarkParse measures parsing the spec's "Unattended Luggage" item.
func BenchmarkParse(b *testing.B) {
	doc := readTestdata(b, "choice.xml")
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite measures writing that item back as QTI 2.1.
func BenchmarkWrite(b *testing.B) {
	it, err := Parse(readTestdata(b, "choice.xml"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(it); err != nil {
			b.Fatal(err)
		}
	}
}
