package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Surveys is what the web layer needs of the survey domain.
type Surveys interface {
	Create(ctx context.Context, a *identity.Actor, n survey.NewSurvey) (*survey.Survey, error)
	Get(ctx context.Context, a *identity.Actor, id int64) (*survey.Survey, error)
	List(ctx context.Context, a *identity.Actor) ([]survey.Survey, error)
	Submit(ctx context.Context, a *identity.Actor, id int64, answers []byte) error
	SaveDraft(ctx context.Context, a *identity.Actor, id int64, answers []byte) error
	Draft(ctx context.Context, a *identity.Actor, id int64) (survey.Answers, error)
	Results(ctx context.Context, a *identity.Actor, id int64) (*survey.Results, error)
	ExportCSV(ctx context.Context, a *identity.Actor, id int64, labels survey.Labels, w io.Writer) error
	Targets(ctx context.Context, a *identity.Actor) (orgs, classes []survey.Target, err error)
	Close(ctx context.Context, a *identity.Actor, id int64) error
}

// surveyRoutes wires online surveys: API and pages.
func (s *Server) surveyRoutes(mux *http.ServeMux) {
	if s.cfg.Surveys == nil {
		return
	}
	mux.Handle("POST /api/v1/surveys", s.authed(s.apiCreateSurvey))
	mux.Handle("GET /api/v1/surveys", s.authed(s.apiSurveys))
	mux.Handle("GET /api/v1/surveys/{id}", s.authed(s.apiSurvey))
	mux.Handle("POST /api/v1/surveys/{id}/responses", s.authed(s.apiSurveyResponse))
	mux.Handle("GET /api/v1/surveys/{id}/results", s.authed(s.apiSurveyResults))
	mux.Handle("GET /surveys", s.authed(s.surveysPage))
	mux.Handle("GET /surveys/new", s.authed(s.newSurveyPage))
	mux.Handle("POST /surveys", s.authed(s.createSurvey))
	mux.Handle("GET /surveys/{id}", s.authed(s.surveyPage))
	mux.Handle("POST /surveys/{id}/respond", s.authed(s.respondSurvey))
	mux.Handle("GET /surveys/{id}/results", s.authed(s.surveyResultsPage))
	mux.Handle("POST /surveys/{id}/close", s.authed(s.closeSurvey))
}

// readBody reads a bounded request body.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	return io.ReadAll(r.Body)
}

func (s *Server) apiCreateSurvey(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	body, err := readBody(w, r, jsonLimit)
	var n *survey.NewSurvey
	if err == nil {
		n, err = survey.DecodeNewSurvey(body)
	}
	var sv *survey.Survey
	if err == nil {
		sv, err = s.cfg.Surveys.Create(r.Context(), a, *n)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": sv.ID})
}

func (s *Server) apiSurveys(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	list, err := s.cfg.Surveys.List(r.Context(), a)
	s.respond(w, r, http.StatusOK, map[string]any{"surveys": nonNil(list)}, err)
}

func (s *Server) apiSurvey(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Surveys.Get(r.Context(), a, id) })
}

// apiSurveyResponse takes {"answers": [...], "draft": false}: one answer per question
// (see survey.Answers); with draft the answers are kept for later instead.
func (s *Server) apiSurveyResponse(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in struct {
		Answers json.RawMessage `json:"answers"`
		Draft   bool            `json:"draft"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in, 256<<10)
	}
	if err == nil && in.Draft {
		err = s.cfg.Surveys.SaveDraft(r.Context(), a, id, in.Answers)
		s.respond(w, r, http.StatusOK, map[string]any{"status": "draft"}, err)
		return
	}
	if err == nil {
		err = s.cfg.Surveys.Submit(r.Context(), a, id, in.Answers)
	}
	s.respond(w, r, http.StatusCreated, map[string]any{"status": "submitted"}, err)
}

// likertLabels are the Likert points' texts in the request's language.
func likertLabels(r *http.Request) survey.Labels {
	t := translator(localeFrom(r.Context()))
	var l survey.Labels
	for i := range l {
		l[i] = t("survey.likert." + strconv.Itoa(i+1))
	}
	return l
}

// apiSurveyResults answers the tallies as JSON, or with ?format=csv every response as
// a CSV file.
func (s *Server) apiSurveyResults(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if r.URL.Query().Get("format") != "csv" {
		s.withID(w, r, func(id int64) (any, error) { return s.cfg.Surveys.Results(r.Context(), a, id) })
		return
	}
	id, err := pathID(r, "id")
	var buf bytes.Buffer
	if err == nil {
		err = s.cfg.Surveys.ExportCSV(r.Context(), a, id, likertLabels(r), &buf)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="survey-`+strconv.FormatInt(id, 10)+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}
