package marc

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const slimOpen = `<collection xmlns="http://www.loc.gov/MARC21/slim">`

// TestXMLHostile checks that files an XML parser could be abused with are refused
// whole, before anything is read from them.
func TestXMLHostile(t *testing.T) {
	tests := []struct{ name, doc, key string }{
		{"billion laughs", `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
			`<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
			`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
			slimOpen + `<record><controlfield tag="001">&lol3;</controlfield></record></collection>`, "marc.xml.doctype"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			`<record xmlns="http://www.loc.gov/MARC21/slim"><controlfield tag="001">&xxe;</controlfield></record>`, "marc.xml.doctype"},
		{"external DTD", `<!DOCTYPE collection SYSTEM "http://example.org/marc.dtd">` + slimOpen + `</collection>`, "marc.xml.doctype"},
		{"undeclared entity", slimOpen + `<record><controlfield tag="001">&xxe;</controlfield></record></collection>`, "marc.xml.malformed"},
		{"unclosed", slimOpen + `<record><controlfield tag="001">1</controlfield>`, "marc.xml.malformed"},
		{"mismatched", slimOpen + `<record></collection></record>`, "marc.xml.malformed"},
		{"not XML after <", `<<<>>>`, "marc.xml.malformed"},
		{"control character", slimOpen + "<record><controlfield tag=\"001\">\x1f</controlfield></record></collection>", "marc.xml.malformed"},
		{"two roots", `<record xmlns="http://www.loc.gov/MARC21/slim"><controlfield tag="001">1</controlfield></record><record/>`, "marc.xml.malformed"},
		{"deep", slimOpen + strings.Repeat("<x>", 100) + strings.Repeat("</x>", 100) + `</collection>`, "marc.xml.too_deep"},
		{"Latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?>` + slimOpen + `</collection>`, "marc.xml.encoding"},
		{"HTML", `<html><body>MARC</body></html>`, "marc.xml.root"},
		{"another namespace", `<collection xmlns="http://example.org/"><record/></collection>`, "marc.xml.root"},
		{"Dublin Core", `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"/>`, "marc.xml.root"},
		{"empty collection", slimOpen + `</collection>`, "marc.no_records"},
		{"too many records", slimOpen + strings.Repeat(`<record><controlfield tag="001">1</controlfield></record>`, MaxRecords+1) + `</collection>`, "marc.too_many_records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad, err := Read([]byte(tt.doc))
			if err == nil {
				t.Fatalf("Read = %d records, bad %v; want %s", len(recs), bad, tt.key)
			}
			if k := keyOf(t, err); k != tt.key || err.(*Error).Record != 0 {
				t.Errorf("Read: %v (%s); want %s", err, k, tt.key)
			}
		})
	}
}

// TestXMLRecords checks MARCXML's shapes: a single record, prefixes, no namespace,
// missing leaders and indicators, and what is left out.
func TestXMLRecords(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want Record
	}{
		{"single record, prefixed",
			`<?xml version="1.0" encoding="UTF-8"?><m:record xmlns:m="http://www.loc.gov/MARC21/slim">` +
				`<m:leader>00000cam a2200000 a 4500</m:leader><m:controlfield tag="001">42</m:controlfield>` +
				`<m:datafield tag="245" ind1="1" ind2="0"><m:subfield code="a">T</m:subfield><m:subfield code="c">A</m:subfield></m:datafield></m:record>`,
			Record{Leader: "00000cam a2200000 a 4500", Fields: []Field{{Tag: "001", Value: "42"},
				{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "T"), sf('c', "A")}}}}},
		{"no namespace, no leader, no indicators",
			`<collection><record><datafield tag="500"><subfield code="a">Note</subfield></datafield></record></collection>`,
			Record{Leader: defaultLeader, Fields: []Field{{Tag: "500", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "Note")}}}}},
		{"pretty-printed leader, CDATA, entities, comments",
			slimOpen + "<record>\n  <leader>\n    00000nam a2200000   4500\n  </leader>\n  <!-- a comment -->" +
				`<datafield tag="245" ind1=" " ind2=" "><subfield code="a"><![CDATA[Tom & Jerry]]> &amp; &lt;friends&gt; &#233;</subfield></datafield></record></collection>`,
			Record{Leader: "00000nam a2200000   4500", Fields: []Field{{Tag: "245", Ind1: ' ', Ind2: ' ',
				Subfields: []Subfield{sf('a', "Tom & Jerry & <friends> é")}}}}},
		{"fields their tags cannot hold, unknown elements",
			slimOpen + `<record><controlfield tag="FMT">BK</controlfield><datafield tag="001" ind1=" " ind2=" "><subfield code="a">x</subfield></datafield>` +
				`<controlfield tag="001">7</controlfield><foo>bar</foo><datafield tag="650" ind1=" " ind2="0"><subfield code="a">A</subfield><junk/>` +
				`<subfield code="x">B<b>ignored</b></subfield></datafield></record></collection>`,
			Record{Leader: defaultLeader, Fields: []Field{{Tag: "001", Value: "7"},
				{Tag: "650", Ind1: ' ', Ind2: '0', Subfields: []Subfield{sf('a', "A"), sf('x', "B")}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := readOne(t, []byte(tt.doc))
			if r.Leader != tt.want.Leader || !slices.EqualFunc(r.Fields, tt.want.Fields, fieldsEqual) {
				t.Errorf("record %+v; want %+v", r, tt.want)
			}
		})
	}
}

