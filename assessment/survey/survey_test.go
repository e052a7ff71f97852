package survey_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t   *testing.T
	db  *pgxpool.Pool
	ids *identity.Service
	svc *survey.Service
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(context.Background(), pw); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, db: pool, ids: ids, svc: survey.New(pool, nil)}
}

func (w *world) as(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// user creates an account with one role in the organization with the code.
func (w *world) user(name, code string, role identity.Role) *identity.Actor {
	w.t.Helper()
	ctx := context.Background()
	org, err := w.ids.OrgByCode(ctx, code)
	if err != nil {
		w.t.Fatal(err)
	}
	_, err = w.ids.CreateUser(ctx, identity.SystemActor(), identity.NewUser{PersonID: "X-" + name, Username: name, Name: "Người " + name,
		OrgID: org.ID, Roles: []identity.Role{role}, Password: pw})
	if err != nil {
		w.t.Fatal(err)
	}
	return w.as(name)
}

func (w *world) org(code string) int64 {
	w.t.Helper()
	o, err := w.ids.OrgByCode(context.Background(), code)
	if err != nil {
		w.t.Fatal(err)
	}
	return o.ID
}

func (w *world) class(name string) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.QueryRow(context.Background(), `SELECT id FROM classes WHERE name = $1`, name).Scan(&id); err != nil {
		w.t.Fatal(err)
	}
	return id
}

func (w *world) create(a *identity.Actor, n survey.NewSurvey) *survey.Survey {
	w.t.Helper()
	sv, err := w.svc.Create(context.Background(), a, n)
	if err != nil {
		w.t.Fatalf("create survey: %v", err)
	}
	return sv
}

func (w *world) submit(a *identity.Actor, id int64, answers string) {
	w.t.Helper()
	if err := w.svc.Submit(context.Background(), a, id, []byte(answers)); err != nil {
		w.t.Fatalf("%s submits %s: %v", a.User.Username, answers, err)
	}
}

func isAnyValidation(err error) bool {
	_, ok := fault.AsValidation(err)
	return ok
}

func isValidation(err error, key string) bool {
	v, ok := fault.AsValidation(err)
	return ok && v.Key == key
}

// basic is a survey of the demo school 1 for its teachers and students.
func basic(w *world, anonymous bool) survey.NewSurvey {
	return survey.NewSurvey{Title: "Khảo sát", Anonymous: anonymous,
		Audience: survey.Audience{OrgID: w.org(identity.DemoOrgCodes.School1), Roles: []identity.Role{identity.RoleStudent, identity.RoleTeacher}},
		Questions: []survey.Question{
			{Kind: survey.Likert, Text: "Trang web dễ dùng", Required: true},
			{Kind: survey.Single, Text: "Thiết bị", Options: []string{"Điện thoại", "Máy tính"}},
			{Kind: survey.Multiple, Text: "Tính năng", Options: []string{"Bài giảng", "Kiểm tra", "Thư viện"}},
			{Kind: survey.Matrix, Text: "Đánh giá", Rows: []string{"Tốc độ", "Nội dung"}},
			{Kind: survey.Text, Text: "Góp ý"},
		}}
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	admin := w.as("school.admin")
	good := basic(w, true)
	for _, tc := range []struct {
		name   string
		change func(n *survey.NewSurvey)
		key    string
	}{
		{"no title", func(n *survey.NewSurvey) { n.Title = "  " }, "survey.title"},
		{"no questions", func(n *survey.NewSurvey) { n.Questions = nil }, "survey.questions"},
		{"no audience", func(n *survey.NewSurvey) { n.Audience = survey.Audience{} }, "survey.audience_missing"},
		{"org and classes", func(n *survey.NewSurvey) { n.Audience.ClassIDs = []int64{w.class("10A1")} }, "survey.audience_missing"},
		{"unknown role", func(n *survey.NewSurvey) { n.Audience.Roles = []identity.Role{"pirate"} }, "survey.roles"},
		{"closes before it opens", func(n *survey.NewSurvey) {
			now := time.Now()
			n.OpensAt, n.ClosesAt = &now, &now
		}, "survey.window"},
		{"unknown kind", func(n *survey.NewSurvey) { n.Questions = []survey.Question{{Kind: "rating", Text: "x"}} }, "survey.kind"},
		{"one option", func(n *survey.NewSurvey) {
			n.Questions = []survey.Question{{Kind: survey.Single, Text: "x", Options: []string{"a", " "}}}
		}, "survey.options"},
		{"matrix without rows", func(n *survey.NewSurvey) { n.Questions = []survey.Question{{Kind: survey.Matrix, Text: "x"}} }, "survey.rows"},
		{"same option twice", func(n *survey.NewSurvey) {
			n.Questions = []survey.Question{{Kind: survey.Multiple, Text: "x", Options: []string{"a", "a"}}}
		}, "survey.duplicate"},
		{"likert with options", func(n *survey.NewSurvey) {
			n.Questions = []survey.Question{{Kind: survey.Likert, Text: "x", Options: []string{"a", "b"}}}
		}, "survey.no_options"},
		{"unknown org", func(n *survey.NewSurvey) { n.Audience.OrgID = 1 << 40 }, "survey.org"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := good
			n.Questions = append([]survey.Question(nil), good.Questions...)
			tc.change(&n)
			if _, err := w.svc.Create(context.Background(), admin, n); !isValidation(err, tc.key) {
				t.Fatalf("want validation %s, got %v", tc.key, err)
			}
		})
	}
	var n int
	if err := w.db.QueryRow(context.Background(), `SELECT count(*) FROM surveys`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("rejected surveys were stored: %d %v", n, err)
	}
}

