package marc

import (
	"slices"
	"strings"
	"testing"
)

// TestFixtures checks facts read off the bytes of pymarc's test files (with xxd)
// and the values pymarc's own tests expect of them.
func TestFixtures(t *testing.T) {
	type badRecord struct {
		record int
		offset int64
		key    string
	}
	tests := []struct {
		file    string
		numbers []string // control numbers of the good records, in order
		fields  []int    // how many fields each has
		bad     []badRecord
		check   func(t *testing.T, recs []Record)
	}{
		{file: "marc.dat",
			numbers: []string{"11778504", "12515882", "13610512", "13069942", "13127962", "12565514", "11877373",
				"13432377", "12227277", "12169168", "12132188", "13378325", "12565529", "12752564", "12167239",
				"205256", "13284395", "1598167", "12370044", "3035409"},
			fields: []int{22, 18, 19, 22, 17, 22, 21, 19, 21, 19, 20, 17, 18, 21, 17, 19, 21, 21, 22, 20},
			check: func(t *testing.T, recs []Record) {
				r := recs[0]
				if r.Leader != "01060cam  22002894a 4500" {
					t.Errorf("leader %q", r.Leader)
				}
				want := Field{Tag: "245", Ind1: '1', Ind2: '4', Subfields: []Subfield{sf('a', "The pragmatic programmer :"),
					sf('b', "from journeyman to master /"), sf('c', "Andrew Hunt, David Thomas.")}}
				if got := r.Get("245"); len(got) != 1 || !fieldsEqual(got[0], want) {
					t.Errorf("245 = %+v; want %+v", got, want)
				}
				if got := recs[1].Values("260", 'a'); !slices.Equal(got, []string{"Beijing :", "Sebastopol, CA :"}) {
					t.Errorf("260 $a = %q", got)
				}
				if got := recs[16].Values("856", 'u'); !slices.Equal(got, []string{"http://www.loc.gov/catdir/toc/ecip047/2003016400.html"}) {
					t.Errorf("856 $u = %q", got)
				}
				if got := recs[0].Get("008"); len(got) != 1 || got[0].Value != "990802s2000    mau      b    001 0 eng  " {
					t.Errorf("008 = %+v", got)
				}
			}},
		{file: "bad_records.mrc",
			numbers: []string{"", ""}, fields: []int{1, 1},
			// pymarc's permissive reader: BaseAddressInvalid, BaseAddressNotFound,
			// RecordDirectoryInvalid, UnicodeDecodeError (a 13-byte directory with
			// non-ASCII), ValueError (base address "f0037"), NoFieldsFound.
			bad: []badRecord{{2, 127, "marc.base_address"}, {3, 254, "marc.base_address"},
				{4, 381, "marc.directory"}, {5, 509, "marc.directory"}, {6, 637, "marc.leader"}, {7, 764, "marc.no_fields"}},
			check: func(t *testing.T, recs []Record) {
				for _, r := range recs {
					want := []Subfield{sf('a', "The pragmatic programmer : "), sf('b', "from journeyman to master /"),
						sf('c', "Andrew Hunt, David Thomas.")}
					if !slices.Equal(r.Fields[0].Subfields, want) {
						t.Errorf("245 = %+v", r.Fields[0])
					}
				}
			}},
		{file: "bad_indicator.dat", numbers: []string{"426705"}, fields: []int{25},
			check: func(t *testing.T, recs []Record) {
				// The first entry's tag is "0 2" and its field has no indicators:
				// kept as read, with blank indicators. The 821 blanks after the
				// record are padding.
				want := Field{Tag: "0 2", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "9780253325525 (alk. paper)")}}
				if !fieldsEqual(recs[0].Fields[0], want) {
					t.Errorf("first field %+v; want %+v", recs[0].Fields[0], want)
				}
				if got := recs[0].Values("245", 'a'); !slices.Equal(got, []string{"Aristocrats of color :"}) {
					t.Errorf("245 $a = %q", got)
				}
			}},
		{file: "marc8.dat", numbers: []string{"2"}, fields: []int{27},
			check: func(t *testing.T, recs []Record) {
				// pymarc: "De la solitude \xe0 la communaut\xe9." (E1 a, E2 e in MARC-8).
				for _, tag := range []string{"240", "730"} {
					if got := recs[0].Values(tag, 'a'); !slices.Equal(got, []string{"De la solitude \u00e0 la communaut\u00e9."}) {
						t.Errorf("%s $a = %q", tag, got)
					}
				}
			}},
		{file: "utf8_with_leader_flag.dat", numbers: []string{"2"}, fields: []int{27},
			check: func(t *testing.T, recs []Record) {
				// The same record in UTF-8, decomposed (a U+0300, e U+0301): stored NFC.
				if got := recs[0].Values("240", 'a'); !slices.Equal(got, []string{"De la solitude \u00e0 la communaut\u00e9."}) {
					t.Errorf("240 $a = %q", got)
				}
			}},
		{file: "diacritic.dat", numbers: []string{"17091269"}, fields: []int{23},
			check: func(t *testing.T, recs []Record) {
				note := recs[0].Values("505", 'a')
				if len(note) != 1 || !strings.Contains(note[0], "Eva Hemmungs Wirt\u00e9n -- ") || strings.Contains(note[0], "\u0301") {
					t.Errorf("505 $a = %q; want Wirt\\u00e9n, composed", note)
				}
			}},
		{file: "multi_isbn.dat", numbers: []string{"4612195"}, fields: []int{18},
			check: func(t *testing.T, recs []Record) {
				want := []string{"0914378287 (v. 1)", "0914378295 (lim. ed.) (v. 1)", "0914378260 (pbk.) (v. 1)"}
				if got := recs[0].Values("020", 'a'); !slices.Equal(got, want) {
					t.Errorf("020 $a = %q", got)
				}
				if got := recs[0].Values("010", 'a'); !slices.Equal(got, []string{"77017192"}) {
					t.Errorf("010 $a = %q (trimmed)", got)
				}
			}},
		{file: "utf8.xml", numbers: []string{"ASP925318/clmu"}, fields: []int{8},
			check: func(t *testing.T, recs []Record) {
				r := recs[0]
				if r.Leader != "00640njm a2200205uu 4500" {
					t.Errorf("leader %q", r.Leader)
				}
				if got := r.Values("505", 't'); !slices.Equal(got, []string{"Pr\u00e9ludes"}) {
					t.Errorf("505 $t = %q", got)
				}
				want := Field{Tag: "246", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Wilfried Hiller: Book of Stars")}}
				if got := r.Get("246"); len(got) != 1 || !fieldsEqual(got[0], want) {
					t.Errorf("246 = %+v", got)
				}
				if got := r.Get("260"); len(got) != 1 || got[0].Ind1 != ' ' || len(got[0].Subfields) != 2 {
					t.Errorf("260 = %+v", got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			recs, bad, err := Read(fixture(t, tt.file))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var numbers []string
			var fields []int
			for _, r := range recs {
				numbers = append(numbers, r.ControlNumber())
				fields = append(fields, len(r.Fields))
			}
			if !slices.Equal(numbers, tt.numbers) || !slices.Equal(fields, tt.fields) {
				t.Fatalf("records %q with %v fields; want %q with %v", numbers, fields, tt.numbers, tt.fields)
			}
			var gotBad []badRecord
			for _, e := range bad {
				gotBad = append(gotBad, badRecord{e.Record, e.Offset, e.Key})
			}
			if !slices.Equal(gotBad, tt.bad) {
				t.Errorf("bad = %v; want %v", gotBad, tt.bad)
			}
			tt.check(t, recs)
		})
	}
}

// TestMARC8AndUTF8Agree reads the same record in MARC-8 and in UTF-8: they differ
// only in the leader's length and character coding.
func TestMARC8AndUTF8Agree(t *testing.T) {
	m8 := readOne(t, fixture(t, "marc8.dat"))
	u8 := readOne(t, fixture(t, "utf8_with_leader_flag.dat"))
	if !sameRecord(m8, u8) {
		for i := range min(len(m8.Fields), len(u8.Fields)) {
			if !fieldsEqual(m8.Fields[i], u8.Fields[i]) {
				t.Errorf("field %d: MARC-8 %+v, UTF-8 %+v", i, m8.Fields[i], u8.Fields[i])
			}
		}
		t.Fatalf("MARC-8 and UTF-8 records differ")
	}
}

func TestNotMARC(t *testing.T) {
	for name, data := range map[string]string{
		"licence":  string(fixture(t, "LICENSE-pymarc")),
		"json":     `{"leader": "00000nam"}`,
		"short":    "0123",
		"letters":  "abcde",
		"binary":   "\x00\x01\x02\x03\x04\x05\x06",
		"csv":      "001,245\n1,Title\n",
		"dsv_bom":  "\xef\xbb\xbfhello",
		"negative": "-0012",
	} {
		t.Run(name, func(t *testing.T) {
			recs, bad, err := Read([]byte(data))
			if err == nil || keyOf(t, err) != "marc.not_marc" || recs != nil || bad != nil {
				t.Errorf("Read = %d, %v, %v; want marc.not_marc", len(recs), bad, err)
			}
		})
	}
	for _, data := range []string{"", "   \r\n\t", "\x00\x00", "\xef\xbb\xbf \n"} {
		if _, _, err := Read([]byte(data)); err == nil || keyOf(t, err) != "marc.empty" {
			t.Errorf("Read(%q) = %v; want marc.empty", data, err)
		}
	}
}

func fieldsEqual(a, b Field) bool {
	return a.Tag == b.Tag && a.Value == b.Value && a.Ind1 == b.Ind1 && a.Ind2 == b.Ind2 && slices.Equal(a.Subfields, b.Subfields)
}
