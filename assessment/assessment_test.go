package assessment_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t    *testing.T
	db   *pgxpool.Pool
	ids  *identity.Service
	svc  *assessment.Service
	jobs *jobs.Queue
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(context.Background(), pw); err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(pool, jobs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, db: pool, ids: ids, svc: assessment.New(pool, q, nil), jobs: q}
}

func (w *world) as(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func (w *world) class(name string) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.QueryRow(context.Background(), `SELECT id FROM classes WHERE name = $1`, name).Scan(&id); err != nil {
		w.t.Fatal(err)
	}
	return id
}

func (w *world) item(a *identity.Actor, n assessment.NewItem) *assessment.Item {
	w.t.Helper()
	if n.Subject == "" {
		n.Subject, n.Grade, n.Level = "toan", 10, "recognition"
	}
	it, err := w.svc.CreateItem(context.Background(), a, n)
	if err != nil {
		w.t.Fatalf("create %s item: %v", n.Type, err)
	}
	return it
}

func choice(stem string, correct int, texts ...string) assessment.NewItem {
	n := assessment.NewItem{Type: assessment.SingleChoice, Stem: stem, Subject: "toan", Grade: 10, Level: "recognition"}
	for i, t := range texts {
		n.Options = append(n.Options, assessment.Option{Text: t, Correct: i == correct})
	}
	return n
}

func tfPtr(b bool) *bool { return &b }

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func isValidation(err error, key string) bool {
	v, ok := fault.AsValidation(err)
	return ok && v.Key == key
}

func TestItemValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	t1 := w.as("teacher1")
	for _, tc := range []struct {
		name string
		n    assessment.NewItem
		key  string
	}{
		{"no type", assessment.NewItem{Stem: "x", Subject: "toan", Grade: 10, Level: "recognition"}, "item.type"},
		{"no stem", assessment.NewItem{Type: "essay", Subject: "toan", Grade: 10, Level: "recognition"}, "item.stem"},
		{"bad level", assessment.NewItem{Type: "essay", Stem: "x", Subject: "toan", Grade: 10, Level: "hard"}, "item.level"},
		{"unknown subject", assessment.NewItem{Type: "essay", Stem: "x", Subject: "alchemy", Grade: 10, Level: "recognition"}, "item.subject"},
		{"two correct in single choice", assessment.NewItem{Type: "single_choice", Stem: "x", Subject: "toan", Grade: 10, Level: "recognition",
			Content: assessment.Content{Options: []assessment.Option{{Text: "a", Correct: true}, {Text: "b", Correct: true}}}}, "item.one_correct"},
		{"three statements", assessment.NewItem{Type: "true_false", Stem: "x", Subject: "toan", Grade: 10, Level: "recognition",
			Content: assessment.Content{Statements: []assessment.Statement{{Text: "a"}, {Text: "b"}, {Text: "c"}}}}, "item.tf_four"},
		{"cloze gaps do not match", assessment.NewItem{Type: "cloze", Stem: "H[[1]]O và [[2]]", Subject: "hoa-hoc", Grade: 10, Level: "recognition",
			Content: assessment.Content{Blanks: []assessment.Blank{{Accepted: []string{"2"}}}}}, "item.blanks"},
		{"numeric without answer", assessment.NewItem{Type: "numeric", Stem: "x", Subject: "toan", Grade: 10, Level: "recognition"}, "item.numeric"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := w.svc.CreateItem(context.Background(), t1, tc.n); !isValidation(err, tc.key) {
				t.Fatalf("want validation %s, got %v", tc.key, err)
			}
		})
	}
	if _, err := w.svc.CreateItem(context.Background(), w.as("student1"), choice("x", 0, "a", "b")); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("a student adds to the bank: %v", err)
	}
}

func TestItemMarkdownIsSanitized(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	it := w.item(w.as("teacher1"), choice("Tính **đạo hàm** <script>alert(1)</script> [x](javascript:alert(1))", 0, "`x^2`", "<img src=x onerror=alert(1)>"))
	if h := it.Version.StemHTML; !containsAll(h, "<strong>đạo hàm</strong>") || containsAny(h, "<script", "javascript:") {
		t.Fatalf("stem html %q", h)
	}
	if h := it.Version.Content.Options[1].HTML; containsAny(h, "onerror", "<img") {
		t.Fatalf("option html %q", h)
	}
}

