package catalog_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// TestUnionCatalog: two schools share their records of the same book (one with its
// ISBN-13, the other with the ISBN-10) with the city: a reader finds the book once,
// and its page names both libraries; when the first library deletes its record the
// other's is found; a reindex keeps one document per book.
func TestUnionCatalog(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	lib1, lib2, student2 := w.as("librarian1"), w.as("librarian2"), w.as("student2")
	w.importFile(lib1, "lqd.mrc", vietnamese(t), "city")
	var buf bytes.Buffer
	err := marc.Encode(&buf, []marc.Record{{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{
		{Tag: "001", Value: "NTMK-77"},
		{Tag: "020", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "604-00-0000-7"}}},
		{Tag: "100", Ind1: '1', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "Nguyễn Du"}}},
		{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: "Truyện Kiều :"}, {Code: 'b', Value: "bản chú giải"}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if im := w.importFile(lib2, "ntmk.mrc", buf.Bytes(), "city"); im.Created != 1 {
		t.Fatalf("school 2's import: %+v", im)
	}
	find := func() *search.Results {
		t.Helper()
		res, err := w.index.Search(ctx, student2, search.Query{Text: "truyen kieu", Type: search.TypeRecord})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := find()
	if res.Total != 1 || res.Hits[0].Title != "Truyện Kiều" {
		t.Fatalf("the union catalog shows %d entries for one book: %+v", res.Total, res.Hits)
	}
	first := res.Hits[0].ID
	// Librarians and readers look books up by ISBN too.
	if byISBN, err := w.index.Search(ctx, student2, search.Query{Text: "9786040000002"}); err != nil || byISBN.Total != 1 || byISBN.Hits[0].ID != first {
		t.Fatalf("by ISBN: %+v %v", byISBN, err)
	}
	rec, err := w.cat.Get(ctx, student2, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Holders) != 1 || rec.Holders[0].OrgID != w.school2 {
		t.Fatalf("holders of the book: %+v", rec.Holders)
	}
	if err := w.cat.Delete(ctx, lib1, first); err != nil {
		t.Fatal(err)
	}
	if res := find(); res.Total != 1 || res.Hits[0].Title != "Truyện Kiều : bản chú giải" || res.Hits[0].ID == first {
		t.Fatalf("after school 1 deleted its record: %+v", res.Hits)
	}
	// School 1 catalogs it again, for itself only: its readers find both, school
	// 2's readers only the union entry.
	w.importFile(lib1, "lqd.mrc", vietnamese(t), "school")
	if res, _ := w.index.Search(ctx, w.as("student1"), search.Query{Text: "truyen kieu", Type: search.TypeRecord}); res.Total != 2 {
		t.Fatalf("student1 finds %d records of the book, want the school's and the union's", res.Total)
	}
	if res := find(); res.Total != 1 {
		t.Fatalf("student2 finds %d", res.Total)
	}
	counts, err := w.index.Reindex(ctx, w.cat)
	if err != nil || counts[search.TypeRecord] != 5 {
		t.Fatalf("reindex: %v %v (want 4 school records and 1 union entry)", counts, err)
	}
	if res := find(); res.Total != 1 {
		t.Fatalf("after reindex student2 finds %d", res.Total)
	}
}
