package marc

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestMARC8 checks the decoder against the Library of Congress tables and
// pymarc's cases (test_marc8.py).
func TestMARC8(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII", "Plain text 123", "Plain text 123"},
		{"diacritic before its letter", "communaut\xe2e", "communauté"},
		{"two diacritics", "\xe3\xe2e", "ế"},
		{"cedilla and hacek", "Fran\xf0cois \xe9Cech", "François Čech"},
		{"special letters", "\xa1\xb1 \xa2\xb2 \xa3\xb3 \xa4\xb4 \xa5\xb5 \xa6\xb6 \xb8 \xba \xc7", "Łł Øø Đđ Þþ Ææ Œœ ı ð ß"},
		{"primes and signs", "\xa7 \xb7 \xa8 \xa9 \xaa \xab \xb9 \xc0 \xc1 \xc2 \xc3 \xc4 \xc5 \xc6", "ʹ ʺ · ♭ ® ± £ ° ℓ ℗ © ♯ ¿ ¡"},
		{"eszett and euro (2004)", "ESZETT SYMBOL: \xc7 is U+00DF, EURO SIGN: \xc8", "ESZETT SYMBOL: ß is U+00DF, EURO SIGN: €"},
		{"alif (2005) and ayn", "ALIF: \xae AYN: \xb0", "ALIF: \u02bc AYN: \u02bb"},
		{"horn letters", "\xac\xad\xbc\xbd", "ƠƯơư"},
		{"ring and umlaut", "\xeaAngstr\xe8om", "Ångström"},
		{"macron, breve, dot above", "\xe5a\xe6g\xe7z", "āğż"},
		{"no precomposed form", "\xf2q", "q\u0323"},
		{"subscript", "CO\x1bb2\x1bs is a gas", "CO₂ is a gas"},
		{"subscript at the end", "CO\x1bb2\x1bs", "CO₂"},
		{"superscript", "E = mc\x1bp2\x1bs", "E = mc²"},
		{"Greek symbols", "\x1bga\x1bs-\x1bgb\x1bs-\x1bgc", "α-β-γ"},
		{"shift not returned", "x\x1bp2nd", "x²nd"},
		{"ASCII designated as G0", "\x1b(Babc", "abc"},
		{"ANSEL designated as G0", "\x1b(!E!b\x1b(Be!", "Łé!"},
		{"ASCII designated as G1", "\x1b)B\xc1\xc2", "AB"},
		{"stray escape (pymarc bad_marc8_escape)", "La Soci\xe2et\x1b,", "La Sociét,"},
		{"escape at the end", "abc\x1b", "abc"},
		{"diacritic with nothing after it", "abc\xe2", "abc"},
		{"non-sort markers", "\x88The \x89book", "The book"},
		{"joiners", "a\x8db\x8ec", "a\u200db\u200cc"},
		{"controls", "a\x01b\x7fc", "abc"},
		{"undefined", "a\xafb\xbbc\xff", "a\ufffdb\ufffdc\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d marc8Decoder
			d.reset()
			got, set := d.decode(tt.in)
			if set != "" || got != tt.want {
				t.Errorf("decode(%q) = %q, %q; want %q", tt.in, got, set, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("%q is not NFC", got)
			}
		})
	}
}

func TestMARC8Unsupported(t *testing.T) {
	tests := []struct{ in, set string }{
		{"\x1b(NKniga", "Basic Cyrillic"},
		{"\x1b(QKniga", "Extended Cyrillic"},
		{"\x1b(2abc", "Basic Hebrew"},
		{"\x1b(3abc", "Basic Arabic"},
		{"\x1b)4\xc1", "Extended Arabic"},
		{"\x1b(Sabc", "Basic Greek"},
		{"\x1b$1!0!", "East Asian (EACC)"},
		{"\x1b$)1\xa1\xb0\xa1", "East Asian (EACC)"},
		{"\x1b(Zabc", "unknown"},
	}
	for _, tt := range tests {
		var d marc8Decoder
		d.reset()
		if _, set := d.decode(tt.in); set != tt.set {
			t.Errorf("decode(%q): set %q; want %q", tt.in, set, tt.set)
		}
	}
	// A designation with no character read from it harms nothing.
	var d marc8Decoder
	d.reset()
	if got, set := d.decode("a\x1b(N\x1b(Bb"); got != "ab" || set != "" {
		t.Errorf("unused designation: %q, %q", got, set)
	}
	r := rawRecord(' ', rawField{"245", "10\x1faTitle\x1fb\x1b(Nabc"})
	_, bad, _ := Read(r)
	if len(bad) != 1 || bad[0].Key != "marc.charset.unsupported" || !slices.Equal(bad[0].Args, []any{"245", "Basic Cyrillic"}) {
		t.Errorf("bad = %+v", bad)
	}
}

