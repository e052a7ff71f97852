package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func (s *Server) gradePageRoutes(mux *http.ServeMux) {
	mux.Handle("GET /courses/{id}/assignments/new", s.authed(s.newAssignmentPage))
	mux.Handle("POST /courses/{id}/assignments", s.authed(s.createAssignmentForm))
	mux.Handle("GET /assignments/{id}", s.authed(s.assignmentPage))
	mux.Handle("POST /assignments/{id}/submit", s.authed(s.submitForm))
	mux.Handle("GET /assignments/{id}/edit", s.authed(s.editAssignmentPage))
	mux.Handle("POST /assignments/{id}/groups", s.authed(s.groupsForm))
	mux.Handle("POST /assignments/{id}/edit", s.authed(s.editAssignmentForm))
	mux.Handle("GET /assignments/{id}/grade/{sub}", s.authed(s.gradingPage))
	mux.Handle("POST /assignments/{id}/grade/{sub}", s.authed(s.gradeForm))
	mux.Handle("GET /courses/{id}/gradebook", s.authed(s.gradebookPage))
	mux.Handle("POST /courses/{id}/gradebook/marks", s.authed(s.markForm))
	mux.Handle("POST /courses/{id}/gradebook/close", s.authed(s.closeTermForm))
	mux.Handle("POST /courses/{id}/gradebook/columns", s.authed(s.columnForm))
	mux.Handle("POST /courses/{id}/gradebook/columns/{item}/category", s.authed(s.categoryForm))
	mux.Handle("GET /courses/{id}/announcements", s.authed(s.announcementsPage))
	mux.Handle("POST /courses/{id}/announcements", s.authed(s.announceForm))
	mux.Handle("GET /study", s.authed(s.studyPage))
}

func assignmentPath(id int64) string { return "/assignments/" + strconv.FormatInt(id, 10) }

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) newAssignmentPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.cfg.Courses.Access(r.Context(), a, id)
	if err == nil && !x.CanEdit() {
		err = fault.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "assignment_new", map[string]any{"C": x.Course})
}

// formDateTime reads a datetime-local field in the server's time zone.
func formDateTime(r *http.Request, name string) (*time.Time, error) {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return nil, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, time.Local)
	if err != nil {
		return nil, fault.Invalid(name, "assignment.date", "Write the date and time as 2026-12-31 23:59.")
	}
	return &t, nil
}

// parseRubric reads one criterion a line: "Content | Weak=1 | Good=4 | Excellent=6".
func parseRubric(text string) ([]assignment.Criterion, error) {
	var out []assignment.Criterion
	for _, line := range strings.Split(text, "\n") {
		parts := strings.Split(strings.TrimSpace(line), "|")
		if len(parts) == 1 && strings.TrimSpace(parts[0]) == "" {
			continue
		}
		c := assignment.Criterion{Name: strings.TrimSpace(parts[0])}
		for _, p := range parts[1:] {
			name, pts, ok := strings.Cut(p, "=")
			f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(pts), ",", "."), 64)
			if !ok || err != nil {
				return nil, fault.Invalid("rubric", "assignment.rubric_format", "Write one criterion a line: Content | Weak=1 | Good=4.")
			}
			c.Levels = append(c.Levels, assignment.Level{Name: strings.TrimSpace(name), Points: f})
		}
		out = append(out, c)
	}
	return out, nil
}

func settingsFromForm(r *http.Request) (assignment.Settings, error) {
	f := r.PostForm
	st := assignment.Settings{Instructions: f.Get("instructions"), LatePolicy: f.Get("late_policy"), Category: f.Get("category"),
		FilesOnly: f.Get("files_only") == "on", Group: f.Get("group") == "on"}
	var err error
	if st.DueAt, err = formDateTime(r, "due_at"); err != nil {
		return st, err
	}
	if st.CutoffAt, err = formDateTime(r, "cutoff_at"); err != nil {
		return st, err
	}
	st.LatePenalty, _ = strconv.Atoi(f.Get("late_penalty"))
	if mb, _ := strconv.ParseFloat(f.Get("max_mb"), 64); mb > 0 {
		st.MaxSize = int64(mb * (1 << 20))
	}
	st.MaxScore, _ = strconv.ParseFloat(strings.ReplaceAll(f.Get("max_score"), ",", "."), 64)
	for _, t := range strings.FieldsFunc(f.Get("allowed_types"), func(r rune) bool { return r == ',' || r == ' ' }) {
		st.AllowedTypes = append(st.AllowedTypes, t)
	}
	st.Rubric, err = parseRubric(f.Get("rubric"))
	return st, err
}

func (s *Server) createAssignmentForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	st, err := settingsFromForm(r)
	var as *assignment.Assignment
	if err == nil {
		as, err = s.cfg.Assignments.Create(r.Context(), a, id, assignment.NewAssignment{Title: r.PostForm.Get("title"), Settings: st})
	}
	if err != nil {
		x, _ := s.cfg.Courses.Access(r.Context(), a, id)
		var c any
		if x != nil {
			c = x.Course
		}
		s.formError(w, r, err, "assignment_new", map[string]any{"C": c})
		return
	}
	s.flash(r, "assignment.created")
	http.Redirect(w, r, assignmentPath(as.ID), http.StatusSeeOther)
}

