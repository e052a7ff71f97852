package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// Assignments is what the web layer needs of the assignment domain (lms/assignment).
type Assignments interface {
	Create(ctx context.Context, a *identity.Actor, courseID int64, n assignment.NewAssignment) (*assignment.Assignment, error)
	Configure(ctx context.Context, a *identity.Actor, itemID int64, st assignment.Settings) (*assignment.Assignment, error)
	Get(ctx context.Context, a *identity.Actor, itemID int64) (*assignment.Assignment, error)
	Submit(ctx context.Context, a *identity.Actor, itemID int64, n assignment.NewSubmission) (*assignment.Submission, error)
	Submissions(ctx context.Context, a *identity.Actor, itemID int64) ([]assignment.Submission, error)
	Work(ctx context.Context, a *identity.Actor, itemID, userID int64) ([]assignment.Submission, error)
	Submission(ctx context.Context, a *identity.Actor, submissionID int64) (*assignment.Submission, error)
	Grade(ctx context.Context, a *identity.Actor, submissionID int64, n assignment.NewGrade) (*assignment.Submission, error)
	FileAccess(ctx context.Context, a *identity.Actor, submissionID int64, sha string) (*assignment.File, error)
	SetGroups(ctx context.Context, a *identity.Actor, itemID int64, groups map[string][]int64) error
	Groups(ctx context.Context, a *identity.Actor, itemID int64) (map[int64]string, error)
	Announce(ctx context.Context, a *identity.Actor, courseID int64, title, body string) (*assignment.Announcement, error)
	Announcements(ctx context.Context, a *identity.Actor, courseID int64, limit int) ([]assignment.Announcement, error)
	Home(ctx context.Context, a *identity.Actor, learnerID int64) (*assignment.Home, error)
	Children(ctx context.Context, a *identity.Actor) ([]assignment.Child, error)
	Late(ctx context.Context, a *identity.Actor, courseID int64) ([]assignment.LateWork, error)
}

// Gradebook is what the web layer needs of the gradebook (lms/gradebook).
type Gradebook interface {
	View(ctx context.Context, a *identity.Actor, courseID, classID int64) (*gradebook.Book, error)
	SetMark(ctx context.Context, a *identity.Actor, courseID, itemID, userID int64, mark *gradebook.Tenths, reason string) error
	AddColumn(ctx context.Context, a *identity.Actor, courseID int64, n gradebook.NewColumn) (int64, error)
	SetCategory(ctx context.Context, a *identity.Actor, courseID, itemID int64, category string) error
	CloseTerm(ctx context.Context, a *identity.Actor, courseID int64, closesAt *time.Time) error
	Audit(ctx context.Context, a *identity.Actor, courseID int64, limit int) ([]gradebook.AuditEntry, error)
	SetWeights(ctx context.Context, a *identity.Actor, courseID int64, weights map[string]float64) error
}

// gradeRoutes wires assignments, the gradebook, announcements and the learner's home.
func (s *Server) gradeRoutes(mux *http.ServeMux) {
	if s.cfg.Assignments == nil || s.cfg.Gradebook == nil || s.cfg.Blobs == nil {
		return
	}
	mux.Handle("POST /api/v1/courses/{id}/assignments", s.authed(s.apiCreateAssignment))
	mux.Handle("GET /api/v1/assignments/{id}", s.authed(s.apiAssignment))
	mux.Handle("PUT /api/v1/assignments/{id}", s.authed(s.apiConfigureAssignment))
	mux.Handle("PUT /api/v1/assignments/{id}/groups", s.authed(s.apiSetGroups))
	mux.Handle("GET /api/v1/assignments/{id}/submissions", s.authed(s.apiSubmissions))
	mux.Handle("POST /api/v1/assignments/{id}/submissions", s.authed(s.apiSubmitWork))
	mux.Handle("GET /api/v1/assignments/{id}/work/{user}", s.authed(s.apiWork))
	mux.Handle("GET /api/v1/submissions/{id}", s.authed(s.apiSubmission))
	mux.Handle("POST /api/v1/submissions/{id}/grade", s.authed(s.apiGradeSubmission))
	mux.Handle("GET /submissions/{id}/files/{sha}", s.authed(s.serveSubmissionFile))
	mux.Handle("GET /api/v1/courses/{id}/gradebook", s.authed(s.apiGradebook))
	mux.Handle("PUT /api/v1/courses/{id}/gradebook/marks", s.authed(s.apiSetMark))
	mux.Handle("POST /api/v1/courses/{id}/gradebook/columns", s.authed(s.apiAddColumn))
	mux.Handle("POST /api/v1/courses/{id}/gradebook/close", s.authed(s.apiCloseTerm))
	mux.Handle("GET /api/v1/courses/{id}/gradebook/audit", s.authed(s.apiGradebookAudit))
	s.gradebookWeightRoutes(mux)
	mux.Handle("GET /api/v1/courses/{id}/announcements", s.authed(s.apiAnnouncements))
	mux.Handle("POST /api/v1/courses/{id}/announcements", s.authed(s.apiAnnounce))
	mux.Handle("GET /api/v1/home", s.authed(s.apiHome))
	s.gradePageRoutes(mux)
}

