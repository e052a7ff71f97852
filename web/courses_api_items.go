package web

import (
	"net/http"
	"slices"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// courseItem loads the {item} of the {id} course as the caller sees it; an item of
// another course is not found.
func (s *Server) courseItem(r *http.Request, a *identity.Actor, view bool) (*course.Item, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	itemID, err := pathID(r, "item")
	if err != nil {
		return nil, err
	}
	var it *course.Item
	if view {
		it, err = s.cfg.Courses.ItemView(r.Context(), a, itemID)
	} else {
		it, err = s.cfg.Courses.Item(r.Context(), a, itemID)
	}
	if err != nil {
		return nil, err
	}
	if it.CourseID != id {
		return nil, fault.ErrNotFound
	}
	return it, nil
}

// courseSection checks that {section} is a section of the {id} course the caller sees.
func (s *Server) courseSection(r *http.Request, a *identity.Actor) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	sec, err := pathID(r, "section")
	if err != nil {
		return 0, err
	}
	_, secs, err := s.cfg.Courses.Outline(r.Context(), a, id)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(secs, func(x course.Section) bool { return x.ID == sec }) {
		return 0, fault.ErrNotFound
	}
	return sec, nil
}

func (s *Server) apiSections(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		_, secs, err := s.cfg.Courses.Outline(r.Context(), a, id)
		return map[string]any{"sections": nonNil(secs)}, err
	})
}

type sectionIn struct {
	Title    string `json:"title"`
	Summary  string `json:"summary"`
	Position int    `json:"position,omitempty"`
}

func (s *Server) apiAddSection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in sectionIn
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	var sec *course.Section
	if err == nil {
		sec, err = s.cfg.Courses.AddSection(r.Context(), a, id, in.Title, in.Summary)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": sec.ID, "position": sec.Position})
}

func (s *Server) apiUpdateSection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	sec, err := s.courseSection(r, a)
	var in sectionIn
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	if err == nil {
		err = s.cfg.Courses.UpdateSection(r.Context(), a, sec, in.Title, in.Summary)
	}
	if err == nil && in.Position > 0 {
		err = s.cfg.Courses.MoveSection(r.Context(), a, sec, in.Position)
	}
	s.noContent(w, r, err)
}

func (s *Server) apiDeleteSection(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	sec, err := s.courseSection(r, a)
	if err == nil {
		err = s.cfg.Courses.DeleteSection(r.Context(), a, sec, queryBool(r, "with_items"))
	}
	s.noContent(w, r, err)
}

func (s *Server) noContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiItems(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		_, secs, err := s.cfg.Courses.Outline(r.Context(), a, id)
		items := []course.Item{}
		for _, sec := range secs {
			items = append(items, sec.Items...)
		}
		return map[string]any{"items": items}, err
	})
}

func (s *Server) apiAddItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in course.NewItem
	if err == nil {
		err = decodeJSON(w, r, &in, 2<<20)
	}
	var it *course.Item
	if err == nil {
		it, err = s.cfg.Courses.AddItem(r.Context(), a, id, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": it.ID})
}

// apiItem returns the item with its rendered, sanitized "html".
func (s *Server) apiItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, true)
	s.respond(w, r, http.StatusOK, it, err)
}

func (s *Server) apiUpdateItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	var in course.NewItem
	if err == nil {
		err = decodeJSON(w, r, &in, 2<<20)
	}
	if err == nil {
		it, err = s.cfg.Courses.UpdateItem(r.Context(), a, it.ID, in)
	}
	s.respond(w, r, http.StatusOK, it, err)
}

func (s *Server) apiDeleteItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	if err == nil {
		err = s.cfg.Courses.DeleteItem(r.Context(), a, it.ID)
	}
	s.noContent(w, r, err)
}

func (s *Server) apiMoveItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	var in struct {
		SectionID *int64 `json:"section_id"`
		Position  int    `json:"position"`
	}
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	if err == nil {
		err = s.cfg.Courses.MoveItem(r.Context(), a, it.ID, in.SectionID, in.Position)
	}
	s.noContent(w, r, err)
}

func (s *Server) apiViewItem(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	if err == nil {
		err = s.cfg.Courses.MarkViewed(r.Context(), a, it.ID)
	}
	s.noContent(w, r, err)
}

func (s *Server) apiDraft(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	var d *course.Draft
	if err == nil {
		d, err = s.cfg.Courses.Draft(r.Context(), a, it.ID)
	}
	s.respond(w, r, http.StatusOK, d, err)
}

type draftIn struct {
	Title    string `json:"title"`
	Markdown string `json:"markdown"`
}

// apiSaveDraft autosaves the lesson editor's text.
func (s *Server) apiSaveDraft(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	it, err := s.courseItem(r, a, false)
	var in draftIn
	if err == nil {
		err = decodeJSON(w, r, &in, 2<<20)
	}
	var d *course.Draft
	if err == nil {
		d, err = s.cfg.Courses.SaveDraft(r.Context(), a, it.ID, in.Title, in.Markdown)
	}
	s.respond(w, r, http.StatusOK, d, err)
}

// apiPreview renders lesson text for one of the course's teachers while they write.
func (s *Server) apiPreview(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in draftIn
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		x, err := s.cfg.Courses.Access(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		if !x.CanEdit() {
			return nil, fault.ErrForbidden
		}
		return map[string]string{"html": s.cfg.Courses.RenderMarkdown(r.Context(), a, in.Markdown)}, nil
	})
}
