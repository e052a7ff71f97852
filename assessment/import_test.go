package assessment_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
)

// TestImportItems: a teacher's CSV adds every question as their drafts in one go; a
// file with one bad line (or an unknown subject) adds nothing and names the line; a
// student cannot import.
func TestImportItems(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	head := "loai,mon,lop,muc_do,cau_hoi,A,B,dap_an\n"
	ids, err := w.svc.ImportItems(ctx, t1, strings.NewReader(head+"trắc nghiệm,toan,10,nhận biết,Nhập 1?,a,b,A\ntự luận,ngu-van,10,vận dụng,Nhập 2?,,,\n"))
	if err != nil || len(ids) != 2 {
		t.Fatalf("import: %v %v", ids, err)
	}
	it, err := w.svc.Item(ctx, t1, ids[0])
	if err != nil || it.Version.Stem != "Nhập 1?" || it.Version.Status != assessment.StatusDraft || it.OwnerID != t1.User.ID {
		t.Fatalf("imported item %+v %v", it, err)
	}
	count := func() int {
		var n int
		if err := w.db.QueryRow(ctx, `SELECT count(*) FROM assessment_items`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	for _, tc := range []struct {
		name, body string
		line       int
	}{
		{"bad third line", head + "trắc nghiệm,toan,10,nhận biết,Ok?,a,b,A\ntrắc nghiệm,toan,10,nhận biết,Sai?,a,b,Z\n", 3},
		{"unknown subject", head + "trắc nghiệm,toan,10,nhận biết,Ok?,a,b,A\ntự luận,thien-van,10,nhận biết,Sao?,,,\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.svc.ImportItems(ctx, t1, strings.NewReader(tc.body))
			var se *assessment.SheetError
			if !errors.As(err, &se) || se.Rows[0].Line != tc.line {
				t.Fatalf("want an error on line %d, got %v", tc.line, err)
			}
		})
	}
	if n := count(); n != before {
		t.Fatalf("a refused import wrote %d items", n-before)
	}
	if _, err := w.svc.ImportItems(ctx, w.as("student1"), strings.NewReader(head+"tự luận,toan,10,nhận biết,x,,,\n")); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("a student imports: %v", err)
	}
}
