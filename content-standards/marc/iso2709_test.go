package marc

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var title = rawField{"245", "10\x1faA title /\x1fcAn author."}

// TestDamagedRecords checks each way an ISO 2709 record can be broken is refused
// with its key, and that reading goes on with the next record.
func TestDamagedRecords(t *testing.T) {
	good := rawRecord('a', rawField{"001", "1"}, title)
	tests := []struct {
		name string
		rec  []byte
		key  string
	}{
		{"leader not ASCII", patch(good, 5, "\xc3\xa9"), "marc.leader"},
		{"length not digits", patch(good, 0, "0x123"), "marc.leader"},
		{"base address not digits", patch(good, 12, "000-5"), "marc.leader"},
		{"indicator count a letter", patch(good, 10, "x"), "marc.leader"},
		{"terminator inside the leader", []byte("00050nam a22\x1d"), "marc.leader"},
		{"base address past the record", patch(good, 12, "09999"), "marc.base_address"},
		{"base address inside the leader", patch(good, 12, "00020"), "marc.base_address"},
		{"directory of 11 bytes", patch(good, 12, "00060"), "marc.directory"},
		{"directory entry with a letter in its length", patch(good, 24+3, "00x2"), "marc.directory.entry"},
		{"directory entry with a symbol in its tag", patch(good, 24, "0#1"), "marc.directory.entry"},
		{"field past the data", patch(good, 24+3, "9999"), "marc.field_offset"},
		{"field starting past the data", patch(good, 24+7, "99999"), "marc.field_offset"},
		{"overlapping fields", rawOverlap(), "marc.field_overlap"},
		{"no fields", []byte("00026nam a2200025   4500\x1e\x1d"), "marc.no_fields"},
		{"invalid UTF-8", rawRecord('a', rawField{"245", "10\x1faT\xffitle"}), "marc.utf8"},
		{"indicator a control byte", rawRecord('a', rawField{"245", "1\x01\x1faTitle"}), "marc.indicator"},
		{"indicator not ASCII", rawRecord(' ', rawField{"245", "\xe21\x1faTitle"}), "marc.indicator"},
		{"subfield code not ASCII", rawRecord(' ', rawField{"245", "10\x1f\xe2Title"}), "marc.subfield_code"},
		{"subfield code blank", rawRecord('a', rawField{"245", "10\x1f Title"}), "marc.subfield_code"},
		{"Cyrillic", rawRecord(' ', rawField{"245", "10\x1fa\x1b(NKniga"}), "marc.charset.unsupported"},
		{"CJK", rawRecord(' ', rawField{"245", "10\x1fa\x1b$1!0!"}), "marc.charset.unsupported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := slices.Concat(good, tt.rec, good)
			recs, bad, err := Read(file)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if len(recs) != 2 || len(bad) != 1 || bad[0].Key != tt.key {
				t.Fatalf("Read = %d records, bad %v; want 2 records and %s", len(recs), bad, tt.key)
			}
			if bad[0].Record != 2 || bad[0].Offset != int64(len(good)) {
				t.Errorf("bad record %d at %d; want 2 at %d", bad[0].Record, bad[0].Offset, len(good))
			}
		})
	}
}

// patch returns a copy of rec with s written at i.
func patch(rec []byte, i int, s string) []byte {
	out := slices.Clone(rec)
	copy(out[i:], s)
	return out
}

// rawOverlap is a record whose three entries all point at its one field.
func rawOverlap() []byte {
	data := "10\x1faA long enough title\x1e"
	dir := ""
	for range 3 {
		dir += "245" + pad(len(data), 4) + "00000"
	}
	base := 24 + len(dir) + 1
	body := dir + "\x1e" + data + "\x1d"
	return []byte(pad(24+len(body), 5) + "nam a22" + pad(base, 5) + " a 4500" + body)
}

