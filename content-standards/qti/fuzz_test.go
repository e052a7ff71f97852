package qti

import (
	"reflect"
	"testing"
)

// FuzzParse checks that Parse never panics and that whatever it accepts is written
// back to a document that parses to the same item.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"choice.xml", "choice_multiple.xml", "text_entry.xml", "extended_text.xml",
		"order.xml", "match.xml", "choice_v3.xml", "entity_bomb.xml", "no_correct.xml"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := Parse(data)
		if err != nil {
			return
		}
		doc, err := Write(it)
		if err != nil {
			t.Fatalf("write %#v: %v", it, err)
		}
		again, err := Parse(doc)
		if err != nil {
			t.Fatalf("reparse: %v\n%s", err, doc)
		}
		if !reflect.DeepEqual(again, it) {
			t.Fatalf("round trip\n got %#v\nwant %#v\n%s", again, it, doc)
		}
	})
}