func TestNearDuplicateWarning(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	t1, t2 := w.as("teacher1"), w.as("teacher2")
	first := w.item(t1, choice("Hàm số y = 2x + 1 đồng biến trên khoảng nào?", 0, "R", "(0; +∞)"))
	dup := w.item(t1, choice("Hàm số  y = 2x + 1 đồng biến trên khoảng nào ?", 0, "ℝ", "(0; +∞)"))
	if len(dup.Similar) != 1 || dup.Similar[0].ID != first.ID || dup.Similar[0].Similarity < 0.6 {
		t.Fatalf("near-duplicate not reported: %+v", dup.Similar)
	}
	other := w.item(t1, choice("Nguyên tố nào có số hiệu nguyên tử 6?", 0, "C", "N"))
	if len(other.Similar) != 0 {
		t.Fatalf("unrelated item reported as duplicate: %+v", other.Similar)
	}
	// Another school's private items are not revealed through the warning.
	if it := w.item(t2, choice("Hàm số y = 2x + 1 đồng biến trên khoảng nào?", 0, "R", "∅")); len(it.Similar) != 0 {
		t.Fatalf("teacher2 learns of teacher1's private items: %+v", it.Similar)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !contains(s, x) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if contains(s, x) {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestTenancy: school B's teacher cannot see, use or change school A's items and
// tests, nor can school B's student take them; a school-wide item is shared with a
// colleague once approved.
func TestTenancy(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, t2, s1, s2, colleague := w.as("teacher1"), w.as("teacher2"), w.as("student1"), w.as("student2"), w.as("reviewer1")
	private := w.item(t1, choice("Câu hỏi riêng", 0, "a", "b"))
	n := choice("Câu hỏi của trường", 0, "a", "b")
	n.Scope = "school"
	shared := w.item(t1, n)

	for _, id := range []int64{private.ID, shared.ID} {
		if _, err := w.svc.Item(ctx, t2, id); !errors.Is(err, assessment.ErrNotFound) {
			t.Fatalf("teacher2 reads teacher1's item %d: %v", id, err)
		}
		if _, err := w.svc.ReviseItem(ctx, t2, id, choice("sửa", 0, "a", "b")); !errors.Is(err, assessment.ErrForbidden) {
			t.Fatalf("teacher2 revises teacher1's item: %v", err)
		}
	}
	if items, _ := w.svc.Items(ctx, t2, assessment.ItemFilter{}); len(items) != 0 {
		t.Fatalf("teacher2 lists %d of school A's items", len(items))
	}
	// A colleague sees the school item only once the subject panel approved it.
	if _, err := w.svc.Item(ctx, colleague, shared.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("colleague sees a draft: %v", err)
	}
	if err := w.svc.SetReviewStatus(ctx, t2, shared.ID, assessment.StatusApproved); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("teacher2 approves: %v", err)
	}
	if err := w.svc.SetReviewStatus(ctx, colleague, shared.ID, assessment.StatusApproved); !isValidation(err, "item.not_in_review") {
		t.Fatalf("approving a draft not sent for review: %v", err)
	}
	if err := w.svc.SetReviewStatus(ctx, t1, shared.ID, assessment.StatusInReview); err != nil {
		t.Fatal(err)
	}
	if q, err := w.svc.ReviewQueue(ctx, colleague); err != nil || len(q) != 1 || q[0].ID != shared.ID {
		t.Fatalf("the panel's queue: %v %v", q, err)
	}
	if q, err := w.svc.ReviewQueue(ctx, t2); err != nil || len(q) != 0 {
		t.Fatalf("another school's queue: %v %v", q, err)
	}
	if err := w.svc.SetReviewStatus(ctx, colleague, shared.ID, assessment.StatusApproved); err != nil {
		t.Fatal(err)
	}
	if it, err := w.svc.Item(ctx, colleague, shared.ID); err != nil || it.Version.Status != "approved" {
		t.Fatalf("colleague after approval: %v", err)
	}
	if _, err := w.svc.Item(ctx, colleague, private.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("colleague reads a private item: %v", err)
	}
	if _, err := w.svc.Item(ctx, t2, shared.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("another school reads a school item: %v", err)
	}

	test := w.test(t1, "Kiểm tra 15 phút", private.ID)
	if _, err := w.svc.Test(ctx, t2, test.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 reads school A's test: %v", err)
	}
	if _, err := w.svc.Results(ctx, t2, test.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 reads school A's results: %v", err)
	}
	if _, err := w.svc.Start(ctx, s2, test.ID, ""); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("student2 starts school A's test: %v", err)
	}
	if _, err := w.svc.CreateTest(ctx, t2, assessment.NewTest{Title: "x", ClassIDs: []int64{w.class("10A1")}, QuestionIDs: []int64{private.ID}, TimeLimitMinutes: 10}); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("teacher2 sets a test for 10A1: %v", err)
	}
	if _, err := w.svc.CreateTest(ctx, t2, assessment.NewTest{Title: "x", ClassIDs: []int64{w.class("10A2")}, QuestionIDs: []int64{private.ID}, TimeLimitMinutes: 10}); !isValidation(err, "test.unknown_item") {
		t.Fatalf("teacher2 builds a test from teacher1's private item: %v", err)
	}
	att, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Attempt(ctx, s2, att.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("student2 reads student1's attempt: %v", err)
	}
	if _, err := w.svc.Autosave(ctx, s2, att.ID, private.ID, raw(`0`), 1); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("student2 answers for student1: %v", err)
	}
	if _, err := w.svc.Attempt(ctx, t2, att.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 reads student1's attempt: %v", err)
	}
	if _, err := w.svc.Start(ctx, t1, test.ID, ""); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("the teacher starts an attempt: %v", err)
	}
}

