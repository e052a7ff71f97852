package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Subject-panel review of bank questions: the author sends a draft, a reviewer of
// the school (or above) approves it or sends it back.
func (s *Server) assessmentReviewRoutes(mux *http.ServeMux) {
	mux.Handle("GET /questions/review", s.authed(s.questionReviewPage))
	mux.Handle("POST /questions/{id}/review", s.authed(s.questionReview))
	mux.Handle("GET /api/v1/questions/review-queue", s.authed(s.apiQuestionReviewQueue))
	mux.Handle("POST /api/v1/questions/{id}/review", s.authed(s.apiQuestionReview))
}

func (s *Server) questionReviewPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	queue, err := s.cfg.Assessment.ReviewQueue(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "question_review", map[string]any{"Items": queue})
}

func (s *Server) questionReview(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	id, err := pathID(r, "id")
	status := r.PostForm.Get("status")
	if err == nil {
		err = s.cfg.Assessment.SetReviewStatus(r.Context(), a, id, status)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "qreview.done."+status)
	back := "/questions/review"
	if status == "in_review" {
		back = "/questions?mine=1"
	}
	http.Redirect(w, r, back+"#q"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) apiQuestionReviewQueue(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	queue, err := s.cfg.Assessment.ReviewQueue(r.Context(), a)
	s.respond(w, r, http.StatusOK, map[string]any{"questions": nonNil(queue)}, err)
}

func (s *Server) apiQuestionReview(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Status string `json:"status"`
	}
	if err := decodeJSON(w, r, &in, 1<<10); err != nil {
		s.fail(w, r, err)
		return
	}
	s.withID(w, r, func(id int64) (any, error) {
		return map[string]string{"status": in.Status}, s.cfg.Assessment.SetReviewStatus(r.Context(), a, id, in.Status)
	})
}
