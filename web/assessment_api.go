package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Assessment is what the web layer needs of the assessment domain.
type Assessment interface {
	CreateItem(ctx context.Context, a *identity.Actor, n assessment.NewItem) (*assessment.Item, error)
	ReviseItem(ctx context.Context, a *identity.Actor, id int64, n assessment.NewItem) (*assessment.Item, error)
	Item(ctx context.Context, a *identity.Actor, id int64) (*assessment.Item, error)
	Items(ctx context.Context, a *identity.Actor, f assessment.ItemFilter) ([]assessment.Item, error)
	CreateTest(ctx context.Context, a *identity.Actor, n assessment.NewTest) (*assessment.Test, error)
	Test(ctx context.Context, a *identity.Actor, id int64) (*assessment.Test, error)
	Tests(ctx context.Context, a *identity.Actor) ([]assessment.Test, error)
	Start(ctx context.Context, a *identity.Actor, testID int64, code string) (*assessment.AttemptView, error)
	Attempt(ctx context.Context, a *identity.Actor, id int64) (*assessment.AttemptView, error)
	Autosave(ctx context.Context, a *identity.Actor, attemptID, itemID int64, resp json.RawMessage, seq int64) (*assessment.Ack, error)
	LogEvent(ctx context.Context, a *identity.Actor, attemptID int64, kind string, position int) error
	Submit(ctx context.Context, a *identity.Actor, attemptID int64) (*assessment.AttemptView, error)
	Results(ctx context.Context, a *identity.Actor, testID int64) ([]assessment.StudentScore, error)
	Attempts(ctx context.Context, a *identity.Actor, testID int64) ([]assessment.AttemptSummary, error)
	GradingQueue(ctx context.Context, a *identity.Actor, testID int64, blind bool) ([]assessment.Ungraded, error)
	OverrideScores(ctx context.Context, a *identity.Actor, testID int64, list []assessment.Override) error
	ScoreChanges(ctx context.Context, a *identity.Actor, testID int64) ([]assessment.ScoreChange, error)
	Regrade(ctx context.Context, a *identity.Actor, testID, itemID int64, reason string) (*assessment.RegradeReport, error)
	GradeAnswer(ctx context.Context, a *identity.Actor, attemptID, itemID int64, score float64, comment string) error
	SetExtraTime(ctx context.Context, a *identity.Actor, testID, userID int64, minutes int) error
	Analysis(ctx context.Context, a *identity.Actor, testID int64) (*assessment.Analysis, error)
	SetReviewStatus(ctx context.Context, a *identity.Actor, itemID int64, status string) error
	ReviewQueue(ctx context.Context, a *identity.Actor) ([]assessment.Item, error)
	ImportItems(ctx context.Context, a *identity.Actor, r io.Reader) ([]int64, error)
	ImportQTI(ctx context.Context, a *identity.Actor, data []byte, d assessment.QTIDefaults) ([]int64, error)
	ItemQTI(ctx context.Context, a *identity.Actor, id int64) ([]byte, error)
	ItemUses(ctx context.Context, a *identity.Actor, itemID int64) (*assessment.ItemUse, error)
}

func (s *Server) assessmentAPIRoutes(mux *http.ServeMux) {
	mux.Handle("POST /api/v1/questions", s.authed(s.apiCreateQuestion))
	mux.Handle("GET /api/v1/questions", s.authed(s.apiQuestions))
	mux.Handle("GET /api/v1/questions/{id}", s.authed(s.apiQuestion))
	mux.Handle("PUT /api/v1/questions/{id}", s.authed(s.apiReviseQuestion))
	mux.Handle("POST /api/v1/tests", s.authed(s.apiCreateTest))
	mux.Handle("GET /api/v1/tests", s.authed(s.apiTests))
	mux.Handle("GET /api/v1/tests/{id}", s.authed(s.apiTest))
	mux.Handle("POST /api/v1/tests/{id}/attempts", s.authed(s.apiStart))
	mux.Handle("GET /api/v1/tests/{id}/results", s.authed(s.apiResults))
	mux.Handle("GET /api/v1/tests/{id}/attempts", s.authed(s.apiTestAttempts))
	mux.Handle("GET /api/v1/tests/{id}/grading", s.authed(s.apiGradingQueue))
	mux.Handle("GET /api/v1/attempts/{id}", s.authed(s.apiAttempt))
	mux.Handle("PUT /api/v1/attempts/{id}/answers/{item}", s.authed(s.apiAutosave))
	mux.Handle("POST /api/v1/attempts/{id}/events", s.authed(s.apiAttemptEvent))
	mux.Handle("POST /api/v1/attempts/{id}/submit", s.authed(s.apiSubmitAttempt))
	mux.Handle("PUT /api/v1/attempts/{id}/grades/{item}", s.authed(s.apiGrade))
	mux.Handle("PUT /api/v1/tests/{id}/extra-time/{user}", s.authed(s.apiExtraTime))
	mux.Handle("GET /api/v1/tests/{id}/analysis", s.authed(s.apiAnalysis))
}

func (s *Server) apiAnalysis(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.Analysis(r.Context(), a, id) })
}