func (w *world) test(a *identity.Actor, title string, ids ...int64) *assessment.Test {
	w.t.Helper()
	tt, err := w.svc.CreateTest(context.Background(), a, assessment.NewTest{Title: title, ClassIDs: []int64{w.class("10A1")},
		QuestionIDs: ids, TimeLimitMinutes: 45, ShowResults: "immediately", AttemptsAllowed: 2})
	if err != nil {
		w.t.Fatal(err)
	}
	return tt
}

func findItem(v *assessment.AttemptView, id int64) *assessment.Presented {
	for i := range v.Items {
		if v.Items[i].ID == id {
			return &v.Items[i]
		}
	}
	return nil
}

// shownIndex is where the attempt shows option original of item id.
func shownIndex(t *testing.T, v *assessment.AttemptView, it *assessment.Item, original int) int {
	t.Helper()
	p := findItem(v, it.ID)
	for k, h := range p.Options {
		if h == it.Version.Content.Options[original].HTML {
			return k
		}
	}
	t.Fatalf("option %d of item %d not shown", original, it.ID)
	return -1
}

// TestTakeAndScore: a student starts, autosaves (out of order too), resumes, submits;
// every type is scored with its partial credit; the test keeps the item version it
// was built with; results follow the grading method.
func TestTakeAndScore(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	s1.IP = "10.0.0.1"
	sc := w.item(t1, choice("Thủ đô của Việt Nam?", 2, "TP HCM", "Huế", "Hà Nội", "Đà Nẵng"))
	tf := w.item(t1, assessment.NewItem{Type: "true_false", Stem: "Cho hàm số y = x². Xét tính đúng sai:", Points: 1,
		Content: assessment.Content{Statements: []assessment.Statement{{Text: "a) đồng biến trên (0; +∞)", Correct: true},
			{Text: "b) nghịch biến trên ℝ", Correct: false}, {Text: "c) có giá trị nhỏ nhất 0", Correct: true}, {Text: "d) là hàm lẻ", Correct: false}}}})
	st := w.item(t1, assessment.NewItem{Type: "short_text", Stem: "Quá trình cây xanh tạo chất hữu cơ từ ánh sáng?", Content: assessment.Content{Accepted: []string{"quang hợp"}}})
	num := w.item(t1, assessment.NewItem{Type: "numeric", Stem: "g = ? (m/s²)", Points: 2, Content: assessment.Content{Answer: new(float64), Tolerance: 0.05}})
	essay := w.item(t1, assessment.NewItem{Type: "essay", Stem: "Trình bày ý nghĩa của hình học.", Points: 3, Content: assessment.Content{Rubric: "3 ý"}})
	test := w.test(t1, "Kiểm tra", sc.ID, tf.ID, st.ID, num.ID, essay.ID)
	if test.Items != 5 || test.MaxScore != 8 {
		t.Fatalf("test: %+v", test)
	}
	// A later version of an item does not change the test.
	if _, err := w.svc.ReviseItem(ctx, t1, sc.ID, choice("Thủ đô nước ta (sửa)?", 0, "Hà Nội", "Huế")); err != nil {
		t.Fatal(err)
	}

	v, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Items) != 5 || v.Remaining < 44*60 || v.Remaining > 45*60 || v.Deadline.Sub(v.StartedAt) != 45*time.Minute {
		t.Fatalf("attempt: %d items, %d s left, deadline %v after start", len(v.Items), v.Remaining, v.Deadline.Sub(v.StartedAt))
	}
	if p := findItem(v, sc.ID); p.StemHTML != sc.Version.StemHTML || len(p.Options) != 4 {
		t.Fatalf("the attempt shows %q, want version 1", p.StemHTML)
	}
	raw0, _ := json.Marshal(v.Items)
	if containsAny(string(raw0), `"correct"`, "quang hợp", "accepted", "3 ý") {
		t.Fatalf("the attempt leaks the key: %s", raw0)
	}
	hanoi := shownIndex(t, v, sc, 2)
	save := func(item int64, resp string, seq int64) *assessment.Ack {
		t.Helper()
		ack, err := w.svc.Autosave(ctx, s1, v.ID, item, raw(resp), seq)
		if err != nil {
			t.Fatalf("autosave %d %s: %v", item, resp, err)
		}
		return ack
	}
	save(sc.ID, fmt.Sprint((hanoi+1)%4), 1)
	if ack := save(sc.ID, fmt.Sprint(hanoi), 3); ack.Seq != 3 || ack.Stale {
		t.Fatalf("ack %+v", ack)
	}
	if ack := save(sc.ID, fmt.Sprint((hanoi+1)%4), 2); ack.Seq != 3 || !ack.Stale { // a late retry of an older write
		t.Fatalf("an older write was not ignored: %+v", ack)
	}
	save(sc.ID, fmt.Sprint(hanoi), 3)        // a repeated write is harmless
	save(tf.ID, `[true,false,true,true]`, 1) // 3 of 4: half the points
	save(st.ID, `"Quang hợp"`, 1)
	save(num.ID, `"0,04"`, 1)
	save(essay.ID, `"Hình học giúp ta đo đạc..."`, 1)
	if _, err := w.svc.Autosave(ctx, s1, v.ID, sc.ID, raw(`7`), 9); !isValidation(err, "answer.shape") {
		t.Fatalf("an out-of-range option is accepted: %v", err)
	}

	// Reopening the test resumes the same attempt, same order, same answers.
	s1.IP = "10.0.0.2"
	again, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil || again.ID != v.ID {
		t.Fatalf("resume: %v %v", again, err)
	}
	for i := range v.Items {
		if again.Items[i].ID != v.Items[i].ID || again.Items[i].StemHTML != v.Items[i].StemHTML {
			t.Fatal("the order changed on resume")
		}
	}
	if p := findItem(again, sc.ID); string(p.Response) != fmt.Sprint(hanoi) || p.Seq != 3 {
		t.Fatalf("resumed answer %s seq %d", p.Response, p.Seq)
	}
	save(st.ID, `"quang hợp"`, 2) // from the new address: an IP change is logged

	done, err := w.svc.Submit(ctx, s1, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 1 (single) + 0.5 (tf 3/4) + 1 (short) + 2 (numeric) = 4.5; the essay waits.
	if done.Status != "grading" || done.Score == nil || *done.Score != 4.5 || !done.Pending || done.MaxScore != 8 {
		t.Fatalf("after submit: status %s score %v pending %v max %v", done.Status, done.Score, done.Pending, done.MaxScore)
	}
	if _, err := w.svc.Autosave(ctx, s1, v.ID, sc.ID, raw(`0`), 10); !isValidation(err, "attempt.closed") {
		t.Fatalf("an answer after submitting is accepted: %v", err)
	}
	if again, err := w.svc.Submit(ctx, s1, v.ID); err != nil || *again.Score != 4.5 {
		t.Fatalf("submitting twice: %v", err)
	}

	queue, err := w.svc.GradingQueue(ctx, t1, test.ID, false)
	if err != nil || len(queue) != 1 || queue[0].Response != "Hình học giúp ta đo đạc..." || queue[0].Points != 3 {
		t.Fatalf("grading queue: %+v %v", queue, err)
	}
	if err := w.svc.GradeAnswer(ctx, t1, v.ID, essay.ID, 4, ""); !isValidation(err, "grade.range") {
		t.Fatalf("4 of 3 points: %v", err)
	}
	if err := w.svc.GradeAnswer(ctx, w.as("teacher2"), v.ID, essay.ID, 2, ""); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 grades school A's essay: %v", err)
	}
	if err := w.svc.GradeAnswer(ctx, t1, v.ID, essay.ID, 2.5, "Tốt"); err != nil {
		t.Fatal(err)
	}
	res, err := w.svc.Results(ctx, t1, test.ID)
	if err != nil || len(res) != 1 || res[0].Score == nil || *res[0].Score != 7 || res[0].Pending || res[0].Attempts != 1 {
		t.Fatalf("results: %+v %v", res, err)
	}

	// A second attempt scoring lower: highest keeps 7.
	v2, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil || v2.ID == v.ID || v2.Number != 2 {
		t.Fatalf("second attempt: %v", err)
	}
	if _, err := w.svc.Submit(ctx, s1, v2.ID); err != nil {
		t.Fatal(err)
	}
	if res, _ := w.svc.Results(ctx, t1, test.ID); *res[0].Score != 7 || res[0].Attempts != 2 {
		t.Fatalf("highest of two: %+v", res[0])
	}
	if _, err := w.svc.Start(ctx, s1, test.ID, ""); !isValidation(err, "test.attempts_used") {
		t.Fatalf("a third attempt of two allowed: %v", err)
	}

	atts, err := w.svc.Attempts(ctx, t1, test.ID)
	if err != nil || len(atts) != 2 {
		t.Fatalf("attempts: %v", err)
	}
	var kinds []string
	for _, e := range atts[0].Events {
		kinds = append(kinds, e.Kind+":"+e.Detail)
	}
	if fmt.Sprint(kinds) != "[start:10.0.0.1 resume:10.0.0.2 ip_change:10.0.0.1 → 10.0.0.2 submit:]" {
		t.Fatalf("integrity log: %v", kinds)
	}
}

