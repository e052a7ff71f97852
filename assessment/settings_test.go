package assessment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hoclieu/hoclieu/assessment"
)

// TestAccessCodeAndIPRanges: a new attempt needs the code (a resume does not), only
// staff see the code, and outside the allowed networks a student can neither start
// nor save.
func TestAccessCodeAndIPRanges(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	it := w.item(t1, choice("1 + 2 = ?", 1, "2", "3"))
	for _, tc := range []struct {
		name   string
		ranges []string
		key    string
	}{
		{"not an address", []string{"10.0.0.0/33"}, "test.bad_ip_range"},
		{"words", []string{"school network"}, "test.bad_ip_range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "x", ClassIDs: []int64{w.class("10A1")}, QuestionIDs: []int64{it.ID},
				TimeLimitMinutes: 10, IPRanges: tc.ranges})
			if !isValidation(err, tc.key) {
				t.Fatalf("want %s, got %v", tc.key, err)
			}
		})
	}
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Có mã", ClassIDs: []int64{w.class("10A1")}, QuestionIDs: []int64{it.ID},
		TimeLimitMinutes: 10, AccessCode: " lop10 ", IPRanges: []string{"10.1.2.9/24, 192.168.5.7"}})
	if err != nil {
		t.Fatal(err)
	}
	if test.AccessCode != "lop10" || fmt.Sprint(test.IPRanges) != "[10.1.2.0/24 192.168.5.7/32]" {
		t.Fatalf("staff view of the settings: %q %v", test.AccessCode, test.IPRanges)
	}
	seen, err := w.svc.Test(ctx, s1, test.ID)
	if err != nil || seen.AccessCode != "" || seen.IPRanges != nil || !seen.NeedsCode {
		t.Fatalf("student view: %+v %v", seen, err)
	}
	s1.IP = "10.9.9.9"
	if _, err := w.svc.Start(ctx, s1, test.ID, "lop10"); !isValidation(err, "test.ip_range") {
		t.Fatalf("start from outside the ranges: %v", err)
	}
	s1.IP = "10.1.2.77"
	if _, err := w.svc.Start(ctx, s1, test.ID, "LOP10"); !isValidation(err, "test.access_code") {
		t.Fatalf("start with a wrong code: %v", err)
	}
	var n int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM assessment_attempts WHERE test_id = $1`, test.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a refused start wrote %d attempts (%v)", n, err)
	}
	v, err := w.svc.Start(ctx, s1, test.ID, " lop10")
	if err != nil {
		t.Fatal(err)
	}
	// Resuming (the phone died) does not ask for the code again.
	s1.IP = "192.168.5.7"
	if again, err := w.svc.Start(ctx, s1, test.ID, ""); err != nil || again.ID != v.ID {
		t.Fatalf("resume: %v", err)
	}
	if _, err := w.svc.Autosave(ctx, s1, v.ID, it.ID, raw("1"), 1); err != nil {
		t.Fatalf("save from an allowed address: %v", err)
	}
	s1.IP = "8.8.8.8"
	if _, err := w.svc.Autosave(ctx, s1, v.ID, it.ID, raw("0"), 2); !isValidation(err, "test.ip_range") {
		t.Fatalf("save from outside: %v", err)
	}
}

// TestSequentialNavigation: the student moves forward only; an answer to a question
// already left is refused and the position never goes back.
func TestSequentialNavigation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	var ids []int64
	for i := range 3 {
		ids = append(ids, w.item(t1, choice(fmt.Sprintf("Câu tuần tự %d?", i), 0, "đúng", "sai")).ID)
	}
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Tuần tự", ClassIDs: []int64{w.class("10A1")}, QuestionIDs: ids,
		TimeLimitMinutes: 10, Navigation: assessment.NavigationSequential})
	if err != nil {
		t.Fatal(err)
	}
	if !test.OnePerPage || test.Navigation != "sequential" {
		t.Fatalf("sequential implies one per page: %+v", test)
	}
	v, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	first, second := v.Items[0].ID, v.Items[1].ID
	if _, err := w.svc.Autosave(ctx, s1, v.ID, first, raw("0"), 1); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.LogEvent(ctx, s1, v.ID, "", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Autosave(ctx, s1, v.ID, first, raw("1"), 2); !isValidation(err, "attempt.passed") {
		t.Fatalf("an answer to a question already left: %v", err)
	}
	if _, err := w.svc.Autosave(ctx, s1, v.ID, second, raw("1"), 3); err != nil {
		t.Fatalf("the current question: %v", err)
	}
	if err := w.svc.LogEvent(ctx, s1, v.ID, "", 0); err != nil {
		t.Fatal(err)
	}
	got, err := w.svc.Attempt(ctx, s1, v.ID)
	if err != nil || got.Position != 1 || got.Navigation != "sequential" {
		t.Fatalf("position went back: %d %v", got.Position, err)
	}
	if string(got.Items[0].Response) != "0" {
		t.Fatalf("the first answer changed: %s", got.Items[0].Response)
	}
}
