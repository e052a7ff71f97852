package marc

import (
	"reflect"
	"testing"
)

// TestBib checks what a catalogue shows of the fixture records.
func TestBib(t *testing.T) {
	tests := []struct {
		file   string
		record int // 0-based among the good records
		want   Bib
	}{
		{"marc.dat", 0, Bib{ControlNumber: "11778504",
			Title: "The pragmatic programmer : from journeyman to master", Responsibility: "Andrew Hunt, David Thomas",
			Authors: []string{"Hunt, Andrew", "Thomas, David"}, Place: "Reading, Mass", Publisher: "Addison-Wesley", Year: "2000",
			Extent: "xxiv, 321 p.", ISBNs: []string{"020161622X"}, Language: "eng", Subjects: []string{"Computer programming"}}},
		{"marc.dat", 1, Bib{ControlNumber: "12515882", Title: "Programming Python", Responsibility: "Mark Lutz",
			Authors: []string{"Lutz, Mark"}, Edition: "2nd ed.", Place: "Beijing ; Sebastopol, CA", Publisher: "O'Reilly", Year: "2001",
			Extent: "xxxvii, 1255 p.", ISBNs: []string{"0596000855"}, Language: "eng", Subjects: []string{"Python (Computer program language)"}}},
		{"marc.dat", 5, Bib{ControlNumber: "12565514",
			Title:          "Web programming : techniques for integrating Python, Linux, Apache, and MySQL",
			Responsibility: "George K. Thiruvathukal, John P. Shafaee, Thomas W. Christoper",
			Authors:        []string{"Thiruvathukal, George K.", "Shafaee, John P.", "Christopher, Thomas W."},
			Place:          "Upper Saddle River, NJ", Publisher: "Prentice Hall", Year: "2002", Extent: "xviii, 745 p.",
			ISBNs: []string{"0130410659"}, Language: "eng", Subjects: []string{"Internet programming", "Web sites -- Design"}}},
		{"marc.dat", 16, Bib{ControlNumber: "13284395",
			Title: "BSD Sockets programming from a multi-language perspective", Responsibility: "M. Tim Jones",
			Authors: []string{"Jones, M. Tim"}, Place: "Hingham, Mass", Publisher: "Charles River Media", Year: "2004",
			Extent: "xix, 444 p.", ISBNs: []string{"1584502681"}, Language: "eng",
			Subjects: []string{"Internet programming", "Computer networks -- Design and construction",
				"Internetworking (Telecommunication)", "Programming languages (Electronic computers)"},
			URLs: []string{"http://www.loc.gov/catdir/toc/ecip047/2003016400.html"}}},
		{"marc.dat", 18, Bib{ControlNumber: "12370044", Title: "Introduction to algorithms",
			Responsibility: "Thomas H. Cormen ... [et al.].", Authors: []string{"Cormen, Thomas H."}, Edition: "2nd ed.",
			Place: "Cambridge, Mass", Publisher: "MIT Press", Year: "2001", Extent: "xxi, 1180 p. cm.", ISBNs: []string{"0262032937"},
			Language: "eng", Subjects: []string{"Computer programming", "Computer algorithms"},
			Notes: []string{"Rev. ed. of: Introduction to algorithms / Thomas H. Cormen, Charles E. Leiserson, Ronald L. Rivest. c1990."}}},
		{"multi_isbn.dat", 0, Bib{ControlNumber: "4612195", Title: "The town scold",
			Responsibility: "by Judith Johnson Sherwin ; ill. by Margaret Lampe", Authors: []string{"Johnson, Judith Emlyn"},
			Place: "Taftsville, Vt.", Publisher: "Countryman Press", Year: "1977", Extent: "39 p.",
			ISBNs: []string{"0914378287", "0914378295", "0914378260"}, Language: "eng", Series: "Her Waste ; pt. 1"}},
		{"marc8.dat", 0, Bib{ControlNumber: "2", Title: "Escape from loneliness",
			Responsibility: "by Paul Tournier ; translated by John S. Gilmour", Authors: []string{"Tournier, Paul"},
			Place: "Philadelphia", Publisher: "Westminster Press", Year: "1962", Extent: "192 p.", Language: "eng",
			Subjects: []string{"Loneliness", "Self", "Social psychology", "Social Isolation"},
			Notes:    []string{"Translation of De la solitude à la communauté"}}},
		{"diacritic.dat", 0, Bib{ControlNumber: "17091269", Title: "Amateur media : social, cultural and legal perspectives",
			Responsibility: "edited by Dan Hunter ... [et al.].", Authors: []string{"Hunter, Dan"},
			Place: "Abingdon, Oxon ; N.Y., NY", Publisher: "Routledge", Year: "2012", Extent: "p. cm.",
			ISBNs: []string{"9780415782654", "9780203112021"}, Language: "eng",
			Subjects: []string{"Social media -- Law and legislation", "User-generated content", "Internet -- Law and legislation"}}},
		{"bad_indicator.dat", 0, Bib{ControlNumber: "426705", Title: "Aristocrats of color : the Black elite, 1880-1920",
			Responsibility: "Willard B. Gatewood", Authors: []string{"Gatewood, Willard B."},
			Place: "Bloomington", Publisher: "Indiana University Press", Year: "1990", Extent: "xii, 450 p., [16] p. of plates",
			ISBNs: []string{"0253325528"}, Language: "eng",
			Subjects: []string{"Bruce, Blanche Kelso", "Bruce, Josephine", "African Americans -- History -- 19th century",
				"African Americans -- History -- 20th century", "African Americans -- Social life and customs",
				"Upper class -- United States -- History -- 19th century", "Upper class -- United States -- History -- 20th century"}}},
		{"utf8.xml", 0, Bib{ControlNumber: "ASP925318/clmu", Title: "Zen Classics", Publisher: "Virgin Classics", Year: "2008",
			URLs: []string{"http://www.aspresolver.com/aspresolver.asp?CLMU;925318"}}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.want.ControlNumber, func(t *testing.T) {
			recs, _, err := Read(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := recs[tt.record].Bib(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Bib =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestBibRules checks the rules the fixtures do not reach.
func TestBibRules(t *testing.T) {
	r := Record{Leader: defaultLeader, Fields: []Field{
		{Tag: "008", Value: "850101s1984    vm            000 0 VIE d"},
		{Tag: "020", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "978-604-0-00000-1 (bad checksum)"), sf('a', "978-3-16-148410-0"),
			sf('a', "0-306-40615-2 (pbk.)"), sf('a', "0306406152"), sf('a', "ISBN: 0-8044-2957-x"), sf('a', "12345"), sf('z', "9780262032933")}},
		{Tag: "022", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "0317-8471 ;")}},
		{Tag: "041", Ind1: '0', Ind2: ' ', Subfields: []Subfield{sf('a', "fre")}},
		{Tag: "110", Ind1: '2', Ind2: ' ', Subfields: []Subfield{sf('a', "Bộ Giáo dục và Đào tạo.")}},
		{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []Subfield{sf('a', "Toán."), sf('n', "Tập 1,"), sf('p', "Số học /"), sf('c', "Nhiều tác giả.")}},
		{Tag: "260", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "Old place :"), sf('b', "Old,"), sf('c', "1990.")}},
		{Tag: "264", Ind1: ' ', Ind2: '4', Subfields: []Subfield{sf('c', "©2019")}},
		{Tag: "264", Ind1: ' ', Ind2: '1', Subfields: []Subfield{sf('a', "Hà Nội :"), sf('b', "Giáo dục,"), sf('c', "[ca. 20201]")}},
		{Tag: "490", Ind1: '0', Ind2: ' ', Subfields: []Subfield{sf('a', "")}},
		{Tag: "520", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "Sách giáo khoa.")}},
		{Tag: "653", Ind1: ' ', Ind2: ' ', Subfields: []Subfield{sf('a', "toán"), sf('a', "số học"), sf('a', "toán")}},
		{Tag: "651", Ind1: ' ', Ind2: '0', Subfields: []Subfield{sf('a', "Việt Nam"), sf('z', "Hà Nội"), sf('v', "Maps.")}},
		{Tag: "710", Ind1: '2', Ind2: ' ', Subfields: []Subfield{sf('a', "Bộ Giáo dục và Đào tạo")}},
		{Tag: "830", Ind1: ' ', Ind2: '0', Subfields: []Subfield{sf('a', "Sách giáo khoa ;")}},
	}}
	want := Bib{Title: "Toán. Tập 1. Số học", Responsibility: "Nhiều tác giả", Authors: []string{"Bộ Giáo dục và Đào tạo"},
		Place: "Hà Nội", Publisher: "Giáo dục", Year: "1984", ISBNs: []string{"9783161484100", "0306406152", "080442957X"}, ISSN: "0317-8471",
		Language: "vie", Subjects: []string{"toán", "số học", "Việt Nam -- Hà Nội"}, Summary: "Sách giáo khoa", Series: "Sách giáo khoa"}
	if got := r.Bib(); !reflect.DeepEqual(got, want) {
		t.Errorf("Bib =\n%+v\nwant\n%+v", got, want)
	}
}

func TestTrimISBD(t *testing.T) {
	for in, want := range map[string]string{
		"Title /": "Title", "Title :": "Title", "Title ;": "Title", "Title =": "Title", "Title,": "Title",
		"Title.": "Title", "2nd ed.": "2nd ed.", "Gatewood, Willard B.": "Gatewood, Willard B.", "Mark.": "Mark",
		"[et al.].": "[et al.].", "  spaced  ": "spaced", "Việt.": "Việt", "a/": "a/", "": "", ".": ".",
		"Title :.": "Title :.", "Title. /": "Title",
	} {
		if got := trimISBD(in); got != want {
			t.Errorf("trimISBD(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestFirstYear(t *testing.T) {
	for in, want := range map[string]string{"c2001.": "2001", "03 Nov 2008": "2008", "[ca. 20201]": "", "1990-1995": "1990", "n.d.": ""} {
		if got := firstYear(in); got != want {
			t.Errorf("firstYear(%q) = %q; want %q", in, got, want)
		}
	}
}
