package assessment_test

import (
	"context"
	"slices"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// Questions are searchable with the bank's own visibility: a colleague finds a
// school question once approved and only its approved text, another school never,
// and nobody finds an item by its answer key.
func TestQuestionSearch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	ix := search.NewPostgres(w.db, search.Options{})
	w.svc.WithSearch(ix)
	t1, t2, colleague, s1 := w.as("teacher1"), w.as("teacher2"), w.as("reviewer1"), w.as("student1")
	private := w.item(t1, choice("Phương trình bậc hai riêng", 0, "x = 1", "x = 2"))
	n := choice("Phương trình bậc hai của trường", 0, "nghiệm kép", "vô nghiệm")
	n.Scope = "school"
	shared := w.item(t1, n)
	short := assessment.NewItem{Type: assessment.ShortText, Stem: "Thủ đô của Việt Nam là gì?", Subject: "dia-ly", Grade: 10,
		Level: "recognition", Scope: "public", Content: assessment.Content{Accepted: []string{"Hà Nội"}}}
	capital := w.item(t1, short)

	find := func(a *identity.Actor, q string) []int64 {
		t.Helper()
		res, err := ix.Search(ctx, a, search.Query{Text: q, Type: search.TypeQuestion})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		return ids
	}
	check := func(who string, a *identity.Actor, q string, want ...int64) {
		t.Helper()
		if got := find(a, q); !slices.Equal(got, want) {
			t.Errorf("%s %q: %v, want %v", who, q, got, want)
		}
	}
	// approve sends an item for review (its author) and approves it (a colleague on
	// the panel): only a question in review can be approved.
	approve := func(id int64) {
		t.Helper()
		if err := w.svc.SetReviewStatus(ctx, t1, id, assessment.StatusInReview); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SetReviewStatus(ctx, colleague, id, assessment.StatusApproved); err != nil {
			t.Fatal(err)
		}
	}
	check("author", t1, "phuong trinh bac hai", private.ID, shared.ID)
	check("colleague before approval", colleague, "phuong trinh bac hai")
	check("author, by a choice", t1, "nghiem kep", shared.ID)
	approve(shared.ID)
	check("colleague after approval", colleague, "phuong trinh bac hai", shared.ID)
	check("student of the school", s1, "phuong trinh", shared.ID)
	check("another school", t2, "phuong trinh bac hai")
	// The answer key is not searchable, even for the public question.
	approve(capital.ID)
	check("another school, public question", t2, "thu do viet nam", capital.ID)
	check("another school, by its answer", t2, "ha noi")
	check("author, by the answer", t1, "ha noi")

	// A new draft version is not searched until approved (one document per item,
	// with the text others see); then its text replaces the old.
	rev := choice("Hệ thức Vi-ét", 0, "a", "b")
	rev.Scope = "school"
	if _, err := w.svc.ReviseItem(ctx, t1, shared.ID, rev); err != nil {
		t.Fatal(err)
	}
	check("colleague, new draft", colleague, "vi et")
	check("colleague, approved text", colleague, "phuong trinh bac hai", shared.ID)
	approve(shared.ID)
	check("colleague, revision approved", colleague, "vi et", shared.ID)
	check("colleague, old text", colleague, "nghiem kep")

	// hoclieu search reindex rebuilds the same documents.
	if _, err := ix.Reindex(ctx, w.svc); err != nil {
		t.Fatal(err)
	}
	check("author after reindex", t1, "phuong trinh bac hai", private.ID)
	check("colleague after reindex", colleague, "vi et", shared.ID)
}