func pad(n, width int) string {
	s := strings.Repeat("0", width) + itoa(n)
	return s[len(s)-width:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestTruncated cuts a good file at every byte: Read never panics, the whole
// records before the cut are read, and the cut one is refused.
func TestTruncated(t *testing.T) {
	data := fixture(t, "marc.dat")
	var ends []int // where each record ends
	for i, c := range data {
		if c == recordTerminator {
			ends = append(ends, i+1)
		}
	}
	for cut := 5; cut < len(data); cut += 7 {
		recs, bad, err := Read(data[:cut])
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		// A record cut just before its terminator is read, as one whose
		// terminator is missing.
		whole, _ := slices.BinarySearch(ends, cut+2)
		if len(recs) != whole {
			t.Fatalf("cut at %d: %d records; want %d", cut, len(recs), whole)
		}
		if atEnd := slices.Contains(ends, cut) || slices.Contains(ends, cut+1); !atEnd && (len(bad) != 1 || !slices.Contains([]string{"marc.truncated", "marc.length", "marc.terminator"}, bad[0].Key)) {
			t.Fatalf("cut at %d: bad %v; want the cut record refused", cut, bad)
		}
	}
	recs, bad, _ := Read(data[:1060+500])
	if len(recs) != 1 || len(bad) != 1 || bad[0].Key != "marc.length" || bad[0].Args[0] != 979 || bad[0].Args[1] != 500 {
		t.Errorf("cut in record 2: %d records, bad %v; want marc.length 979, 500", len(recs), bad)
	}
	recs, bad, _ = Read(data[:1060+10])
	if len(recs) != 1 || len(bad) != 1 || bad[0].Key != "marc.truncated" {
		t.Errorf("cut in record 2's leader: %d records, bad %v; want marc.truncated", len(recs), bad)
	}
}

// TestLeniency checks the damage real files have that Read reads through.
func TestLeniency(t *testing.T) {
	one := rawRecord('a', rawField{"001", "1"}, title)
	two := rawRecord('a', rawField{"001", "2"}, title)
	noTerminator := func(rec []byte) []byte { return rec[:len(rec)-1] }
	tests := []struct {
		name string
		file []byte
		want []string // control numbers
	}{
		{"newline after each record", slices.Concat(one, []byte("\r\n"), two, []byte("\n")), []string{"1", "2"}},
		{"padding", slices.Concat([]byte("\n "), one, []byte("\x00\x00\x1a")), []string{"1"}},
		{"length counted in characters", slices.Concat(patch(one, 0, pad(len(one)-5, 5)), two), []string{"1", "2"}},
		{"length too long", slices.Concat(patch(one, 0, "99999"), two), []string{"1", "2"}},
		{"record terminators missing", slices.Concat(noTerminator(one), noTerminator(two)), []string{"1", "2"}},
		{"last record terminator missing", slices.Concat(one, noTerminator(two), []byte("\n")), []string{"1", "2"}},
		{"blank indicator and code counts", patch(one, 10, "  "), []string{"1"}},
		{"other entry map", patch(one, 20, "    "), []string{"1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad, err := Read(tt.file)
			if err != nil || len(bad) != 0 {
				t.Fatalf("Read: bad %v, err %v", bad, err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r.ControlNumber())
				if v := r.Values("245", 'a'); !slices.Equal(v, []string{"A title /"}) {
					t.Errorf("record %s: 245 $a %q", r.ControlNumber(), v)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("records %q; want %q", got, tt.want)
			}
		})
	}
}

// TestFieldLeniency checks fields whose lengths or indicators are off.
func TestFieldLeniency(t *testing.T) {
	tests := []struct {
		name  string
		rec   []byte
		field Field
	}{
		{"length without the terminator", lengthened(rawRecord('a', rawField{"245", "10\x1faTitle"}), -1),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Title")}}},
		{"length with the record terminator", lengthened(rawRecord('a', rawField{"245", "10\x1faTitle"}), 1),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Title")}}},
		{"one indicator", rawRecord('a', rawField{"245", "1\x1faTitle"}),
			Field{Tag: "245", Ind1: '1', Ind2: ' ', Subfields: []Subfield{sf('a', "Title")}}},
		{"three indicators", rawRecord('a', rawField{"245", "104\x1faTitle"}),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Title")}}},
		{"no subfields", rawRecord('a', rawField{"245", "10"}), Field{Tag: "245", Ind1: '1', Ind2: '0'}},
		{"empty subfields", rawRecord('a', rawField{"245", "10\x1f\x1faTitle\x1f"}),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Title")}}},
		{"empty value", rawRecord('a', rawField{"245", "10\x1fa\x1fbRest"}),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', ""), sf('b', "Rest")}}},
		{"letters in the tag", rawRecord('a', rawField{"FMT", "  \x1faBK"}),
			Field{Tag: "FMT", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "BK")}}},
		{"UTF-8 called MARC-8", rawRecord(' ', rawField{"245", "10\x1faTi\xe1\xba\xbfng Vi\xe1\xbb\x87t"}),
			Field{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Tiếng Việt")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := readOne(t, tt.rec)
			if !fieldsEqual(r.Fields[0], tt.field) {
				t.Errorf("field %+v; want %+v", r.Fields[0], tt.field)
			}
		})
	}
}

// TestOnlyEmptySubfields is the fuzzer's first find (testdata/fuzz/FuzzRead): a
// field of empty subfields read as an empty, not nil, list came back nil after
// Encode.
func TestOnlyEmptySubfields(t *testing.T) {
	r := readOne(t, rawRecord('a', rawField{"010", "00\x1f\x1f"}))
	if f := r.Fields[0]; f.Subfields != nil || f.Ind1 != '0' || f.Ind2 != '0' {
		t.Errorf("field %#v; want indicators 00 and nil subfields", f)
	}
}

// lengthened changes the length of the first directory entry by d.
func lengthened(rec []byte, d int) []byte {
	n := atoi(rec[27:31])
	return patch(rec, 27, pad(n+d, 4))
}

// TestFileLimits checks the whole-file limits.
func TestFileLimits(t *testing.T) {
	rec := rawRecord('a', rawField{"001", "1"})
	_, _, err := Read(bytes.Repeat(rec, MaxRecords+1))
	if err == nil || keyOf(t, err) != "marc.too_many_records" {
		t.Errorf("%d records: %v; want marc.too_many_records", MaxRecords+1, err)
	}
	recs, _, err := Read(bytes.Repeat(rec, MaxRecords))
	if err != nil || len(recs) != MaxRecords {
		t.Errorf("%d records: %d read, %v", MaxRecords, len(recs), err)
	}
	big := make([]byte, MaxFileSize+1)
	copy(big, rec)
	if _, _, err := Read(big); err == nil || keyOf(t, err) != "marc.too_big" {
		t.Errorf("%d bytes: %v; want marc.too_big", len(big), err)
	}
}

// TestHostileBytes feeds random and crafted bytes: Read never panics, every
// refusal has a key, and what it allocates stays in proportion to the input,
// whatever lengths the input claims.
func TestHostileBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	inputs := [][]byte{
		[]byte("99999nam a2299999   4500"),
		[]byte("99999nam a2200025   4500\x1e\x1d"),
		[]byte("00100nam a2200037   4500245999999999\x1e\x1d"),
		slices.Concat([]byte("99999nam a2299990   4500"), bytes.Repeat([]byte("245999900000"), 8000), []byte{0x1d}),
		bytes.Repeat([]byte{0x1d}, 1000),
		bytes.Repeat([]byte("00000"), 1000),
	}
	for range 300 {
		b := make([]byte, rng.IntN(300))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		copy(b, "0")
		inputs = append(inputs, b)
		// Random damage to a real record.
		rec := slices.Clone(fixture(t, "marc8.dat"))
		for range 1 + rng.IntN(4) {
			rec[rng.IntN(len(rec))] = byte(rng.IntN(256))
		}
		inputs = append(inputs, rec)
	}
	for _, in := range inputs {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		recs, bad, err := Read(in)
		runtime.ReadMemStats(&after)
		if grown := after.TotalAlloc - before.TotalAlloc; grown > uint64(64<<10+20*len(in)) {
			t.Errorf("%d bytes of input allocated %d bytes", len(in), grown)
		}
		if err != nil {
			if k := keyOf(t, err); reasons[k] == "" {
				t.Errorf("unknown key %s", k)
			}
			continue
		}
		for _, e := range bad {
			if reasons[e.Key] == "" || e.Record < 1 {
				t.Errorf("bad %+v", e)
			}
		}
		checkStrings(t, recs)
	}
}