func TestLateAnswersAndAutoSubmit(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	sc := w.item(t1, choice("1 + 1 = ?", 1, "1", "2"))
	test := w.test(t1, "Hết giờ", sc.ID)
	v, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	var queued int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'assessment.autosubmit' AND args->>'attempt_id' = $1 AND scheduled_at > now() + interval '44 minutes'`, fmt.Sprint(v.ID)).Scan(&queued); err != nil || queued != 1 {
		t.Fatalf("auto-submit job at the deadline: %d %v", queued, err)
	}
	two := shownIndex(t, v, sc, 1)
	if _, err := w.svc.Autosave(ctx, s1, v.ID, sc.ID, raw(fmt.Sprint(two)), 1); err != nil {
		t.Fatal(err)
	}
	// Within the grace after the deadline an answer is still taken...
	w.exec(`UPDATE assessment_attempts SET deadline = now() - interval '5 seconds' WHERE id = $1`, v.ID)
	if _, err := w.svc.Autosave(ctx, s1, v.ID, sc.ID, raw(fmt.Sprint(two)), 2); err != nil {
		t.Fatalf("an answer within the grace: %v", err)
	}
	if wait, err := w.svc.AutoSubmit(ctx, v.ID); err != nil || wait.IsZero() {
		t.Fatalf("auto-submit before the grace ended: wait %v err %v", wait, err)
	}
	// ...after it, not.
	w.exec(`UPDATE assessment_attempts SET deadline = now() - interval '16 seconds' WHERE id = $1`, v.ID)
	if _, err := w.svc.Autosave(ctx, s1, v.ID, sc.ID, raw(`0`), 3); !isValidation(err, "attempt.closed") {
		t.Fatalf("a late answer is accepted: %v", err)
	}
	// The real job queue submits it, though nobody is there.
	workers := river.NewWorkers()
	river.AddWorker(workers, assessment.NewAutoSubmitWorker(w.svc))
	q, err := jobs.New(w.db, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	w.exec(`UPDATE river_job SET scheduled_at = now() WHERE kind = 'assessment.autosubmit'`)
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(ctx)
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := w.svc.Attempt(ctx, s1, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == "submitted" {
			if got.Score == nil || *got.Score != 1 {
				t.Fatalf("auto-submitted score %v", got.Score)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the attempt was not auto-submitted")
		}
		time.Sleep(100 * time.Millisecond)
	}
	atts, _ := w.svc.Attempts(ctx, t1, test.ID)
	if !atts[0].Auto {
		t.Fatal("not marked auto-submitted")
	}
}

func (w *world) exec(sql string, args ...any) {
	w.t.Helper()
	if _, err := w.db.Exec(context.Background(), sql, args...); err != nil {
		w.t.Fatal(err)
	}
}

// TestBlueprint draws parallel forms with the same topic x level profile, and
// refuses a matrix the bank cannot fill.
func TestBlueprint(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	for i := range 6 {
		n := choice(fmt.Sprintf("Nhận biết mệnh đề số %d?", i), 0, "a", "b")
		n.Topic = "Mệnh đề và tập hợp"
		w.item(t1, n)
	}
	for i := range 3 {
		n := choice(fmt.Sprintf("Vận dụng vectơ, bài %d", i), 0, "a", "b")
		n.Topic, n.Level = "Vectơ", "application"
		w.item(t1, n)
	}
	bp := &assessment.Blueprint{Subject: "toan", Grade: 10, Forms: 3, Rows: []assessment.BlueprintRow{
		{Topic: "Mệnh đề và tập hợp", Level: "recognition", Count: 4, Points: 0.25},
		{Topic: "Vectơ", Level: "application", Count: 2, Points: 1},
	}}
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Giữa kì", ClassIDs: []int64{w.class("10A1")}, Blueprint: bp, TimeLimitMinutes: 45})
	if err != nil {
		t.Fatal(err)
	}
	if test.Forms != 3 || test.Items != 6 || test.MaxScore != 3 {
		t.Fatalf("blueprint test: %d forms, %d items, %v points", test.Forms, test.Items, test.MaxScore)
	}
	rows, _ := w.db.Query(ctx, `SELECT f.form, i.level, count(*), sum(f.points)::float8 FROM assessment_form_items f JOIN assessment_items i ON i.id = f.item_id
		WHERE f.test_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, test.ID)
	var got []string
	for rows.Next() {
		var form, n int
		var level string
		var pts float64
		_ = rows.Scan(&form, &level, &n, &pts)
		got = append(got, fmt.Sprintf("%d:%s:%d:%v", form, level, n, pts))
	}
	want := "[1:application:2:2 1:recognition:4:1 2:application:2:2 2:recognition:4:1 3:application:2:2 3:recognition:4:1]"
	if fmt.Sprint(got) != want {
		t.Fatalf("form profiles %v, want %s", got, want)
	}
	bp.Rows[1].Count = 4
	if _, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "x", ClassIDs: []int64{w.class("10A1")}, Blueprint: bp, TimeLimitMinutes: 45}); !isValidation(err, "blueprint.short") {
		t.Fatalf("a blueprint the bank cannot fill: %v", err)
	}
}

