package marc

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzRead checks that Read never panics, that every refusal is an *Error with a
// key of Reasons, that every string it returns is NFC UTF-8, and that every
// record it accepts is encoded and read back the same (but for what Encode sets
// in the leader), unless it is too long for ISO 2709.
func FuzzRead(f *testing.F) {
	for _, name := range fixtureFiles {
		f.Add(fixture(f, name))
	}
	f.Add(rawRecord(' ', rawField{"245", "10\x1faTi\xe3\xe2eng Vi\xf2\xe3et l\xe2\xbcp 3\x1fbCO\x1bb2\x1bs \x1b(NKniga"}))
	f.Add(rawRecord('a', rawField{"001", "1"}, rawField{"245", "1\x1f\x1fa\xff"})[:40])
	f.Add([]byte(`<record><leader>00000nam a2200000   4500</leader><controlfield tag="001">1</controlfield>` +
		`<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Tie&#x302;&#x301;ng</subfield></datafield></record>`))
	f.Add([]byte(`<?xml version="1.0"?>` + "\n" + `<m:collection xmlns:m="http://www.loc.gov/MARC21/slim"><m:record>` +
		`<m:leader>00000cam a2200000 a 4500</m:leader><m:controlfield tag="008">240101s2024    vm            000 0 vie d</m:controlfield>` +
		`<m:datafield tag="020" ind1=" " ind2=" "><m:subfield code="a">978-3-16-148410-0</m:subfield></m:datafield>` +
		`<m:datafield tag="650" ind1=" " ind2="0"><m:subfield code="a">A</m:subfield><m:subfield code="x">B.</m:subfield></m:datafield>` +
		`</m:record><m:record><m:controlfield tag="FMT">BK</m:controlfield></m:record></m:collection>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><collection xmlns="http://www.loc.gov/MARC21/slim"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, bad, err := Read(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || reasons[e.Key] == "" || e.Record != 0 || recs != nil || bad != nil {
				t.Fatalf("Read = %d records, %d bad, err %#v", len(recs), len(bad), err)
			}
			return
		}
		for _, e := range bad {
			if reasons[e.Key] == "" || e.Record < 1 || e.Offset < 0 || e.Offset >= int64(len(data)) {
				t.Fatalf("bad %#v", e)
			}
		}
		checkStrings(t, recs)
		for i := range recs {
			checkBib(t, recs[i].Bib())
			var out bytes.Buffer
			if err := Encode(&out, recs[i:i+1]); err != nil {
				var e *Error
				if errors.As(err, &e) && (e.Key == "marc.encode.too_long" || e.Key == "marc.encode.field_too_long") {
					continue
				}
				t.Fatalf("Encode %+v: %v", recs[i], err)
			}
			again, bad, err := Read(out.Bytes())
			if err != nil || len(bad) != 0 || len(again) != 1 || !sameRecord(again[0], recs[i]) {
				t.Fatalf("round trip: %v, bad %v\n got %+v\nwant %+v\n%q", err, bad, again, recs[i], out.Bytes())
			}
		}
	})
}

func checkBib(t *testing.T, b Bib) {
	t.Helper()
	all := append([]string{b.ControlNumber, b.Title, b.Responsibility, b.Edition, b.Place, b.Publisher, b.Year,
		b.Extent, b.ISSN, b.Language, b.Summary, b.Series}, b.Authors...)
	all = append(append(append(append(all, b.ISBNs...), b.Subjects...), b.Notes...), b.URLs...)
	for _, s := range all {
		if !utf8.ValidString(s) {
			t.Fatalf("Bib string %q is not UTF-8", s)
		}
	}
}

// FuzzMARC8 checks that any bytes decode as MARC-8 to NFC UTF-8 without a panic,
// or name the set they need, and that ASCII text stays itself.
func FuzzMARC8(f *testing.F) {
	for _, s := range []string{"communaut\xe2e", "CO\x1bb2\x1bs", "\x1b(!E!b\x1b(Be!", "\x1b$1!0!", "\x1b)4\xc1",
		"Ti\xe3\xe2eng Vi\xf2\xe3et l\xe2\xbcp 3", "\x88The \x89book\x8d\x8e", "\xe2\xe3\xe4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d marc8Decoder
		d.reset()
		got, set := d.decode(s)
		if set != "" {
			if got != "" {
				t.Fatalf("decode(%q) = %q and set %q", s, got, set)
			}
			return
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("decode(%q) = %q: not NFC UTF-8", s, got)
		}
		if isASCIIText(s) && got != s {
			t.Fatalf("decode(%q) = %q: ASCII changed", s, got)
		}
	})
}