// apiExtraTime gives a student extra minutes (an accommodation) for attempts they
// start afterwards: {"minutes": n}, 0 removes it.
func (s *Server) apiExtraTime(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	user, err := pathID(r, "user")
	var in struct {
		Minutes int `json:"minutes"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in, 4<<10)
	}
	if err == nil {
		err = s.cfg.Assessment.SetExtraTime(r.Context(), a, id, user, in.Minutes)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// respond writes v as JSON with status, or fails the request with err.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, v)
}

func (s *Server) apiCreateQuestion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in assessment.NewItem
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	it, err := s.cfg.Assessment.CreateItem(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": it.ID, "version": it.Version.Number, "similar": nonNil(it.Similar)})
}

func (s *Server) apiReviseQuestion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in assessment.NewItem
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	var it *assessment.Item
	if err == nil {
		it, err = s.cfg.Assessment.ReviseItem(r.Context(), a, id, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": it.ID, "version": it.Version.Number})
}

func itemFilterFrom(r *http.Request) assessment.ItemFilter {
	q := r.URL.Query()
	grade, _ := strconv.Atoi(q.Get("grade"))
	return assessment.ItemFilter{Subject: q.Get("subject"), Grade: grade, Level: q.Get("level"), Topic: q.Get("topic"),
		Type: q.Get("type"), Mine: q.Get("mine") == "1", Query: q.Get("q")}
}

func (s *Server) apiQuestions(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	items, err := s.cfg.Assessment.Items(r.Context(), a, itemFilterFrom(r))
	s.respond(w, r, http.StatusOK, map[string]any{"questions": nonNil(items)}, err)
}

func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var it *assessment.Item
	if err == nil {
		it, err = s.cfg.Assessment.Item(r.Context(), a, id)
	}
	s.respond(w, r, http.StatusOK, it, err)
}

func (s *Server) apiCreateTest(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in assessment.NewTest
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.cfg.Assessment.CreateTest(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": t.ID, "forms": t.Forms, "items": t.Items, "max_score": t.MaxScore})
}

func (s *Server) apiTests(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	tests, err := s.cfg.Assessment.Tests(r.Context(), a)
	s.respond(w, r, http.StatusOK, map[string]any{"tests": nonNil(tests)}, err)
}

// withID runs f with the {id} path value, failing the request on a bad id or error.
func (s *Server) withID(w http.ResponseWriter, r *http.Request, f func(id int64) (any, error)) {
	id, err := pathID(r, "id")
	var v any
	if err == nil {
		v, err = f(id)
	}
	s.respond(w, r, http.StatusOK, v, err)
}

func (s *Server) apiTest(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.Test(r.Context(), a, id) })
}

func (s *Server) apiStart(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	// The body is optional: {"access_code": "..."} for a test that has one.
	var in struct {
		AccessCode string `json:"access_code"`
	}
	if r.ContentLength > 0 {
		if err := decodeJSON(w, r, &in, 4<<10); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.Start(r.Context(), a, id, in.AccessCode) })
}

func (s *Server) apiResults(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		res, err := s.cfg.Assessment.Results(r.Context(), a, id)
		return map[string]any{"results": nonNil(res)}, err
	})
}

func (s *Server) apiTestAttempts(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		res, err := s.cfg.Assessment.Attempts(r.Context(), a, id)
		return map[string]any{"attempts": nonNil(res)}, err
	})
}

func (s *Server) apiGradingQueue(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		res, err := s.cfg.Assessment.GradingQueue(r.Context(), a, id, r.URL.Query().Get("blind") == "1")
		return map[string]any{"answers": nonNil(res)}, err
	})
}

func (s *Server) apiAttempt(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.Attempt(r.Context(), a, id) })
}

// autosaveLimit bounds one answer's request (an essay of a few pages).
const autosaveLimit = 64 << 10

// apiAutosave saves one answer. The 200 is written only after the answer is
// committed, so an acknowledged answer survives this process dying right after.
func (s *Server) apiAutosave(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	item, err := pathID(r, "item")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Response json.RawMessage `json:"response"`
		Seq      int64           `json:"seq"`
	}
	if err := decodeJSON(w, r, &in, autosaveLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Seq <= 0 {
		s.fail(w, r, badRequest("answer.seq"))
		return
	}
	ack, err := s.cfg.Assessment.Autosave(r.Context(), a, id, item, in.Response, in.Seq)
	s.respond(w, r, http.StatusOK, ack, err)
}

func (s *Server) apiAttemptEvent(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in struct {
		Kind     string `json:"kind"`
		Position int    `json:"position"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in, 4<<10)
	}
	if err == nil {
		err = s.cfg.Assessment.LogEvent(r.Context(), a, id, in.Kind, in.Position)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiSubmitAttempt(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		v, err := s.cfg.Assessment.Submit(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		return map[string]any{"id": v.ID, "status": v.Status, "score": v.Score, "max_score": v.MaxScore,
			"pending_grading": v.Pending, "submitted_at": v.SubmittedAt}, nil
	})
}

func (s *Server) apiGrade(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	item, err := pathID(r, "item")
	var in struct {
		Score   float64 `json:"score"`
		Comment string  `json:"comment"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in, 64<<10)
	}
	if err == nil {
		err = s.cfg.Assessment.GradeAnswer(r.Context(), a, id, item, in.Score, in.Comment)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
