package blob

import (
	"strings"
	"unicode"
)

// ContentDisposition builds a Content-Disposition header value (RFC 6266) that
// keeps a Unicode file name such as "Bài giảng Toán lớp 10 – Hàm số.pdf" intact:
//
//	attachment; filename="Bai giang Toan lop 10 - Ham so.pdf"; filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng...
//
// filename* (RFC 5987/8187) carries the exact name for every current browser; the
// quoted filename is an ASCII fallback with Vietnamese diacritics removed for old
// clients. disposition is "attachment" (the default) or "inline". Directory parts
// and control characters are dropped from filename, so the value is safe to put in
// a header and never names a path; an empty filename gives just the disposition.
func ContentDisposition(disposition, filename string) string {
	if strings.EqualFold(strings.TrimSpace(disposition), "inline") {
		disposition = "inline"
	} else {
		disposition = "attachment"
	}
	name := cleanFilename(filename)
	if name == "" {
		return disposition
	}
	fallback := asciiFallback(name)
	v := disposition + `; filename="` + fallback + `"`
	if fallback != name {
		v += "; filename*=UTF-8''" + encodeExtValue(name)
	}
	return v
}

// cleanFilename keeps the last path element of name, without control characters
// and surrounding spaces.
func cleanFilename(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1 // also drops bidi overrides that disguise an extension
		}
		return r
	}, name)
	return strings.TrimSpace(name)
}

// asciiFallback spells name in printable ASCII for a quoted-string: Vietnamese
// (and other Latin) letters lose their marks, dashes and spaces become their ASCII
// forms, quotes and backslashes (which old clients unescape inconsistently) are
// replaced, and anything else becomes "_".
func asciiFallback(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '"':
			b.WriteByte('\'')
		case r == '\\':
			b.WriteByte('_')
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// a combining mark of a decomposed (NFD, as macOS writes) name
		case unicode.Is(unicode.Pd, r):
			b.WriteByte('-')
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			if a, ok := latinFold[r]; ok {
				b.WriteByte(a)
			} else {
				b.WriteByte('_')
			}
		}
	}
	// A name in another script would come out as underscores: say "download".
	fb := b.String()
	ext := extension(fb)
	if strings.Trim(strings.TrimSuffix(fb, ext), "_.- ") == "" {
		return "download" + ext
	}
	return fb
}

// extension returns the ".ext" of an ASCII name, if it has a plain one.
func extension(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 || i == len(name)-1 || strings.Trim(name[i+1:], "_") == "" {
		return ""
	}
	return name[i:]
}

// encodeExtValue percent-encodes name as the value-chars of an RFC 8187
// ext-value: UTF-8 bytes, with everything but attr-char escaped.
func encodeExtValue(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// isAttrChar reports an RFC 8187 attr-char.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// latinFold maps precomposed letters to their base ASCII letter: every letter of
// the Vietnamese alphabet, and the Latin-1 letters of other names teachers use.
var latinFold = func() map[rune]byte {
	groups := []struct {
		letters string
		ascii   byte
	}{
		{"àáảãạăằắẳẵặâầấẩẫậäåāą", 'a'}, {"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÄÅĀĄ", 'A'},
		{"èéẻẽẹêềếểễệëēę", 'e'}, {"ÈÉẺẼẸÊỀẾỂỄỆËĒĘ", 'E'},
		{"ìíỉĩịîïī", 'i'}, {"ÌÍỈĨỊÎÏĪ", 'I'},
		{"òóỏõọôồốổỗộơờớởỡợöøō", 'o'}, {"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÖØŌ", 'O'},
		{"ùúủũụưừứửữựûüū", 'u'}, {"ÙÚỦŨỤƯỪỨỬỮỰÛÜŪ", 'U'},
		{"ỳýỷỹỵÿ", 'y'}, {"ỲÝỶỸỴŸ", 'Y'},
		{"đ", 'd'}, {"Đ", 'D'}, {"çć", 'c'}, {"ÇĆ", 'C'}, {"ñń", 'n'}, {"ÑŃ", 'N'},
		{"śš", 's'}, {"ŚŠ", 'S'}, {"źżž", 'z'}, {"ŹŻŽ", 'Z'}, {"ł", 'l'}, {"Ł", 'L'},
	}
	m := make(map[rune]byte, 256)
	for _, g := range groups {
		for _, r := range g.letters {
			m[r] = g.ascii
		}
	}
	return m
}()