// TestWhoMayAddress: teachers ask their school or their classes, administrators their
// subtree, nobody another school or a level above.
func TestWhoMayAddress(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := identity.DemoOrgCodes
	for _, tc := range []struct {
		who string
		au  survey.Audience
		ok  bool
	}{
		{"teacher1", survey.Audience{OrgID: w.org(c.School1)}, true},
		{"teacher1", survey.Audience{ClassIDs: []int64{w.class("10A1")}}, true},
		{"teacher1", survey.Audience{ClassIDs: []int64{w.class("10A2")}}, false},
		{"teacher1", survey.Audience{OrgID: w.org(c.District1)}, false},
		{"teacher1", survey.Audience{OrgID: w.org(c.School2)}, false},
		{"student1", survey.Audience{OrgID: w.org(c.School1)}, false},
		{"school.admin", survey.Audience{OrgID: w.org(c.School1)}, true},
		{"school.admin", survey.Audience{ClassIDs: []int64{w.class("10A1")}}, true},
		{"school.admin", survey.Audience{OrgID: w.org(c.School2)}, false},
		{"school.admin", survey.Audience{OrgID: w.org(c.District1)}, false},
		{"district.admin", survey.Audience{OrgID: w.org(c.District1)}, true},
		{"district.admin", survey.Audience{OrgID: w.org(c.School3)}, true},
		{"district.admin", survey.Audience{OrgID: w.org(c.School2)}, false},
		{"city.admin", survey.Audience{OrgID: w.org(c.City), Roles: []identity.Role{identity.RoleTeacher}}, true},
	} {
		t.Run(fmt.Sprintf("%s %+v", tc.who, tc.au), func(t *testing.T) {
			n := basic(w, false)
			n.Audience = tc.au
			_, err := w.svc.Create(context.Background(), w.as(tc.who), n)
			if tc.ok && err != nil {
				t.Fatalf("want allowed, got %v", err)
			}
			if !tc.ok && !errors.Is(err, fault.ErrForbidden) {
				t.Fatalf("want forbidden, got %v", err)
			}
		})
	}
}

func listed(t *testing.T, w *world, a *identity.Actor) map[int64]survey.Survey {
	t.Helper()
	list, err := w.svc.List(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]survey.Survey{}
	for _, s := range list {
		out[s.ID] = s
	}
	return out
}

// TestAudience: who is invited by organization, role and class.
func TestAudience(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := identity.DemoOrgCodes
	ctx := context.Background()
	city := w.create(w.as("city.admin"), survey.NewSurvey{Title: "Giáo viên toàn thành phố", Questions: basic(w, false).Questions,
		Audience: survey.Audience{OrgID: w.org(c.City), Roles: []identity.Role{identity.RoleTeacher}}})
	school := w.create(w.as("school.admin"), basic(w, true))
	class := w.create(w.as("teacher1"), survey.NewSurvey{Title: "Lớp 10A1", Questions: basic(w, false).Questions,
		Audience: survey.Audience{ClassIDs: []int64{w.class("10A1")}, Roles: []identity.Role{identity.RoleStudent}}})
	district := w.create(w.as("district.admin"), survey.NewSurvey{Title: "Quận 1", Questions: basic(w, false).Questions,
		Audience: survey.Audience{OrgID: w.org(c.District1)}})
	for _, tc := range []struct {
		who     string
		invited []int64
	}{
		{"teacher1", []int64{city.ID, school.ID, district.ID}},
		{"teacher2", []int64{city.ID}},
		{"student1", []int64{school.ID, class.ID, district.ID}},
		{"student2", nil},
		{"librarian1", []int64{district.ID}},
		{"reviewer1", []int64{city.ID, school.ID, district.ID}},
	} {
		t.Run(tc.who, func(t *testing.T) {
			got := listed(t, w, w.as(tc.who))
			for _, id := range []int64{city.ID, school.ID, class.ID, district.ID} {
				want := false
				for _, x := range tc.invited {
					want = want || x == id
				}
				if got[id].Invited != want {
					t.Errorf("survey %d (%s): invited %v, want %v", id, got[id].Title, got[id].Invited, want)
				}
			}
		})
	}
	// The district survey reaches everyone in district 1, parent1 (guardian of
	// student1) included.
	sizes := map[int64]int{city.ID: 3, school.ID: 3, class.ID: 1, district.ID: 7}
	for id, want := range sizes {
		var res *survey.Results
		var err error
		switch id {
		case city.ID:
			res, err = w.svc.Results(ctx, w.as("city.admin"), id)
		case district.ID:
			res, err = w.svc.Results(ctx, w.as("district.admin"), id)
		default:
			res, err = w.svc.Results(ctx, w.as("school.admin"), id)
		}
		if err != nil || res.Audience != want {
			t.Errorf("survey %d audience size: %v %v, want %d", id, res, err, want)
		}
	}
}

