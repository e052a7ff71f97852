package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

func (s *Server) testsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	tests, err := s.cfg.Assessment.Tests(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tests", map[string]any{"Tests": tests, "CanCreate": a.HasRole(identity.RoleTeacher)})
}

// testFormData is what the test form offers: the classes the actor teaches and the
// questions they may use.
func (s *Server) testFormData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	classes, err := s.cfg.Identity.MyClasses(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var teaching []identity.Class
	for _, c := range classes {
		if strings.Contains(c.MyRole, "teacher") || strings.Contains(c.MyRole, "homeroom") {
			teaching = append(teaching, c)
		}
	}
	items, err := s.cfg.Assessment.Items(r.Context(), a, assessment.ItemFilter{Limit: 200})
	if err != nil {
		return nil, err
	}
	return map[string]any{"Classes": teaching, "Items": items, "Methods": assessment.GradingMethods}, nil
}

func (s *Server) newTestPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.testFormData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderView(w, r, http.StatusOK, "test_new", &view{Data: data, Form: map[string]string{"time_limit_minutes": "45", "attempts_allowed": "1"}})
}

// formTime reads a datetime-local field (the server's time zone, as pages show dates).
func formTime(v string) *time.Time {
	if v == "" {
		return nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, time.Local)
	if err != nil {
		return nil
	}
	return &t
}

func formIDs(vals []string) []int64 {
	var ids []int64
	for _, v := range vals {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

func (s *Server) createTest(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	limit, _ := strconv.Atoi(f.Get("time_limit_minutes"))
	attempts, _ := strconv.Atoi(f.Get("attempts_allowed"))
	shuffle := f.Get("shuffle") == "on"
	n := assessment.NewTest{Title: f.Get("title"), ClassIDs: formIDs(f["class_id"]), QuestionIDs: formIDs(f["question_id"]),
		TimeLimitMinutes: limit, OpensAt: formTime(f.Get("opens_at")), ClosesAt: formTime(f.Get("closes_at")), AttemptsAllowed: attempts,
		GradingMethod: f.Get("grading_method"), ShowResults: f.Get("show_results"), OnePerPage: f.Get("one_per_page") == "on", Shuffle: &shuffle,
		AccessCode: f.Get("access_code"), IPRanges: []string{f.Get("ip_ranges")}, Navigation: f.Get("navigation")}
	t, err := s.cfg.Assessment.CreateTest(r.Context(), a, n)
	if err != nil {
		data, derr := s.testFormData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "test_new", data)
		return
	}
	s.flash(r, "test.created")
	http.Redirect(w, r, "/tests/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
}

// testPage is the teacher's view of a test (results, integrity log, essays to grade)
// or the student's (start or continue).
func (s *Server) testPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	t, err := s.cfg.Assessment.Test(ctx, a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Test": t}
	if t.Staff {
		results, err := s.cfg.Assessment.Results(ctx, a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		attempts, err := s.cfg.Assessment.Attempts(ctx, a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		blind := r.URL.Query().Get("blind") == "1"
		queue, err := s.cfg.Assessment.GradingQueue(ctx, a, id, blind)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		changes, err := s.cfg.Assessment.ScoreChanges(ctx, a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Blind"], data["Changes"] = blind, changes
		var essays []gradeView
		for _, u := range queue {
			essays = append(essays, gradeView{Ungraded: u, Stem: trustedHTML(u.StemHTML)})
		}
		analysis, err := s.cfg.Assessment.Analysis(ctx, a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data["Results"], data["Attempts"], data["Queue"] = results, attempts, essays
		data["Analysis"], data["Bars"] = analysis, histogramBars(analysis.Histogram)
	}
	s.render(w, r, http.StatusOK, "test", data)
}

type gradeView struct {
	assessment.Ungraded
	Stem any
}

func (s *Server) startAttempt(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	var v *assessment.AttemptView
	if err == nil {
		v, err = s.cfg.Assessment.Start(r.Context(), a, id, r.PostForm.Get("access_code"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/attempts/"+strconv.FormatInt(v.ID, 10), http.StatusSeeOther)
}

func (s *Server) gradeAnswer(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.cfg.Assessment.GradeAnswer(r.Context(), a, id, formInt(r, "item_id"), formNumber(r.PostForm.Get("score")), r.PostForm.Get("comment"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "grade.saved")
	http.Redirect(w, r, "/tests/"+strconv.FormatInt(formInt(r, "test_id"), 10)+"#grading", http.StatusSeeOther)
}

// bar is one column of the score histogram, in the SVG's units (300 x 120).
type bar struct {
	X, Y, W, H int
	N          int
	Label      string
}

// histogramBars lays out the score distribution as an SVG bar chart (drawn by the
// template; no script, no image library).
func histogramBars(h [10]int) []bar {
	top := 1
	for _, n := range h {
		top = max(top, n)
	}
	bars := make([]bar, len(h))
	for i, n := range h {
		height := n * 100 / top
		bars[i] = bar{X: i*30 + 3, Y: 100 - height, W: 24, H: height, N: n, Label: strconv.Itoa(i*10) + "%"}
	}
	return bars
}
