package web

import (
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// gradingData is the grading view of one submission, with the previous and next
// students' submissions (by name) to move through the pile.
func (s *Server) gradingData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	subID, err := pathID(r, "sub")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	as, err := s.cfg.Assignments.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	subs, err := s.cfg.Assignments.Submissions(ctx, a, id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"A": as, "Count": len(subs)}
	for i, x := range subs {
		if x.ID != subID {
			continue
		}
		sub := subs[i]
		data["Sub"], data["Pos"] = &sub, i+1
		if i > 0 {
			data["Prev"] = subs[i-1].ID
		}
		if i+1 < len(subs) {
			data["Next"] = subs[i+1].ID
		}
		data["Chosen"] = chosenLevels(sub.Grade)
		return data, nil
	}
	// An older version: shown on its own, without neighbours.
	sub, err := s.cfg.Assignments.Submission(ctx, a, subID)
	if err != nil || sub.ItemID != id {
		return nil, errNotFound
	}
	data["Sub"], data["Chosen"] = sub, chosenLevels(sub.Grade)
	return data, nil
}

// chosenLevels maps criterion index to the level chosen in a grade, for the radios.
func chosenLevels(g *assignment.Grade) map[int]int {
	out := map[int]int{}
	if g == nil {
		return out
	}
	var levels []int
	if err := jsonUnmarshal(g.Rubric, &levels); err == nil {
		for i, l := range levels {
			out[i] = l
		}
	}
	return out
}

func (s *Server) gradingPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.gradingData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "grading", data)
}

func (s *Server) gradeForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, _ := pathID(r, "id")
	subID, err := pathID(r, "sub")
	var in *assignment.NewGrade
	if err == nil {
		in, err = s.gradeFromRequest(w, r)
	}
	if err == nil {
		_, err = s.cfg.Assignments.Grade(r.Context(), a, subID, *in)
	}
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			s.fail(w, r, err)
			return
		}
		data, derr := s.gradingData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "grading", data)
		return
	}
	s.flash(r, "assignment.graded")
	next := r.URL.Query().Get("next")
	if n, err := strconv.ParseInt(next, 10, 64); err == nil && n > 0 {
		http.Redirect(w, r, assignmentPath(id)+"/grade/"+next, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, assignmentPath(id)+"/grade/"+strconv.FormatInt(subID, 10), http.StatusSeeOther)
}
