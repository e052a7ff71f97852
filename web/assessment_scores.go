package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Score changes after grading: bulk overrides, regrade after a key fix, the audit.
func (s *Server) assessmentScoreRoutes(mux *http.ServeMux) {
	mux.Handle("PUT /api/v1/tests/{id}/overrides", s.authed(s.apiOverrides))
	mux.Handle("GET /api/v1/tests/{id}/score-changes", s.authed(s.apiScoreChanges))
	mux.Handle("POST /api/v1/tests/{id}/items/{item}/regrade", s.authed(s.apiRegrade))
	mux.Handle("GET /api/v1/questions/{id}/uses", s.authed(s.apiItemUses))
	mux.Handle("POST /tests/{id}/overrides", s.authed(s.overridesForm))
	mux.Handle("POST /tests/{id}/regrade", s.authed(s.regradeForm))
}

func (s *Server) apiOverrides(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Overrides []assessment.Override `json:"overrides"`
	}
	if err := decodeJSON(w, r, &in, 256<<10); err != nil {
		s.fail(w, r, err)
		return
	}
	s.withID(w, r, func(id int64) (any, error) {
		if err := s.cfg.Assessment.OverrideScores(r.Context(), a, id, in.Overrides); err != nil {
			return nil, err
		}
		res, err := s.cfg.Assessment.Results(r.Context(), a, id)
		return map[string]any{"results": nonNil(res)}, err
	})
}

// apiItemUses is a bank item's figures over every test that used it.
func (s *Server) apiItemUses(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.ItemUses(r.Context(), a, id) })
}

func (s *Server) apiScoreChanges(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		res, err := s.cfg.Assessment.ScoreChanges(r.Context(), a, id)
		return map[string]any{"changes": nonNil(res)}, err
	})
}

func (s *Server) apiRegrade(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	item, err := pathID(r, "item")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in, 4<<10); err != nil {
		s.fail(w, r, err)
		return
	}
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assessment.Regrade(r.Context(), a, id, item, in.Reason) })
}

// overridesForm takes the results table's form: a new score (or "clear") per student
// and one reason for the whole change.
func (s *Server) overridesForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := r.PostForm.Get("reason")
	var list []assessment.Override
	for key, vals := range r.PostForm {
		uid, ok := strings.CutPrefix(key, "score_")
		user, perr := strconv.ParseInt(uid, 10, 64)
		if !ok || perr != nil || strings.TrimSpace(vals[0]) == "" {
			continue
		}
		score := formNumber(vals[0])
		list = append(list, assessment.Override{UserID: user, Score: &score, Reason: reason})
	}
	for _, v := range r.PostForm["clear"] {
		if user, err := strconv.ParseInt(v, 10, 64); err == nil {
			list = append(list, assessment.Override{UserID: user, Reason: reason})
		}
	}
	if err := s.cfg.Assessment.OverrideScores(r.Context(), a, id, list); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "override.saved")
	http.Redirect(w, r, "/tests/"+strconv.FormatInt(id, 10)+"#results", http.StatusSeeOther)
}

func (s *Server) regradeForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.cfg.Assessment.Regrade(r.Context(), a, id, formInt(r, "item_id"), r.PostForm.Get("reason")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "regrade.done")
	http.Redirect(w, r, "/tests/"+strconv.FormatInt(id, 10)+"#changes", http.StatusSeeOther)
}
