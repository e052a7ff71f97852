package qti

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestWriteRoundTrip(t *testing.T) {
	items := []Item{
		{Identifier: "item-1", Title: "Thủ đô", Kind: SingleChoice, Prompt: "Thủ đô của Việt Nam là <b>gì</b> & ở đâu?\n\nChọn một.",
			Choices: []Choice{{"A", "Hà Nội", true}, {"B", "Huế \"cũ\"", false}}},
		{Identifier: "item-2", Title: "Số nguyên tố", Kind: MultipleChoice, Prompt: "Số nào là số nguyên tố?",
			Choices: []Choice{{"A", "2", true}, {"B", "4", false}, {"C", "5", true}}},
		{Identifier: "item-3", Title: "Điền từ", Kind: TextEntry, Prompt: "Thủ đô của Pháp là ____ .",
			Accepted: []string{"Paris", "Pa-ri"}, CaseSensitive: false},
		{Identifier: "item-4", Title: "Bài luận", Kind: ExtendedText, Prompt: "Viết về mùa thu Hà Nội.\nKhoảng 200 chữ.",
			Rubric: "Có mở bài.\n\nCó kết bài."},
		{Identifier: "item-5", Title: "Sắp xếp", Kind: Order, Prompt: "Xếp theo thứ tự tăng dần.",
			Choices: []Choice{{"c1", "1", false}, {"c2", "2", false}, {"c3", "3", false}}},
		{Identifier: "item-6", Title: "Nối", Kind: Match, Prompt: "Nối tác giả với tác phẩm.",
			Pairs: []Pair{{"Nguyễn Du", "Truyện Kiều"}, {"Tô Hoài", "Dế Mèn phiêu lưu ký"}}},
	}
	for _, want := range items {
		t.Run(string(want.Kind), func(t *testing.T) {
			doc, err := Write(&want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(doc)
			if err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("got  %#v\nwant %#v\n%s", *got, want, doc)
			}
		})
	}
}

// TestWriteSpecExamplesBack checks parse(write(parse(x))) == parse(x) on the spec examples.
func TestWriteSpecExamplesBack(t *testing.T) {
	for _, f := range []string{"choice.xml", "choice_multiple.xml", "text_entry.xml", "extended_text.xml", "order.xml", "match.xml", "choice_v3.xml"} {
		t.Run(f, func(t *testing.T) {
			first, err := Parse(readTestdata(t, f))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Write(first)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(doc, []byte(`xmlns="`+NamespaceV2p1+`"`)) {
				t.Errorf("not QTI 2.1:\n%s", doc)
			}
			again, err := Parse(doc)
			if err != nil {
				t.Fatalf("%v\n%s", err, doc)
			}
			if !reflect.DeepEqual(again, first) {
				t.Errorf("got  %#v\nwant %#v", again, first)
			}
		})
	}
}

func TestWriteRefusesUnknownKind(t *testing.T) {
	if _, err := Write(&Item{Kind: "hotspot", Prompt: "x"}); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("got %v", err)
	}
	if _, err := Write(&Item{Kind: TextEntry, Prompt: "x"}); !errors.Is(err, ErrNoCorrect) {
		t.Fatalf("got %v", err)
	}
}