// assignmentData is the assignment page: for teachers every student's latest work,
// for a student (or parent) their own versions and grade.
func (s *Server) assignmentData(r *http.Request, a *identity.Actor, id int64) (map[string]any, error) {
	ctx := r.Context()
	as, err := s.cfg.Assignments.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	data := map[string]any{"A": as, "Key": newKey(), "Now": time.Now(), "Types": strings.Join(as.AllowedTypes, ", "),
		"MaxMB": (as.MaxSize + (1 << 20) - 1) >> 20}
	switch as.Role {
	case "teacher", "viewer":
		subs, err := s.cfg.Assignments.Submissions(ctx, a, id)
		if err != nil {
			return nil, err
		}
		data["Subs"], data["Staff"] = subs, true
		if as.Group && as.Role == "teacher" {
			if err := s.groupData(r, a, as, data); err != nil {
				return nil, err
			}
		}
	case "student":
		work, err := s.cfg.Assignments.Work(ctx, a, id, a.User.ID)
		if err != nil {
			return nil, err
		}
		data["Work"], data["CanSubmit"] = work, as.Locked == ""
	case "parent":
		kids, err := s.cfg.Assignments.Children(ctx, a)
		if err != nil {
			return nil, err
		}
		var work []assignment.Submission
		for _, k := range kids {
			if ws, err := s.cfg.Assignments.Work(ctx, a, id, k.ID); err == nil {
				work = append(work, ws...)
			}
		}
		data["Work"] = work
	}
	return data, nil
}

func (s *Server) assignmentPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var data map[string]any
	if err == nil {
		data, err = s.assignmentData(r, a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "assignment", data)
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	sub, err := s.submitFromRequest(w, r, a)
	id, _ := pathID(r, "id")
	if err != nil {
		if statusOf(err) != http.StatusBadRequest {
			s.fail(w, r, err)
			return
		}
		data, derr := s.assignmentData(r, a, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "assignment", data)
		return
	}
	if sub.Existing {
		s.flash(r, "assignment.already_submitted")
	} else {
		s.flash(r, "assignment.submitted")
	}
	http.Redirect(w, r, assignmentPath(id)+"#my-work", http.StatusSeeOther)
}

// settingsForm is an assignment's settings as the form's fields.
func settingsForm(st *assignment.Settings) map[string]string {
	f := map[string]string{"instructions": st.Instructions, "late_policy": st.LatePolicy, "late_penalty": strconv.Itoa(st.LatePenalty),
		"allowed_types": strings.Join(st.AllowedTypes, ", "), "max_mb": strconv.FormatFloat(float64(st.MaxSize)/(1<<20), 'f', -1, 64),
		"max_score": strconv.FormatFloat(st.MaxScore, 'f', -1, 64), "category": st.Category}
	if st.DueAt != nil {
		f["due_at"] = st.DueAt.Local().Format("2006-01-02T15:04")
	}
	if st.CutoffAt != nil {
		f["cutoff_at"] = st.CutoffAt.Local().Format("2006-01-02T15:04")
	}
	if st.FilesOnly {
		f["files_only"] = "on"
	}
	if st.Group {
		f["group"] = "on"
	}
	var rubric []string
	for _, c := range st.Rubric {
		line := c.Name
		for _, l := range c.Levels {
			line += " | " + l.Name + "=" + strconv.FormatFloat(l.Points, 'f', -1, 64)
		}
		rubric = append(rubric, line)
	}
	f["rubric"] = strings.Join(rubric, "\n")
	return f
}

func (s *Server) editAssignmentPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var as *assignment.Assignment
	if err == nil {
		as, err = s.cfg.Assignments.Get(r.Context(), a, id)
	}
	if err == nil && as.Role != "teacher" {
		err = fault.ErrForbidden
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderView(w, r, http.StatusOK, "assignment_new", &view{Data: map[string]any{"A": as}, Form: settingsForm(&as.Settings)})
}

func (s *Server) editAssignmentForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	st, err := settingsFromForm(r)
	var as *assignment.Assignment
	if err == nil {
		as, err = s.cfg.Assignments.Configure(r.Context(), a, id, st)
	}
	if err != nil {
		cur, _ := s.cfg.Assignments.Get(r.Context(), a, id)
		s.formError(w, r, err, "assignment_new", map[string]any{"A": cur})
		return
	}
	s.flash(r, "assignment.saved")
	http.Redirect(w, r, assignmentPath(as.ID), http.StatusSeeOther)
}

// groupMember is a student in the group form.
type groupMember struct {
	ID          int64
	Name, Group string
}

func (s *Server) groupData(r *http.Request, a *identity.Actor, as *assignment.Assignment, data map[string]any) error {
	students, err := s.cfg.Courses.Completions(r.Context(), a, as.CourseID)
	if err != nil {
		return err
	}
	groups, err := s.cfg.Assignments.Groups(r.Context(), a, as.ID)
	if err != nil {
		return err
	}
	members := make([]groupMember, len(students))
	for i, st := range students {
		members[i] = groupMember{st.UserID, st.Name, groups[st.UserID]}
	}
	data["Members"] = members
	return nil
}

// groupsForm reads one group name per student (group_<user id>; empty: no group).
func (s *Server) groupsForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil || !s.parseForm(w, r) {
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	groups := map[string][]int64{}
	for k := range r.PostForm {
		uid, err := strconv.ParseInt(strings.TrimPrefix(k, "group_"), 10, 64)
		name := strings.TrimSpace(r.PostForm.Get(k))
		if !strings.HasPrefix(k, "group_") || err != nil || name == "" {
			continue
		}
		groups[name] = append(groups[name], uid)
	}
	if err := s.cfg.Assignments.SetGroups(r.Context(), a, id, groups); err != nil {
		data, derr := s.assignmentData(r, a, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "assignment", data)
		return
	}
	s.flash(r, "assignment.groups_saved")
	http.Redirect(w, r, assignmentPath(id)+"#groups", http.StatusSeeOther)
}