// TestMARC8Sets checks that a designation lasts to the end of its field, across
// subfields, and no further.
func TestMARC8Sets(t *testing.T) {
	r := readOne(t, rawRecord(' ', rawField{"245", "10\x1faH\x1bb2\x1fb4\x1bsO"}, rawField{"500", "  \x1fa2"}))
	if got := r.Values("245", 'b'); !slices.Equal(got, []string{"₄O"}) {
		t.Errorf("245 $b = %q", got)
	}
	if got := r.Values("500", 'a'); !slices.Equal(got, []string{"2"}) {
		t.Errorf("500 $a = %q", got)
	}
}

// TestVietnamese reads Vietnamese in MARC-8 (ANSEL diacritics before the letter,
// horn letters), in decomposed UTF-8 and in MARCXML: all come out the same NFC.
func TestVietnamese(t *testing.T) {
	marc8 := rawRecord(' ',
		rawField{"001", "VN001"},
		rawField{"008", "240101s2024    vm            000 0 vie d"},
		// Ti ế(E3 E2 e) ng Vi ệ(F2 E3 e) t l ớ(E2 ơ) p 3 :
		rawField{"245", "10\x1faTi\xe3\xe2eng Vi\xf2\xe3et l\xe2\xbcp 3 :\x1fbs\xe2ach gi\xe2ao khoa /\x1fcNguy\xe3\xe4en V\xe6an \xa3\xe2\xbdc."},
		// H à(E1 a) N ộ(F2 E3 o) i ; Nhà xuất bản Giáo dục Việt Nam
		rawField{"264", " 1\x1faH\xe1a N\xf2\xe3oi :\x1fbNh\xe1a xu\xe3\xe2at b\xe0an Gi\xe2ao d\xf2uc Vi\xf2\xe3et Nam,\x1fc2024."},
		rawField{"650", " 7\x1faTi\xe3\xe2eng Vi\xf2\xe3et\x1fvS\xe2ach gi\xe2ao khoa"},
	)
	want := map[string]string{
		"245a": "Tiếng Việt lớp 3 :", "245b": "sách giáo khoa /", "245c": "Nguyễn Văn Đức.",
		"264a": "Hà Nội :", "264b": "Nhà xuất bản Giáo dục Việt Nam,",
	}
	r := readOne(t, marc8)
	for key, w := range want {
		if got := r.Values(key[:3], key[3]); !slices.Equal(got, []string{w}) {
			t.Errorf("MARC-8 %s = %q; want %q", key, got, w)
		}
	}
	b := r.Bib()
	if b.Title != "Tiếng Việt lớp 3 : sách giáo khoa" || b.Responsibility != "Nguyễn Văn Đức" ||
		b.Place != "Hà Nội" || b.Publisher != "Nhà xuất bản Giáo dục Việt Nam" || b.Year != "2024" || b.Language != "vie" {
		t.Errorf("Bib = %+v", b)
	}

	nfd := func(s string) string { return norm.NFD.String(s) }
	utf8 := readOne(t, rawRecord('a',
		rawField{"245", "10\x1fa" + nfd("Tiếng Việt lớp 3 :") + "\x1fb" + nfd("sách giáo khoa /") + "\x1fc" + nfd("Nguyễn Văn Đức.")},
		rawField{"264", " 1\x1fa" + nfd("Hà Nội :") + "\x1fb" + nfd("Nhà xuất bản Giáo dục Việt Nam,")}))
	for key, w := range want {
		if got := utf8.Values(key[:3], key[3]); !slices.Equal(got, []string{w}) {
			t.Errorf("UTF-8 NFD %s = %q; want %q", key, got, w)
		}
	}

	xml := `<record xmlns="http://www.loc.gov/MARC21/slim"><datafield tag="245" ind1="1" ind2="0">` +
		`<subfield code="a">` + nfd("Tiếng Việt lớp 3 :") + `</subfield></datafield></record>`
	x := readOne(t, []byte(xml))
	if got := x.Values("245", 'a'); !slices.Equal(got, []string{"Tiếng Việt lớp 3 :"}) {
		t.Errorf("MARCXML NFD 245 $a = %q", got)
	}
}
