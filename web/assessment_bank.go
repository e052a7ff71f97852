package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// assessmentRoutes wires the question bank and online tests: API and pages.
func (s *Server) assessmentRoutes(mux *http.ServeMux) {
	if s.cfg.Assessment == nil {
		return
	}
	s.assessmentAPIRoutes(mux)
	mux.Handle("GET /questions", s.authed(s.questionsPage))
	mux.Handle("GET /questions/new", s.authed(s.newQuestionPage))
	mux.Handle("GET /questions/{id}", s.authed(s.questionPage))
	mux.Handle("POST /questions", s.authed(s.createQuestion))
	mux.Handle("GET /tests", s.authed(s.testsPage))
	mux.Handle("GET /tests/new", s.authed(s.newTestPage))
	mux.Handle("POST /tests", s.authed(s.createTest))
	mux.Handle("GET /tests/{id}", s.authed(s.testPage))
	mux.Handle("POST /tests/{id}/start", s.authed(s.startAttempt))
	mux.Handle("GET /attempts/{id}", s.authed(s.attemptPage))
	mux.Handle("POST /attempts/{id}/save", s.authed(s.saveAttempt(false)))
	mux.Handle("POST /attempts/{id}/submit", s.authed(s.saveAttempt(true)))
	mux.Handle("POST /attempts/{id}/grade", s.authed(s.gradeAnswer))
	s.assessmentScoreRoutes(mux)
	s.assessmentImportRoutes(mux)
	s.assessmentReviewRoutes(mux)
}

// bankTypes are the item types the page form offers, in the order shown.
var bankTypes = []string{assessment.SingleChoice, assessment.MultipleResponse, assessment.TrueFalse, assessment.ShortText,
	assessment.Numeric, assessment.Essay, assessment.Matching, assessment.Ordering, assessment.Cloze}

func (s *Server) bankData(r *http.Request) (map[string]any, error) {
	data := map[string]any{"Types": bankTypes, "Levels": assessment.Levels, "Scopes": assessment.Scopes,
		"Grades": []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "Slots": []int{0, 1, 2, 3, 4, 5}, "Four": []int{0, 1, 2, 3}}
	if s.cfg.Resources != nil {
		subjects, err := s.cfg.Resources.Subjects(r.Context())
		if err != nil {
			return nil, err
		}
		data["Subjects"] = subjects
	}
	return data, nil
}

func (s *Server) questionsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.bankData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := itemFilterFrom(r)
	items, err := s.cfg.Assessment.Items(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Items"], data["Filter"], data["CanCreate"] = items, f, a.HasRole(identity.RoleTeacher)
	s.render(w, r, http.StatusOK, "questions", data)
}

// questionPage shows one question of the bank (where a search hit leads), on the
// bank's page; a question the actor may not see is not found.
func (s *Server) questionPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, fmt.Errorf("question %q: %w", r.PathValue("id"), fault.ErrNotFound))
		return
	}
	it, err := s.cfg.Assessment.Item(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.bankData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Items"], data["Filter"], data["CanCreate"] = []assessment.Item{*it}, assessment.ItemFilter{}, a.HasRole(identity.RoleTeacher)
	s.render(w, r, http.StatusOK, "questions", data)
}

func (s *Server) newQuestionPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.bankData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typ := r.URL.Query().Get("type")
	if !slices.Contains(bankTypes, typ) {
		typ = assessment.SingleChoice
	}
	data["Type"] = typ
	s.renderView(w, r, http.StatusOK, "question_new", &view{Data: data, Form: map[string]string{"type": typ}})
}

// formNumber reads a number written with a decimal comma or point.
func formNumber(v string) float64 {
	f, _ := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
	return f
}

// lines splits a textarea into its non-empty lines.
func lines(v string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// itemFromForm builds an item from the question form.
func itemFromForm(r *http.Request) assessment.NewItem {
	f := r.PostForm
	grade, _ := strconv.Atoi(f.Get("grade"))
	diff, _ := strconv.Atoi(f.Get("difficulty"))
	n := assessment.NewItem{Type: f.Get("type"), Stem: f.Get("stem"), Subject: f.Get("subject"), Grade: grade, Topic: f.Get("topic"),
		Level: f.Get("level"), Difficulty: diff, Scope: f.Get("scope"), Licence: f.Get("licence"), Points: formNumber(f.Get("points"))}
	c := &n.Content
	switch n.Type {
	case assessment.SingleChoice, assessment.MultipleResponse:
		for i := range 6 {
			k := strconv.Itoa(i)
			if t := strings.TrimSpace(f.Get("option_" + k)); t != "" {
				c.Options = append(c.Options, assessment.Option{Text: t, Correct: f.Get("correct") == k || f.Get("correct_"+k) == "on"})
			}
		}
	case assessment.TrueFalse:
		for i := range 4 {
			k := strconv.Itoa(i)
			if t := strings.TrimSpace(f.Get("statement_" + k)); t != "" {
				c.Statements = append(c.Statements, assessment.Statement{Text: t, Correct: f.Get("truth_"+k) == "true"})
			}
		}
		if len(c.Statements) == 0 && f.Get("truth") != "" {
			v := f.Get("truth") == "true"
			c.Correct = &v
		}
	case assessment.ShortText:
		c.Accepted, c.CaseSensitive, c.IgnoreDiacritics = lines(f.Get("accepted")), f.Get("case_sensitive") == "on", f.Get("ignore_diacritics") == "on"
	case assessment.Numeric:
		if v := strings.TrimSpace(f.Get("answer")); v != "" {
			x := formNumber(v)
			c.Answer = &x
		}
		c.Tolerance, c.Unit = formNumber(f.Get("tolerance")), strings.TrimSpace(f.Get("unit"))
	case assessment.Essay:
		c.Rubric = strings.TrimSpace(f.Get("rubric"))
	case assessment.Matching:
		for _, l := range lines(f.Get("pairs")) {
			left, right, _ := strings.Cut(l, "|")
			c.Pairs = append(c.Pairs, assessment.Pair{Left: left, Right: right})
		}
	case assessment.Ordering:
		for _, l := range lines(f.Get("sequence")) {
			c.Sequence = append(c.Sequence, assessment.Piece{Text: l})
		}
	case assessment.Cloze:
		for _, l := range lines(f.Get("blanks")) {
			c.Blanks = append(c.Blanks, assessment.Blank{Accepted: strings.Split(l, ";")})
		}
	}
	return n
}

func (s *Server) createQuestion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	it, err := s.cfg.Assessment.CreateItem(r.Context(), a, itemFromForm(r))
	if err != nil {
		data, derr := s.bankData(r)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		data["Type"] = r.PostForm.Get("type")
		s.formError(w, r, err, "question_new", data)
		return
	}
	if len(it.Similar) > 0 {
		s.flash(r, "bank.created_similar")
	} else {
		s.flash(r, "bank.created")
	}
	http.Redirect(w, r, "/questions?mine=1", http.StatusSeeOther)
}