func (s *Server) apiCreateAssignment(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var in assignment.NewAssignment
	if err == nil {
		err = decodeJSON(w, r, &in, jsonLimit)
	}
	var as *assignment.Assignment
	if err == nil {
		as, err = s.cfg.Assignments.Create(r.Context(), a, id, in)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": as.ID})
}

func (s *Server) apiAssignment(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assignments.Get(r.Context(), a, id) })
}

func (s *Server) apiConfigureAssignment(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in assignment.Settings
	withJSON(s, w, r, &in, func(id int64) (any, error) { return s.cfg.Assignments.Configure(r.Context(), a, id, in) })
}

func (s *Server) apiSetGroups(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Groups map[string][]int64 `json:"groups"`
	}
	withJSON(s, w, r, &in, func(id int64) (any, error) {
		return map[string]any{"groups": len(in.Groups)}, s.cfg.Assignments.SetGroups(r.Context(), a, id, in.Groups)
	})
}

func (s *Server) apiSubmissions(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		subs, err := s.cfg.Assignments.Submissions(r.Context(), a, id)
		return map[string]any{"submissions": nonNil(subs)}, err
	})
}

func (s *Server) apiWork(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var user int64
	if err == nil {
		user, err = pathID(r, "user")
	}
	var subs []assignment.Submission
	if err == nil {
		subs, err = s.cfg.Assignments.Work(r.Context(), a, id, user)
	}
	s.respond(w, r, http.StatusOK, map[string]any{"submissions": nonNil(subs)}, err)
}

func (s *Server) apiSubmission(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) { return s.cfg.Assignments.Submission(r.Context(), a, id) })
}

// apiSubmit takes JSON {"text","files":[{sha256,...}],"idempotency_key"} for files
// already uploaded, or a multipart form: "text", "idempotency_key" and "file" parts
// streamed to object storage. The Idempotency-Key header also sets the key. A
// retry that finds its version answers 200 instead of 201.
func (s *Server) apiSubmitWork(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	sub, err := s.submitFromRequest(w, r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusCreated
	if sub.Existing {
		status = http.StatusOK
	}
	writeJSON(w, status, sub)
}

func (s *Server) submitFromRequest(w http.ResponseWriter, r *http.Request, a *identity.Actor) (*assignment.Submission, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	as, err := s.cfg.Assignments.Get(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	var in assignment.NewSubmission
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		fields, files, err := s.readWork(w, r, &as.Settings)
		if err != nil {
			return nil, err
		}
		in = assignment.NewSubmission{Text: fields["text"], Files: files, Key: fields["idempotency_key"]}
	} else if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		return nil, err
	}
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		in.Key = k
	}
	return s.cfg.Assignments.Submit(r.Context(), a, id, in)
}

// readWork streams a multipart body: each "file" part (or fileField) goes to object
// storage after its name is checked against the allowed types; a stored file
// larger than the limit is refused (its unreferenced bytes are purged later).
func (s *Server) readWork(w http.ResponseWriter, r *http.Request, st *assignment.Settings) (map[string]string, []assignment.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 20*st.MaxSize+(1<<20))
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, badRequest("request.form")
	}
	fields := map[string]string{}
	var files []assignment.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return fields, files, nil
		}
		if err != nil {
			return nil, nil, uploadErr(err)
		}
		if !strings.HasSuffix(part.FormName(), "file") || part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, 200<<10))
			if err != nil {
				return nil, nil, uploadErr(err)
			}
			fields[part.FormName()] = string(b)
			continue
		}
		f, err := s.storeWorkPart(r.Context(), part, st)
		if err != nil {
			return nil, nil, err
		}
		fields["_field:"+f.SHA256] = part.FormName()
		files = append(files, *f)
	}
}

