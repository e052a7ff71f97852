package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// apiGradebook answers JSON, or with ?format=csv|xlsx a file download; ?class=
// narrows it to one class.
func (s *Server) apiGradebook(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var b *gradebook.Book
	if err == nil {
		class, _ := strconv.ParseInt(r.URL.Query().Get("class"), 10, 64)
		b, err = s.cfg.Gradebook.View(r.Context(), a, id, class)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	switch f := r.URL.Query().Get("format"); f {
	case "", "json":
		writeJSON(w, http.StatusOK, b)
	case "csv", "xlsx":
		s.exportBook(w, r, b, f)
	default:
		s.fail(w, r, badRequest("gradebook.format"))
	}
}

// exportBook writes the export into memory first, so a failure is an error page and
// not half a file.
func (s *Server) exportBook(w http.ResponseWriter, r *http.Request, b *gradebook.Book, format string) {
	var buf bytes.Buffer
	var err error
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		err = b.WriteCSV(&buf)
	} else {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = b.WriteXLSX(&buf)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := "so-diem-" + strconv.FormatInt(b.CourseID, 10) + "-" + time.Now().Format("20060102") + "." + format
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

type markIn struct {
	ItemID int64    `json:"item_id"`
	UserID int64    `json:"user_id"`
	Mark   *float64 `json:"mark"` // null clears
	Reason string   `json:"reason"`
}

func (m markIn) tenths() (*gradebook.Tenths, error) {
	if m.Mark == nil {
		return nil, nil
	}
	t, ok := gradebook.ParseTenths(strconv.FormatFloat(*m.Mark, 'f', -1, 64))
	if !ok {
		return nil, fault.Invalid("mark", "gradebook.mark_invalid", "A mark is from 0 to 10 with one decimal.")
	}
	return &t, nil
}

func (s *Server) apiSetMark(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in markIn
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		t, err := in.tenths()
		if err != nil {
			return nil, err
		}
		if err := s.cfg.Gradebook.SetMark(r.Context(), a, id, in.ItemID, in.UserID, t, in.Reason); err != nil {
			return nil, err
		}
		return s.cfg.Gradebook.View(r.Context(), a, id, 0)
	})
}

func (s *Server) apiAddColumn(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in gradebook.NewColumn
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		col, err := s.cfg.Gradebook.AddColumn(r.Context(), a, id, in)
		return map[string]any{"id": col}, err
	})
}

func (s *Server) apiCloseTerm(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		ClosesAt *time.Time `json:"closes_at"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		return map[string]any{"closed": in.ClosesAt == nil}, s.cfg.Gradebook.CloseTerm(r.Context(), a, id, in.ClosesAt)
	})
}

func (s *Server) apiGradebookAudit(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		list, err := s.cfg.Gradebook.Audit(r.Context(), a, id, 500)
		return map[string]any{"changes": nonNil(list)}, err
	})
}

func (s *Server) apiAnnouncements(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		list, err := s.cfg.Assignments.Announcements(r.Context(), a, id, 100)
		return map[string]any{"announcements": nonNil(list)}, err
	})
}

func (s *Server) apiAnnounce(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Title string `json:"title"`
		Body  string `json:"body"`
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	if err == nil {
		_, err = s.cfg.Assignments.Announce(r.Context(), a, id, in.Title, in.Body)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"ok": true})
}

// apiHome is the learner's home; a parent passes ?student= for a child.
func (s *Server) apiHome(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	learner, _ := strconv.ParseInt(r.URL.Query().Get("student"), 10, 64)
	h, err := s.cfg.Assignments.Home(r.Context(), a, learner)
	s.respond(w, r, http.StatusOK, h, err)
}