// TestXMLDamagedRecords checks that a bad record is refused alone, at its place.
func TestXMLDamagedRecords(t *testing.T) {
	good := `<record><controlfield tag="001">1</controlfield></record>`
	tests := []struct{ name, rec, key string }{
		{"bad tag", `<record><controlfield tag="1">1</controlfield></record>`, "marc.tag"},
		{"missing tag", `<record><datafield ind1=" " ind2=" "/></record>`, "marc.tag"},
		{"bad indicator", `<record><datafield tag="245" ind1="10" ind2=" "><subfield code="a">T</subfield></datafield></record>`, "marc.indicator"},
		{"bad second indicator", `<record><datafield tag="245" ind1="1" ind2="é"><subfield code="a">T</subfield></datafield></record>`, "marc.indicator"},
		{"bad code", `<record><datafield tag="245" ind1=" " ind2=" "><subfield code="ab">T</subfield></datafield></record>`, "marc.subfield_code"},
		{"missing code", `<record><datafield tag="245" ind1=" " ind2=" "><subfield>T</subfield></datafield></record>`, "marc.subfield_code"},
		{"bad leader", `<record><leader>short</leader><controlfield tag="001">1</controlfield></record>`, "marc.leader.text"},
		{"no fields", `<record><leader>00000nam a2200000   4500</leader></record>`, "marc.no_fields"},
		{"too many fields", `<record>` + strings.Repeat(`<controlfield tag="005">1</controlfield>`, maxXMLFields+1) + `</record>`, "marc.xml.too_many_fields"},
		{"value too long", `<record><controlfield tag="001">` + strings.Repeat("x", maxXMLValue+1) + `</controlfield></record>`, "marc.xml.value_too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := slimOpen + good + "\n" + tt.rec + good + `</collection>`
			recs, bad, err := Read([]byte(doc))
			if err != nil || len(recs) != 2 || len(bad) != 1 || bad[0].Key != tt.key {
				t.Fatalf("Read = %d records, bad %v, err %v; want 2 and %s", len(recs), bad, err, tt.key)
			}
			if at := int64(len(slimOpen + good + "\n")); bad[0].Record != 2 || bad[0].Offset != at {
				t.Errorf("bad record %d at %d; want 2 at %d", bad[0].Record, bad[0].Offset, at)
			}
		})
	}
}

// TestXMLMatchesISO2709 reads the same records in both formats: Encode's output of
// marc.dat, rewritten as MARCXML.
func TestXMLMatchesISO2709(t *testing.T) {
	recs, _, err := Read(fixture(t, "marc.dat"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">`)
	for _, r := range recs {
		fmt.Fprintf(&b, "\n<marc:record><marc:leader>%s</marc:leader>", r.Leader)
		for _, f := range r.Fields {
			if isControlTag(f.Tag) {
				fmt.Fprintf(&b, `<marc:controlfield tag="%s">%s</marc:controlfield>`, f.Tag, escapeXML(f.Value))
				continue
			}
			fmt.Fprintf(&b, `<marc:datafield tag="%s" ind1="%c" ind2="%c">`, f.Tag, f.Ind1, f.Ind2)
			for _, s := range f.Subfields {
				fmt.Fprintf(&b, `<marc:subfield code="%c">%s</marc:subfield>`, s.Code, escapeXML(s.Value))
			}
			b.WriteString("</marc:datafield>")
		}
		b.WriteString("</marc:record>")
	}
	b.WriteString("</marc:collection>\n")
	again, bad, err := Read([]byte(b.String()))
	if err != nil || len(bad) != 0 || len(again) != len(recs) {
		t.Fatalf("Read = %d records, bad %v, err %v", len(again), bad, err)
	}
	for i := range recs {
		if !sameRecord(recs[i], again[i]) {
			t.Errorf("record %d: %+v; want %+v", i+1, again[i], recs[i])
		}
	}
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
