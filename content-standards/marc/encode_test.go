package marc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestRoundTrip checks Read(Encode(recs)) gives recs back for every fixture, and
// that the output is ISO 2709 UTF-8 a second Encode reproduces byte for byte.
func TestRoundTrip(t *testing.T) {
	for _, name := range fixtureFiles {
		t.Run(name, func(t *testing.T) {
			recs, _, err := Read(fixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := Encode(&out, recs); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			again, bad, err := Read(out.Bytes())
			if err != nil || len(bad) != 0 || len(again) != len(recs) {
				t.Fatalf("Read(Encode) = %d records, bad %v, err %v; want %d", len(again), bad, err, len(recs))
			}
			for i := range recs {
				if !sameRecord(recs[i], again[i]) {
					t.Errorf("record %d: %+v\nwant %+v", i+1, again[i], recs[i])
				}
				if l := again[i].Leader; l[9] != 'a' || l[10:12] != "22" || l[20:24] != "4500" {
					t.Errorf("record %d: leader %q", i+1, l)
				}
			}
			var twice bytes.Buffer
			if err := Encode(&twice, again); err != nil || !bytes.Equal(twice.Bytes(), out.Bytes()) {
				t.Errorf("a second Encode differs (%v)", err)
			}
		})
	}
}

// TestEncodeExact checks the bytes of one small record.
func TestEncodeExact(t *testing.T) {
	r := Record{Leader: "xxxxxnam  xxxxxxx a xxxx", Fields: []Field{
		{Tag: "001", Value: "1"},
		{Tag: "245", Ind1: '1', Subfields: []Subfield{sf('a', "e\u0301")}},
	}}
	var out bytes.Buffer
	if err := Encode(&out, []Record{r}); err != nil {
		t.Fatal(err)
	}
	want := "00059nam a2200049 a 4500" + "001000200000" + "245000700002" + "\x1e" +
		"1\x1e" + "1 \x1fa\u00e9\x1e" + "\x1d"
	if out.String() != want {
		t.Errorf("Encode = %q\nwant %q", out.String(), want)
	}
}

func TestEncodeRefusals(t *testing.T) {
	leader := defaultLeader
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name string
		rec  Record
		key  string
	}{
		{"short leader", Record{Leader: "00000", Fields: []Field{{Tag: "001", Value: "1"}}}, "marc.leader.text"},
		{"no fields", Record{Leader: leader}, "marc.no_fields"},
		{"bad tag", Record{Leader: leader, Fields: []Field{{Tag: "24", Value: "1"}}}, "marc.tag"},
		{"bad indicator", Record{Leader: leader, Fields: []Field{{Tag: "245", Ind1: 0x1f}}}, "marc.indicator"},
		{"bad code", Record{Leader: leader, Fields: []Field{{Tag: "245", Subfields: []Subfield{sf(0x1f, "x")}}}}, "marc.subfield_code"},
		{"delimiter in a value", Record{Leader: leader, Fields: []Field{{Tag: "245", Subfields: []Subfield{sf('a', "x\x1fby")}}}}, "marc.encode.value"},
		{"terminator in a control field", Record{Leader: leader, Fields: []Field{{Tag: "001", Value: "1\x1e"}}}, "marc.encode.value"},
		{"invalid UTF-8", Record{Leader: leader, Fields: []Field{{Tag: "500", Subfields: []Subfield{sf('a', "\xff")}}}}, "marc.encode.value"},
		{"field too long", Record{Leader: leader, Fields: []Field{{Tag: "505", Subfields: []Subfield{sf('a', long), sf('t', long)}}}}, "marc.encode.field_too_long"},
		{"record too long", Record{Leader: leader, Fields: repeatField(Field{Tag: "505", Subfields: []Subfield{sf('a', long)}}, 21)}, "marc.encode.too_long"},
	}
	good := Record{Leader: leader, Fields: []Field{{Tag: "001", Value: "1"}}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Encode(&out, []Record{good, tt.rec, good})
			var e *Error
			if !errors.As(err, &e) || e.Key != tt.key || e.Record != 2 || e.Offset != int64(out.Len()) {
				t.Fatalf("Encode = %v; want %s at record 2, byte %d", err, tt.key, out.Len())
			}
			if recs, _, _ := Read(out.Bytes()); len(recs) != 1 {
				t.Errorf("%d records written before the refusal; want 1", len(recs))
			}
		})
	}
}

func repeatField(f Field, n int) []Field {
	out := make([]Field, n)
	for i := range out {
		out[i] = f
	}
	return out
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeWriterError(t *testing.T) {
	err := Encode(failingWriter{}, []Record{{Leader: defaultLeader, Fields: []Field{{Tag: "001", Value: "1"}}}})
	if err == nil || !strings.Contains(err.Error(), "disk full") || errors.As(err, new(*Error)) {
		t.Errorf("Encode = %v; want the writer's error, not a refusal", err)
	}
}