// TestConcurrentStart: a student pressing start on two devices at once gets one
// attempt.
func TestConcurrentStart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	test := w.test(t1, "Đồng thời", w.item(t1, choice("x?", 0, "a", "b")).ID)
	ids := make(chan int64, 8)
	for range 8 {
		go func() {
			v, err := w.svc.Start(ctx, s1, test.ID, "")
			if err != nil {
				t.Error(err)
				ids <- 0
				return
			}
			ids <- v.ID
		}()
	}
	first := <-ids
	for range 7 {
		if id := <-ids; id != first {
			t.Fatalf("two attempts: %d and %d", first, id)
		}
	}
}

// TestExtraTime: a student with an accommodation gets a later deadline; only the
// test's teachers may give it.
func TestExtraTime(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	test := w.test(t1, "Có cộng giờ", w.item(t1, choice("x?", 0, "a", "b")).ID)
	if err := w.svc.SetExtraTime(ctx, w.as("teacher2"), test.ID, s1.User.ID, 10); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 gives extra time: %v", err)
	}
	if err := w.svc.SetExtraTime(ctx, s1, test.ID, s1.User.ID, 10); !errors.Is(err, assessment.ErrForbidden) {
		t.Fatalf("a student gives himself extra time: %v", err)
	}
	if err := w.svc.SetExtraTime(ctx, t1, test.ID, s1.User.ID, 15); err != nil {
		t.Fatal(err)
	}
	v, err := w.svc.Start(ctx, s1, test.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if d := v.Deadline.Sub(v.StartedAt); d != 60*time.Minute {
		t.Fatalf("deadline %v after start, want 45 + 15 minutes", d)
	}
	// Server-numbered saves (plain form posts) come after whatever is stored.
	if ack, err := w.svc.Autosave(ctx, s1, v.ID, v.Items[0].ID, raw(`1`), 41); err != nil || ack.Seq != 41 {
		t.Fatalf("client seq: %+v %v", ack, err)
	}
	if ack, err := w.svc.Autosave(ctx, s1, v.ID, v.Items[0].ID, raw(`0`), 0); err != nil || ack.Seq != 42 || ack.Stale {
		t.Fatalf("server-numbered save: %+v %v", ack, err)
	}
}