func (s *Server) storeWorkPart(ctx context.Context, part *multipart.Part, st *assignment.Settings) (*assignment.File, error) {
	name := repository.CleanFileName(part.FileName())
	if part.FormName() == "file" && len(st.AllowedTypes) > 0 && !allowedName(st.AllowedTypes, name) {
		return nil, fault.Invalid("files", "assignment.file_type", "%s: allowed file types are %s.", name, strings.Join(st.AllowedTypes, ", "))
	}
	b, _, err := s.sniffAndStore(ctx, part, name)
	if err != nil {
		return nil, err
	}
	if b.Size > st.MaxSize {
		return nil, fault.Invalid("files", "assignment.file_size", "%s is larger than the limit of %d MB.", name, (st.MaxSize+(1<<20)-1)>>20)
	}
	return &assignment.File{Name: name, SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType}, nil
}

func allowedName(types []string, name string) bool {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return false
	}
	ext := strings.ToLower(name[i+1:])
	for _, t := range types {
		if t == ext {
			return true
		}
	}
	return false
}

// apiGrade takes JSON (score or levels, feedback) or a multipart form with the same
// fields and a "feedback_file" part (an annotated file or an audio recording).
func (s *Server) apiGradeSubmission(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.withID(w, r, func(id int64) (any, error) {
		in, err := s.gradeFromRequest(w, r)
		if err != nil {
			return nil, err
		}
		return s.cfg.Assignments.Grade(r.Context(), a, id, *in)
	})
}

// feedbackSettings bound a feedback file: any type, up to 200 MB (audio).
var feedbackSettings = assignment.Settings{MaxSize: 200 << 20}

func (s *Server) gradeFromRequest(w http.ResponseWriter, r *http.Request) (*assignment.NewGrade, error) {
	var in assignment.NewGrade
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return &in, decodeJSON(w, r, &in, jsonLimit)
	}
	fields, files, err := s.readWork(w, r, &feedbackSettings)
	if err != nil {
		return nil, err
	}
	if v := strings.TrimSpace(fields["score"]); v != "" {
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
		if err != nil {
			return nil, fault.Invalid("score", "assignment.score_number", "Write the score as a number, e.g. 8.5.")
		}
		in.Score = &f
	}
	if v := strings.TrimSpace(fields["levels"]); v != "" {
		if err := json.Unmarshal([]byte(v), &in.Levels); err != nil {
			return nil, badRequest("request.form")
		}
	}
	in.Levels = append(in.Levels, levelFields(fields)...)
	in.Feedback = fields["feedback"]
	if len(files) > 0 {
		in.FeedbackFile = &files[0]
	}
	return &in, nil
}

// levelFields reads rubric choices posted as level0, level1, ... (radio buttons).
func levelFields(fields map[string]string) []int {
	var out []int
	for i := 0; ; i++ {
		v, ok := fields["level"+strconv.Itoa(i)]
		if !ok {
			return out
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			n = -1
		}
		out = append(out, n)
	}
}

func (s *Server) serveSubmissionFile(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var f *assignment.File
	if err == nil {
		f, err = s.cfg.Assignments.FileAccess(r.Context(), a, id, r.PathValue("sha"))
	}
	var body *blob.Object
	if err == nil {
		body, err = s.cfg.Blobs.Open(r.Context(), f.SHA256)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer body.Close()
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	// Student work is never rendered by the browser as a page of this site.
	disp := "attachment"
	if strings.HasPrefix(f.ContentType, "audio/") || strings.HasPrefix(f.ContentType, "image/") || f.ContentType == "application/pdf" {
		disp = "inline"
	}
	h.Set("Content-Disposition", blob.ContentDisposition(disp, f.Name))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", `"`+f.SHA256+`"`)
	http.ServeContent(w, r, "", time.Time{}, body)
}
