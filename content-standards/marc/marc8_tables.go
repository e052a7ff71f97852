package marc

// ansel is the Library of Congress MARC-8 to Unicode mapping of Extended Latin
// (ANSEL), by 7-bit code (G1 bytes A1-FE less 80). Codes 60 and up are combining
// marks, which MARC-8 writes before the letter they go on.
var ansel = [128]rune{
	0x21: 'Ł', 0x22: 'Ø', 0x23: 'Đ', 0x24: 'Þ', 0x25: 'Æ', 0x26: 'Œ', 0x27: 'ʹ', 0x28: '·',
	0x29: '♭', 0x2A: '®', 0x2B: '±', 0x2C: 'Ơ', 0x2D: 'Ư', 0x2E: 'ʼ', 0x30: 'ʻ', 0x31: 'ł',
	0x32: 'ø', 0x33: 'đ', 0x34: 'þ', 0x35: 'æ', 0x36: 'œ', 0x37: 'ʺ', 0x38: 'ı', 0x39: '£',
	0x3A: 'ð', 0x3C: 'ơ', 0x3D: 'ư', 0x40: '°', 0x41: 'ℓ', 0x42: '℗', 0x43: '©', 0x44: '♯',
	0x45: '¿', 0x46: '¡', 0x47: 'ß', 0x48: '€',

	0x60: '\u0309', // hook above (pseudo question mark)
	0x61: '\u0300', // grave
	0x62: '\u0301', // acute
	0x63: '\u0302', // circumflex
	0x64: '\u0303', // tilde
	0x65: '\u0304', // macron
	0x66: '\u0306', // breve
	0x67: '\u0307', // dot above (superior dot)
	0x68: '\u0308', // diaeresis (umlaut)
	0x69: '\u030C', // caron (hacek)
	0x6A: '\u030A', // ring above (circle above, angstrom)
	0x6B: '\uFE20', // ligature, left half
	0x6C: '\uFE21', // ligature, right half
	0x6D: '\u0315', // comma above right (high comma, off center)
	0x6E: '\u030B', // double acute
	0x6F: '\u0310', // candrabindu
	0x70: '\u0327', // cedilla
	0x71: '\u0328', // ogonek (right hook)
	0x72: '\u0323', // dot below
	0x73: '\u0324', // diaeresis below (double dot below)
	0x74: '\u0325', // ring below (circle below)
	0x75: '\u0333', // double low line (double underscore)
	0x76: '\u0332', // low line (underscore)
	0x77: '\u0326', // comma below (left hook)
	0x78: '\u031C', // left half ring below (right cedilla)
	0x79: '\u032E', // breve below (half circle below, upadhmaniya)
	0x7A: '\uFE22', // double tilde, left half
	0x7B: '\uFE23', // double tilde, right half
	0x7E: '\u0313', // comma above (high comma, centered)
}

// technique1 holds the sets shifted to with ESC b, ESC p and ESC g.
var technique1 = map[charset]*[128]rune{
	setSubscript: {
		0x28: '₍', 0x29: '₎', 0x2B: '₊', 0x2D: '₋',
		0x30: '₀', 0x31: '₁', 0x32: '₂', 0x33: '₃', 0x34: '₄', 0x35: '₅', 0x36: '₆', 0x37: '₇', 0x38: '₈', 0x39: '₉',
	},
	setSuperscript: {
		0x28: '⁽', 0x29: '⁾', 0x2B: '⁺', 0x2D: '⁻',
		0x30: '⁰', 0x31: '¹', 0x32: '²', 0x33: '³', 0x34: '⁴', 0x35: '⁵', 0x36: '⁶', 0x37: '⁷', 0x38: '⁸', 0x39: '⁹',
	},
	setGreekSymbols: {0x61: 'α', 0x62: 'β', 0x63: 'γ'},
}
