package marc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fixtureDir finds shared/fixtures/marc, pymarc's test files (LICENSE-pymarc).
// CI clones the repository beside shared/ (so it is ../shared from the clone); a
// git worktree sits deeper, so the nearest directory up from here that holds it
// wins. Missing fixtures fail: CI has them.
func fixtureDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "fixtures", "marc")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no shared/fixtures/marc in any directory above the package; CI has it beside the clone")
		}
		dir = parent
	}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureFiles are the MARC files among the fixtures.
var fixtureFiles = []string{"marc.dat", "utf8.xml", "marc8.dat", "diacritic.dat", "bad_records.mrc",
	"multi_isbn.dat", "bad_indicator.dat", "utf8_with_leader_flag.dat"}

// encodedLeader blanks the leader positions Encode sets: length, character coding,
// indicator and subfield code counts, base address, entry map.
func encodedLeader(l string) string {
	b := []byte(l)
	for _, i := range []int{0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23} {
		if i < len(b) {
			b[i] = '_'
		}
	}
	return string(b)
}

// sameRecord says whether a and b hold the same data, but for what Encode sets in
// the leader.
func sameRecord(a, b Record) bool {
	a.Leader, b.Leader = encodedLeader(a.Leader), encodedLeader(b.Leader)
	return reflect.DeepEqual(a, b)
}

// rawField is a field as ISO 2709 holds it: tag and data, without its terminator.
type rawField struct{ tag, data string }

// rawRecord builds an ISO 2709 record byte by byte, with leader/09 coding, so
// tests can write MARC-8 and broken data that Encode never would.
func rawRecord(coding byte, fields ...rawField) []byte {
	var dir, data bytes.Buffer
	for _, f := range fields {
		fmt.Fprintf(&dir, "%s%04d%05d", f.tag, len(f.data)+1, data.Len())
		data.WriteString(f.data)
		data.WriteByte(fieldTerminator)
	}
	dir.WriteByte(fieldTerminator)
	base := leaderLen + dir.Len()
	total := base + data.Len() + 1
	lead := fmt.Sprintf("%05dnam %c22%05d a 4500", total, coding, base)
	return append(append(append([]byte(lead), dir.Bytes()...), data.Bytes()...), recordTerminator)
}

// readOne reads data that must hold exactly one good record.
func readOne(t *testing.T, data []byte) Record {
	t.Helper()
	recs, bad, err := Read(data)
	if err != nil || len(bad) != 0 || len(recs) != 1 {
		t.Fatalf("Read = %d records, bad %v, err %v; want one record", len(recs), bad, err)
	}
	return recs[0]
}

// keyOf returns the key of err, which must be an *Error.
func keyOf(t *testing.T, err error) string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *Error", err, err)
	}
	return e.Key
}

func keys(bad []*Error) []string {
	var out []string
	for _, e := range bad {
		out = append(out, e.Key)
	}
	return out
}

func sf(code byte, v string) Subfield { return Subfield{Code: code, Value: v} }

// checkStrings fails when a string of recs is not valid UTF-8 in NFC, or the
// leader or a tag is not ASCII of its length.
func checkStrings(t testing.TB, recs []Record) {
	t.Helper()
	for _, r := range recs {
		if !validLeaderText(r.Leader) {
			t.Errorf("leader %q", r.Leader)
		}
		for _, f := range r.Fields {
			if !validTag(f.Tag) {
				t.Errorf("tag %q", f.Tag)
			}
			vals := []string{f.Value}
			for _, s := range f.Subfields {
				vals = append(vals, s.Value)
			}
			for _, v := range vals {
				if !utf8.ValidString(v) || !norm.NFC.IsNormalString(v) {
					t.Errorf("field %s: value %q is not NFC UTF-8", f.Tag, v)
				}
			}
		}
	}
}
