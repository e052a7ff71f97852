package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// gradebookWeightRoutes lets teachers change the weights of a course's categories.
func (s *Server) gradebookWeightRoutes(mux *http.ServeMux) {
	mux.Handle("PUT /api/v1/courses/{id}/gradebook/weights", s.authed(s.apiSetWeights))
	mux.Handle("POST /courses/{id}/gradebook/weights", s.authed(s.weightsForm))
}

// apiSetWeights takes {"weights": {"final": 2, ...}} and answers the gradebook.
func (s *Server) apiSetWeights(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Weights map[string]float64 `json:"weights"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		if err := s.cfg.Gradebook.SetWeights(r.Context(), a, id, in.Weights); err != nil {
			return nil, err
		}
		return s.cfg.Gradebook.View(r.Context(), a, id, 0)
	})
}

// weightsForm reads one field weight_<code> per category; a decimal comma is fine.
func (s *Server) weightsForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.gradebookAction(w, r, a, "gradebook.weights_saved", func(id int64) error {
		weights, err := parseWeights(r.PostForm)
		if err != nil {
			return err
		}
		return s.cfg.Gradebook.SetWeights(r.Context(), a, id, weights)
	})
}

// parseWeights reads the fields weight_<code> of a form as decimal numbers (a comma
// or a dot); the range is the gradebook's to check.
func parseWeights(form url.Values) (map[string]float64, error) {
	weights := map[string]float64{}
	for k, v := range form {
		code, ok := strings.CutPrefix(k, "weight_")
		if !ok || len(v) == 0 {
			continue
		}
		f, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v[0]), ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fault.Invalid("weight", "gradebook.weight_invalid", "A weight is a number from 0.01 to 100.")
		}
		weights[code] = f
	}
	return weights, nil
}
