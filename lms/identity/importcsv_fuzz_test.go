package identity

import (
	"bytes"
	"testing"
)

// FuzzParseCSV: no input may crash the CSV decoder; whatever it accepts has line
// numbers inside the file.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("person_id,full_name,school_code\nHS1,Nguyễn Văn A,S1\n"))
	f.Add([]byte("\xef\xbb\xbfperson_id;full_name;school_code\nHS1;\"Trần \"\"B\"\"\";S1\n"))
	f.Add([]byte("\xff\xfep\x00e\x00"))
	f.Add([]byte("person_id,full_name,school_code\n\"unterminated,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tbl, err := parseCSV(bytes.NewReader(data), "person_id")
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte{'\n'}) + 2
		for _, l := range tbl.line {
			if l < 2 || l > lines*2 {
				t.Fatalf("line %d outside the file", l)
			}
		}
	})
}
