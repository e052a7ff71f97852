package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func itemPath(courseID, itemID int64) string {
	return coursePath(courseID) + "/items/" + strconv.FormatInt(itemID, 10)
}

// addItemForm adds an item from the course page. A new lesson starts hidden and
// empty, and the teacher goes on to its editor.
func (s *Server) addItemForm(r *http.Request, a *identity.Actor, id int64) (string, error) {
	f := r.PostForm
	n := course.NewItem{Kind: f.Get("type"), Title: f.Get("title"), URL: f.Get("url")}
	if sec, err := strconv.ParseInt(f.Get("section_id"), 10, 64); err == nil && sec > 0 {
		n.SectionID = &sec
	}
	refField := "ref_id"
	if n.Kind == course.KindTest {
		refField = "test_id"
	}
	if ref, err := strconv.ParseInt(f.Get(refField), 10, 64); err == nil && ref > 0 {
		n.RefID = &ref
	}
	if n.Kind == course.KindLesson {
		hidden := false
		n.Published = &hidden
	}
	it, err := s.cfg.Courses.AddItem(r.Context(), a, id, n)
	if err != nil {
		return "", err
	}
	if it.Kind == course.KindLesson {
		return itemPath(id, it.ID) + "/edit", nil
	}
	return "courses.item_added", nil
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.cfg.Courses.Access(r.Context(), a, it.CourseID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if x.Role == course.RoleStudent && it.Locked == "" && !course.Done(it.Kind, it.State) && it.Kind != course.KindAssignment && it.Kind != course.KindTest {
		if err := s.cfg.Courses.MarkViewed(r.Context(), a, it.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		it.State = course.StateViewed
	}
	s.render(w, r, http.StatusOK, "course_item", map[string]any{"C": x.Course, "Access": x, "Item": it,
		"Done": course.Done(it.Kind, it.State), "HTML": trustedHTML(it.HTML)})
}

// itemEditData is the editor: the item, the teacher's newer draft, a preview, the
// resources to embed, the course's classes and the items that may be prerequisites.
func (s *Server) itemEditData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	it, err := s.courseItem(r, a, false)
	if err != nil {
		return nil, err
	}
	x, secs, err := s.cfg.Courses.Outline(r.Context(), a, it.CourseID)
	if err != nil {
		return nil, err
	}
	if !x.CanEdit() {
		return nil, fault.ErrForbidden
	}
	data := map[string]any{"C": x.Course, "Item": it, "Markdown": it.Markdown, "Title": it.Title}
	if it.Kind == course.KindLesson {
		d, err := s.cfg.Courses.Draft(r.Context(), a, it.ID)
		switch {
		case err == nil:
			data["Draft"], data["Markdown"], data["Title"] = d, d.Markdown, d.Title
		case !errors.Is(err, fault.ErrNotFound):
			return nil, err
		}
		data["Preview"] = trustedHTML(s.cfg.Courses.RenderMarkdown(r.Context(), a, data["Markdown"].(string)))
	}
	var others []choice
	for _, sec := range secs {
		for _, o := range sec.Items {
			if o.ID != it.ID {
				others = append(others, choice{o.ID, o.Title, containsID(it.PrerequisiteIDs, o.ID)})
			}
		}
	}
	data["Others"] = others
	if err := s.teacherCourseData(r, a, x.Course, data); err != nil {
		return nil, err
	}
	var visible []choice
	for _, cl := range data["Linked"].([]course.ClassChoice) {
		visible = append(visible, choice{cl.ID, cl.Name, containsID(it.ClassIDs, cl.ID)})
	}
	data["Visible"] = visible
	return data, nil
}

// choice is a checkbox of a form.
type choice struct {
	ID      int64
	Name    string
	Checked bool
}

func (s *Server) itemEditPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.itemEditData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "course_item_edit", data)
}

func (s *Server) saveItemForm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("request.form"))
		return
	}
	it, err := s.courseItem(r, a, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	published := f.Get("published") == "on"
	n := course.NewItem{Title: f.Get("title"), Markdown: f.Get("markdown"), URL: f.Get("url"), Published: &published,
		OpensAt: formTime(f.Get("opens_at")), ClosesAt: formTime(f.Get("closes_at")),
		ClassIDs: formIDs(f["class_id"]), PrerequisiteIDs: formIDs(f["prerequisite_id"]), RefID: it.RefID, RefVersion: it.RefVersion}
	if ref, err := strconv.ParseInt(f.Get("ref_id"), 10, 64); err == nil && ref > 0 {
		n.RefID = &ref
	}
	if v, err := strconv.Atoi(f.Get("ref_version")); err == nil && v > 0 {
		n.RefVersion = &v
	}
	if _, err := s.cfg.Courses.UpdateItem(r.Context(), a, it.ID, n); err != nil {
		data, derr := s.itemEditData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "course_item_edit", data)
		return
	}
	s.flash(r, "courses.item_saved")
	http.Redirect(w, r, coursePath(it.CourseID)+"#item-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
}

func (s *Server) courseDashboard(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.cfg.Courses.Access(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	comps, err := s.cfg.Courses.Completions(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var notStarted []course.Completion
	sum := 0.0
	for _, c := range comps {
		if c.Done == 0 {
			notStarted = append(notStarted, c)
		}
		sum += c.Percent
	}
	data := map[string]any{"C": x.Course, "Students": comps, "NotStarted": notStarted}
	if len(comps) > 0 {
		data["Average"] = int(sum / float64(len(comps)))
	}
	if s.cfg.Assignments != nil {
		if data["Late"], err = s.cfg.Assignments.Late(r.Context(), a, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if s.cfg.Gradebook != nil {
		if data["Book"], err = s.cfg.Gradebook.View(r.Context(), a, id, 0); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "course_dashboard", data)
}
