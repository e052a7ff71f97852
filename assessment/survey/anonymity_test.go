package survey_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestAnonymity: the stored answers of an anonymous survey cannot be joined back to a
// person: no user reference, random ids, only the day, and after mixing neither the
// transaction id nor the physical order tells who wrote which.
func TestAnonymity(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	sv := w.create(w.as("school.admin"), basic(w, true))
	people := []string{"teacher1", "student1", "reviewer1"}
	for i, name := range people {
		w.submit(w.as(name), sv.ID, []string{`[1]`, `[3]`, `[5]`}[i])
	}
	rows, err := w.db.Query(ctx, `SELECT id::text, respondent_id IS NULL, submitted_on::text FROM survey_responses WHERE survey_id = $1`, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, day string
		var noUser bool
		if err := rows.Scan(&id, &noUser, &day); err != nil {
			t.Fatal(err)
		}
		if !uuidV4.MatchString(id) || !noUser || day != time.Now().Format("2006-01-02") {
			t.Errorf("response row id %s, no user %v, day %s: want a random id, no user and the day only", id, noUser, day)
		}
	}
	rows.Close()
	// No column of the answers table holds a time finer than the day.
	if n := w.count(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'survey_responses'
		AND data_type LIKE 'timestamp%'`); n != 0 {
		t.Fatalf("survey_responses has %d timestamp columns", n)
	}
	if n := w.count(`SELECT count(*) FROM information_schema.columns WHERE table_name = 'survey_participation'
		AND column_name NOT IN ('survey_id', 'user_id', 'mixed')`); n != 0 {
		t.Fatalf("survey_participation has %d columns besides survey, user and mixed", n)
	}
	mixed, err := w.svc.Mix(ctx)
	if err != nil || mixed != 3 {
		t.Fatalf("mix: %d, %v", mixed, err)
	}
	// Every participant's transaction id matches either none or all of the answers.
	rows, err = w.db.Query(ctx, `SELECT p.user_id, (SELECT count(*) FROM survey_responses r WHERE r.survey_id = p.survey_id AND r.xmin = p.xmin)
		FROM survey_participation p WHERE p.survey_id = $1`, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var user int64
		var n int
		if err := rows.Scan(&user, &n); err != nil {
			t.Fatal(err)
		}
		if n != 0 && n != 3 {
			t.Errorf("user %d's participation row has the transaction id of %d of 3 answers", user, n)
		}
	}
	rows.Close()
	if n := w.count(`SELECT count(DISTINCT xmin::text) FROM survey_responses WHERE survey_id = $1`, sv.ID); n != 1 {
		t.Fatalf("after mixing the answers have %d transaction ids, want one", n)
	}
	// The physical order is the order of the random ids, not the order of submission.
	var physical, byID []string
	rows, _ = w.db.Query(ctx, `SELECT id::text FROM survey_responses WHERE survey_id = $1 ORDER BY ctid`, sv.ID)
	for rows.Next() {
		var id string
		_ = rows.Scan(&id)
		physical = append(physical, id)
	}
	rows.Close()
	byID = slices.Clone(physical)
	slices.Sort(byID)
	if !slices.Equal(physical, byID) {
		t.Fatalf("physical order %v is not the order of the random ids", physical)
	}
	if again, err := w.svc.Mix(ctx); err != nil || again != 0 {
		t.Fatalf("second mix rewrote %d rows: %v", again, err)
	}
	// A later response alone is mixed with two earlier answers and two earlier people
	// chosen at random: its writer shares the transaction id with three answers.
	late := w.user("late", identity.DemoOrgCodes.School1, identity.RoleStudent)
	w.submit(late, sv.ID, `[2]`)
	if mixed, err := w.svc.Mix(ctx); err != nil || mixed != 3 {
		t.Fatalf("mix of one fresh response: %d rewritten, %v", mixed, err)
	}
	if n := w.count(`SELECT count(*) FROM survey_responses r JOIN survey_participation p ON p.xmin = r.xmin
		WHERE p.survey_id = $1 AND r.survey_id = $1 AND p.user_id = $2`, sv.ID, late.User.ID); n != 3 {
		t.Fatalf("the late respondent shares a transaction id with %d answers, want 3", n)
	}
	if n := w.count(`SELECT count(*) FROM survey_participation p WHERE p.survey_id = $1
		AND p.xmin = (SELECT xmin FROM survey_participation WHERE survey_id = $1 AND user_id = $2)`, sv.ID, late.User.ID); n != 3 {
		t.Fatalf("the late respondent's batch has %d people, want 3", n)
	}
	// Identified surveys keep the respondent.
	named := w.create(w.as("school.admin"), basic(w, false))
	w.submit(w.as("student1"), named.ID, `[4]`)
	if n := w.count(`SELECT count(*) FROM survey_responses r JOIN users u ON u.id = r.respondent_id
		WHERE r.survey_id = $1 AND u.username = 'student1'`, named.ID); n != 1 {
		t.Fatalf("identified response of student1: %d rows", n)
	}
}

// TestResultsAndCSV: counts, means and texts, the threshold of anonymous results, and
// the CSV export.
func TestResultsAndCSV(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	admin := w.as("school.admin")
	sv := w.create(admin, basic(w, true))
	w.submit(w.as("teacher1"), sv.ID, `[5, 0, [0, 2], [4, 2], "Rất tốt"]`)
	w.submit(w.as("student1"), sv.ID, `[4, 1, [2], [5, null]]`)
	res, err := w.svc.Results(ctx, admin, sv.ID)
	if err != nil || !res.Hidden || res.Responses != 2 || res.Questions[0].Counts[0][4] != 0 {
		t.Fatalf("with 2 anonymous answers the results must be hidden: %+v %v", res, err)
	}
	if err := w.svc.ExportCSV(ctx, admin, sv.ID, survey.Labels{}, &bytes.Buffer{}); !isValidation(err, "survey.too_few") {
		t.Fatalf("export with 2 anonymous answers: %v", err)
	}
	w.submit(w.as("reviewer1"), sv.ID, `[4, 0, [], [], "  Cần thêm video  "]`)
	if res, err = w.svc.Results(ctx, admin, sv.ID); err != nil {
		t.Fatal(err)
	}
	q := res.Questions
	checks := []struct {
		name      string
		got, want any
	}{
		{"responses", res.Responses, 3},
		{"audience", res.Audience, 3},
		{"likert", q[0].Counts[0], []int{0, 0, 0, 2, 1}},
		{"likert mean", q[0].Mean[0] > 4.33 && q[0].Mean[0] < 4.34, true},
		{"single", q[1].Counts[0], []int{2, 1}},
		{"multiple", q[2].Counts[0], []int{1, 0, 2}},
		{"matrix row 1", q[3].Counts[0], []int{0, 0, 0, 1, 1}},
		{"matrix row 2", q[3].Counts[1], []int{0, 1, 0, 0, 0}},
		{"texts", len(q[4].Texts), 2},
	}
	for _, c := range checks {
		if !slices.Equal(toInts(c.got), toInts(c.want)) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if !slices.Contains(q[4].Texts, "Cần thêm video") || !slices.Contains(q[4].Texts, "Rất tốt") {
		t.Errorf("texts: %q", q[4].Texts)
	}
	var buf bytes.Buffer
	labels := survey.Labels{"Hoàn toàn không đồng ý", "Không đồng ý", "Phân vân", "Đồng ý", "Hoàn toàn đồng ý"}
	if err := w.svc.ExportCSV(ctx, admin, sv.ID, labels, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFF") {
		t.Fatal("the CSV has no byte order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"date", "1. Trang web dễ dùng", "2. Thiết bị", "3. Tính năng", "4. Đánh giá — Tốc độ", "4. Đánh giá — Nội dung", "5. Góp ý"}
	if !slices.Equal(recs[0], wantHeader) || len(recs) != 4 {
		t.Fatalf("CSV header %q, %d records", recs[0], len(recs))
	}
	today := time.Now().Format("2006-01-02")
	want := [][]string{
		{today, "5 - Hoàn toàn đồng ý", "Điện thoại", "Bài giảng; Thư viện", "4 - Đồng ý", "2 - Không đồng ý", "Rất tốt"},
		{today, "4 - Đồng ý", "Máy tính", "Thư viện", "5 - Hoàn toàn đồng ý", "", ""},
		{today, "4 - Đồng ý", "Điện thoại", "", "", "", "Cần thêm video"},
	}
	got := recs[1:]
	slices.SortFunc(got, func(a, b []string) int { return strings.Compare(strings.Join(b, "|"), strings.Join(a, "|")) })
	slices.SortFunc(want, func(a, b []string) int { return strings.Compare(strings.Join(b, "|"), strings.Join(a, "|")) })
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("CSV row %d: %q, want %q", i, got[i], want[i])
		}
	}
	for _, r := range recs {
		for _, cell := range r {
			for _, name := range []string{"Nguyễn Văn Bình", "Hoàng Gia Bảo", "GV0000001", "HS0000001"} {
				if strings.Contains(cell, name) {
					t.Fatalf("the anonymous CSV names %s", name)
				}
			}
		}
	}
}

func toInts(v any) []int {
	switch x := v.(type) {
	case []int:
		return x
	case int:
		return []int{x}
	case bool:
		if x {
			return []int{1}
		}
		return []int{0}
	}
	return nil
}

// TestIdentifiedCSV: an identified survey's export names the respondents.
func TestIdentifiedCSV(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	t1 := w.as("teacher1")
	sv := w.create(t1, survey.NewSurvey{Title: "Lớp 10A1", Audience: survey.Audience{ClassIDs: []int64{w.class("10A1")}},
		Questions: []survey.Question{{Kind: survey.Single, Text: "Chọn", Options: []string{"A", "B"}, Required: true}}})
	w.submit(w.as("student1"), sv.ID, `[1]`)
	res, err := w.svc.Results(ctx, t1, sv.ID)
	if err != nil || res.Hidden || res.Questions[0].Counts[0][1] != 1 {
		t.Fatalf("identified results with one answer: %+v %v", res, err)
	}
	var buf bytes.Buffer
	if err := w.svc.ExportCSV(ctx, t1, sv.ID, survey.Labels{}, &buf); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFdate,person_id,name,1. Chọn\n" + time.Now().Format("2006-01-02") + ",HS0000001,Hoàng Gia Bảo,B\n"
	if buf.String() != want {
		t.Fatalf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestDraftAndWindow: drafts are kept per person until they submit; a survey takes
// answers only while it is open.
func TestDraftAndWindow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	sv := w.create(w.as("school.admin"), basic(w, true))
	s1 := w.as("student1")
	if err := w.svc.SaveDraft(ctx, s1, sv.ID, []byte(`[null, 1, [2, 0]]`)); err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.Draft(ctx, s1, sv.ID)
	if err != nil || len(d) != 5 || string(d[1]) != "1" || strings.ReplaceAll(string(d[2]), " ", "") != "[0,2]" || string(d[0]) != "null" {
		t.Fatalf("draft: %s %v", d, err)
	}
	if other, err := w.svc.Draft(ctx, w.as("teacher1"), sv.ID); err != nil || string(other[1]) != "" {
		t.Fatalf("another person's draft: %s %v", other, err)
	}
	if err := w.svc.Submit(ctx, s1, sv.ID, []byte(`[null, 1]`)); !isValidation(err, "answer.required") {
		t.Fatalf("submit without the required answer: %v", err)
	}
	w.submit(s1, sv.ID, `[2, 1, [0, 2]]`)
	if n := w.count(`SELECT count(*) FROM survey_drafts`); n != 0 {
		t.Fatalf("the draft was kept after submitting")
	}
	past := time.Now().Add(-time.Hour)
	earlier := past.Add(-time.Hour)
	closed := basic(w, false)
	closed.OpensAt, closed.ClosesAt = &earlier, &past
	cs := w.create(w.as("school.admin"), closed)
	if err := w.svc.Submit(ctx, s1, cs.ID, []byte(`[3]`)); !isValidation(err, "survey.not_open") {
		t.Fatalf("answer a closed survey: %v", err)
	}
	later := time.Now().Add(time.Hour)
	soon := basic(w, false)
	soon.OpensAt = &later
	ss := w.create(w.as("school.admin"), soon)
	if err := w.svc.Submit(ctx, s1, ss.ID, []byte(`[3]`)); !isValidation(err, "survey.not_open") {
		t.Fatalf("answer a survey not yet open: %v", err)
	}
	if err := w.svc.Close(ctx, s1, sv.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("a respondent closes the survey: %v", err)
	}
	if err := w.svc.Close(ctx, w.as("school.admin"), sv.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Submit(ctx, w.as("teacher1"), sv.ID, []byte(`[3]`)); !isValidation(err, "survey.not_open") {
		t.Fatalf("answer after closing: %v", err)
	}
	_ = identity.RoleStudent
}