// TestOtherSchool: a person of school 2 can neither see, answer nor read the results
// of a school 1 survey; administrators above school 1 read them.
func TestOtherSchool(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	sv := w.create(w.as("teacher1"), basic(w, false))
	admin2 := w.user("admin2", identity.DemoOrgCodes.School2, identity.RoleSchoolAdmin)
	for _, a := range []*identity.Actor{w.as("teacher2"), w.as("student2"), admin2} {
		if _, err := w.svc.Get(ctx, a, sv.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s gets the survey: %v", a.User.Username, err)
		}
		if err := w.svc.Submit(ctx, a, sv.ID, []byte(`[4]`)); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s answers the survey: %v", a.User.Username, err)
		}
		if err := w.svc.SaveDraft(ctx, a, sv.ID, []byte(`[4]`)); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s saves a draft: %v", a.User.Username, err)
		}
		if _, err := w.svc.Results(ctx, a, sv.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s reads the results: %v", a.User.Username, err)
		}
		if err := w.svc.ExportCSV(ctx, a, sv.ID, survey.Labels{}, &bytes.Buffer{}); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s exports: %v", a.User.Username, err)
		}
		if got := listed(t, w, a); len(got) != 0 {
			t.Errorf("%s lists %v", a.User.Username, got)
		}
	}
	// Respondents of school 1 see the survey but not its results.
	if _, err := w.svc.Results(ctx, w.as("student1"), sv.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("a respondent reads the results: %v", err)
	}
	if _, err := w.svc.Results(ctx, w.as("reviewer1"), sv.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("another teacher reads the results: %v", err)
	}
	for _, name := range []string{"teacher1", "school.admin", "district.admin", "city.admin"} {
		if _, err := w.svc.Results(ctx, w.as(name), sv.ID); err != nil {
			t.Errorf("%s cannot read the results: %v", name, err)
		}
	}
	if n := w.count(`SELECT count(*) FROM survey_participation`); n != 0 {
		t.Fatalf("refused answers left %d participation rows", n)
	}
}

func (w *world) count(sql string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

// TestOneResponsePerPersonAnonymous: a second response, also sent concurrently, is
// refused in an anonymous survey, and nothing half-written remains.
func TestOneResponsePerPersonAnonymous(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	sv := w.create(w.as("school.admin"), basic(w, true))
	s1, t1 := w.as("student1"), w.as("teacher1")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() { errs[i] = w.svc.Submit(ctx, s1, sv.ID, []byte(`[5, 0, [0, 2], [4, null], "Rất tốt"]`)) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, fault.ErrConflict):
			t.Fatalf("concurrent submit: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 8 concurrent responses of one person were taken", ok)
	}
	if err := w.svc.Submit(ctx, s1, sv.ID, []byte(`[1]`)); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("second response: %v", err)
	}
	if err := w.svc.SaveDraft(ctx, s1, sv.ID, []byte(`[1]`)); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("draft after responding: %v", err)
	}
	if _, err := w.svc.Mix(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Submit(ctx, s1, sv.ID, []byte(`[2]`)); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("response after mixing: %v", err)
	}
	w.submit(t1, sv.ID, `[3]`)
	if n := w.count(`SELECT count(*) FROM survey_responses WHERE survey_id = $1`, sv.ID); n != 2 {
		t.Fatalf("%d responses stored, want 2", n)
	}
	if n := w.count(`SELECT count(*) FROM survey_participation WHERE survey_id = $1`, sv.ID); n != 2 {
		t.Fatalf("%d participation rows, want 2", n)
	}
	got, _ := w.svc.Get(ctx, s1, sv.ID)
	if !got.Responded || got.Responses != 2 {
		t.Fatalf("student1 sees responded %v, %d responses", got.Responded, got.Responses)
	}
	// A required question left out, an option that does not exist: refused, nothing stored.
	s3 := w.as("reviewer1")
	for _, bad := range []string{`[null, 1]`, `[6]`, `[3, 2]`, `[3, 0, [7]]`, `{"a": 1}`, `[3, 0, [0], [1, 2, 3]]`} {
		if err := w.svc.Submit(ctx, s3, sv.ID, []byte(bad)); !isAnyValidation(err) {
			t.Errorf("answers %s: want a validation error, got %v", bad, err)
		}
	}
	if n := w.count(`SELECT count(*) FROM survey_participation WHERE user_id = $1`, s3.User.ID); n != 0 {
		t.Fatalf("refused answers left a participation row")
	}
}

func asValidation(err error) (*fault.ValidationError, bool) { return fault.AsValidation(err) }