// TestAnalysis: the running sums give the same difficulty, item-total correlation,
// KR-20 and histogram as computing them from every attempt's scores.
func TestAnalysis(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1, s1 := w.as("teacher1"), w.as("student1")
	var items []*assessment.Item
	var ids []int64
	for i := range 3 {
		it := w.item(t1, choice(fmt.Sprintf("Câu phân tích %d: chọn A", i), 0, "A", "B", "C"))
		items, ids = append(items, it), append(ids, it.ID)
	}
	test, err := w.svc.CreateTest(ctx, t1, assessment.NewTest{Title: "Phân tích", ClassIDs: []int64{w.class("10A1")}, QuestionIDs: ids,
		TimeLimitMinutes: 30, AttemptsAllowed: 20})
	if err != nil {
		t.Fatal(err)
	}
	// Which items each attempt gets right.
	patterns := [][3]bool{{true, true, true}, {true, true, false}, {true, false, false}, {false, false, false}, {true, true, true}, {true, false, true}, {false, true, false}, {true, true, false}}
	var totals []float64
	for _, right := range patterns {
		v, err := w.svc.Start(ctx, s1, test.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		total := 0.0
		for i, it := range items {
			k := shownIndex(t, v, it, 0)
			if !right[i] {
				k = shownIndex(t, v, it, 1)
			} else {
				total++
			}
			if _, err := w.svc.Autosave(ctx, s1, v.ID, it.ID, raw(fmt.Sprint(k)), 1); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.Submit(ctx, s1, v.ID); err != nil {
			t.Fatal(err)
		}
		totals = append(totals, total)
	}
	got, err := w.svc.Analysis(ctx, t1, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Analysis(ctx, w.as("teacher2"), test.ID); !errors.Is(err, assessment.ErrNotFound) {
		t.Fatalf("teacher2 reads the analysis: %v", err)
	}
	n := float64(len(patterns))
	mean, varT := meanVar(totals)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if got.Attempts != len(patterns) || !near(got.Mean, mean) || !near(got.SD, math.Sqrt(varT)) {
		t.Fatalf("attempts %d mean %v sd %v, want %d %v %v", got.Attempts, got.Mean, got.SD, len(patterns), mean, math.Sqrt(varT))
	}
	sumPQ := 0.0
	for i := range items {
		var xs []float64
		for _, p := range patterns {
			xs = append(xs, map[bool]float64{true: 1}[p[i]])
		}
		p, varX := meanVar(xs)
		sumPQ += p * (1 - p)
		cov := 0.0
		for j := range xs {
			cov += (xs[j] - p) * (totals[j] - mean)
		}
		r := cov / n / math.Sqrt(varX*varT)
		gi := got.Items[i]
		if gi.ItemID != items[i].ID || gi.N != len(patterns) || !near(gi.P, p) || gi.Discrimination == nil || !near(*gi.Discrimination, r) {
			t.Fatalf("item %d: %+v, want p %v r %v", i, gi, p, r)
		}
	}
	kr20 := 3.0 / 2 * (1 - sumPQ/varT)
	if got.Alpha == nil || !near(*got.Alpha, kr20) {
		t.Fatalf("reliability %v, want KR-20 %v", got.Alpha, kr20)
	}
	var hist [10]int
	for _, x := range totals {
		hist[min(9, int(10*x/3))]++
	}
	if got.Histogram != hist {
		t.Fatalf("histogram %v, want %v", got.Histogram, hist)
	}
}

func meanVar(xs []float64) (float64, float64) {
	s, ss := 0.0, 0.0
	for _, x := range xs {
		s, ss = s+x, ss+x*x
	}
	m := s / float64(len(xs))
	return m, ss/float64(len(xs)) - m*m
}
