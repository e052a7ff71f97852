package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// surveyChoice is one radio button or checkbox of the survey form.
type surveyChoice struct {
	Value, Label string
	Checked      bool
}

// surveyRow is one row of a matrix question.
type surveyRow struct {
	Name, Label string
	Choices     []surveyChoice
}

// surveyQuestion is a question as the survey form shows it, with the current answer.
type surveyQuestion struct {
	survey.Question
	N       int
	Name    string
	Likert  bool
	Choices []surveyChoice
	Rows    []surveyRow
	Answer  string // free text
}

// choicesFor lists the columns of a question (Likert points or options), checking
// those in picked.
func choicesFor(q *survey.Question, t func(string, ...any) string, picked []int, short bool) []surveyChoice {
	var out []surveyChoice
	for c := range q.Columns() {
		v, label := c, ""
		if q.LikertScale() {
			v = c + 1
			label = strconv.Itoa(v)
			if !short {
				label += " · " + t("survey.likert."+strconv.Itoa(v))
			}
		} else {
			label = q.Options[c]
		}
		out = append(out, surveyChoice{Value: strconv.Itoa(v), Label: label, Checked: slices.Contains(picked, v)})
	}
	return out
}

func surveyQuestions(qs []survey.Question, ans survey.Answers, t func(string, ...any) string) []surveyQuestion {
	out := make([]surveyQuestion, len(qs))
	for i := range qs {
		q := &qs[i]
		tq := surveyQuestion{Question: *q, N: i + 1, Name: "a" + strconv.Itoa(i), Likert: q.LikertScale()}
		var raw json.RawMessage
		if i < len(ans) {
			raw = ans[i]
		}
		switch q.Kind {
		case survey.Text:
			_ = json.Unmarshal(raw, &tq.Answer)
		case survey.Likert, survey.Single:
			var n *int
			_ = json.Unmarshal(raw, &n)
			var picked []int
			if n != nil {
				picked = []int{*n}
			}
			tq.Choices = choicesFor(q, t, picked, false)
		case survey.Multiple:
			var picked []int
			_ = json.Unmarshal(raw, &picked)
			tq.Choices = choicesFor(q, t, picked, false)
		case survey.Matrix:
			var cells []*int
			_ = json.Unmarshal(raw, &cells)
			for r, label := range q.Rows {
				var picked []int
				if r < len(cells) && cells[r] != nil {
					picked = []int{*cells[r]}
				}
				tq.Rows = append(tq.Rows, surveyRow{Name: tq.Name + "_" + strconv.Itoa(r), Label: label, Choices: choicesFor(q, t, picked, true)})
			}
		}
		out[i] = tq
	}
	return out
}

// answersFromForm turns the survey form into the answers' JSON (values that are not
// numbers are left out; the domain checks the rest).
func answersFromForm(qs []survey.Question, f url.Values) []byte {
	out := make([]any, len(qs))
	num := func(v string) any {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		return nil
	}
	for i, q := range qs {
		name := "a" + strconv.Itoa(i)
		switch q.Kind {
		case survey.Text:
			out[i] = f.Get(name)
		case survey.Likert, survey.Single:
			out[i] = num(f.Get(name))
		case survey.Multiple:
			var picks []int
			for _, v := range f[name] {
				if n, err := strconv.Atoi(v); err == nil {
					picks = append(picks, n)
				}
			}
			out[i] = picks
		case survey.Matrix:
			cells := make([]any, len(q.Rows))
			for r := range q.Rows {
				cells[r] = num(f.Get(name + "_" + strconv.Itoa(r)))
			}
			out[i] = cells
		}
	}
	b, _ := json.Marshal(out)
	return b
}

// surveyPage shows a survey: the form to its audience while it is open, its state
// otherwise, and links to the results for its managers.
func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var sv *survey.Survey
	if err == nil {
		sv, err = s.cfg.Surveys.Get(r.Context(), a, id)
	}
	var ans survey.Answers
	if err == nil && sv.Invited && !sv.Responded {
		ans, err = s.cfg.Surveys.Draft(r.Context(), a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTake(w, r, http.StatusOK, sv, ans, "")
}

func (s *Server) renderTake(w http.ResponseWriter, r *http.Request, status int, sv *survey.Survey, ans survey.Answers, msg string) {
	t := translator(localeFrom(r.Context()))
	state := sv.State(time.Now())
	s.renderView(w, r, status, "survey_take", &view{Error: msg, Data: map[string]any{"Survey": sv, "State": state,
		"CanAnswer": sv.Invited && !sv.Responded && state == "open", "Questions": surveyQuestions(sv.Questions, ans, t)}})
}

// respondSurvey saves a draft or submits, by the button pressed. A refused response
// shows the form again with what was filled in.
func (s *Server) respondSurvey(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	id, err := pathID(r, "id")
	var sv *survey.Survey
	if err == nil {
		sv, err = s.cfg.Surveys.Get(ctx, a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := answersFromForm(sv.Questions, r.PostForm)
	draft := r.PostForm.Get("action") == "draft"
	if draft {
		err = s.cfg.Surveys.SaveDraft(ctx, a, id, body)
	} else {
		err = s.cfg.Surveys.Submit(ctx, a, id, body)
	}
	if _, bad := fault.AsValidation(err); bad {
		ans, _ := survey.ParseAnswers(sv.Questions, body, false)
		msg, _ := userMessage(r, err, http.StatusBadRequest)
		s.renderTake(w, r, http.StatusBadRequest, sv, ans, msg)
		return
	}
	if errors.Is(err, fault.ErrConflict) {
		s.flash(r, "survey.already")
		http.Redirect(w, r, "/surveys", http.StatusSeeOther)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if draft {
		s.flash(r, "survey.draft_saved")
		http.Redirect(w, r, "/surveys/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return
	}
	s.flash(r, "survey.thanks")
	http.Redirect(w, r, "/surveys", http.StatusSeeOther)
}
