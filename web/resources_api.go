package web

import (
	"bufio"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/sniff"
)

// Resources is what the web layer needs of the repository domain.
type Resources interface {
	Subjects(ctx context.Context) ([]repository.Subject, error)
	Create(ctx context.Context, a *identity.Actor, n repository.NewResource) (*repository.Resource, error)
	List(ctx context.Context, a *identity.Actor, f repository.Filter) (*repository.Page, error)
	Get(ctx context.Context, a *identity.Actor, id int64) (*repository.Resource, error)
	AddVersion(ctx context.Context, a *identity.Actor, id int64, note string, files []repository.File) (*repository.Version, error)
	Submit(ctx context.Context, a *identity.Actor, id int64, comment string) (*repository.Version, error)
	Queue(ctx context.Context, a *identity.Actor) ([]repository.QueueItem, error)
	Claim(ctx context.Context, a *identity.Actor, versionID int64) error
	Release(ctx context.Context, a *identity.Actor, versionID int64) error
	Decide(ctx context.Context, a *identity.Actor, versionID int64, d repository.Decision) (string, error)
	Comment(ctx context.Context, a *identity.Actor, id int64, version int, comment, anchor string) error
	History(ctx context.Context, a *identity.Actor, id int64) ([]repository.Event, error)
	FileAccess(ctx context.Context, a *identity.Actor, id int64, sha string) (*repository.File, error)
	RecordUse(ctx context.Context, a *identity.Actor, id int64, download bool) error
	Delete(ctx context.Context, a *identity.Actor, id int64) error
	Restore(ctx context.Context, a *identity.Actor, id int64) error
	Notifications(ctx context.Context, a *identity.Actor, limit int) ([]repository.Notification, error)
	MarkRead(ctx context.Context, a *identity.Actor) error
	CheckUpload(ctx context.Context, a *identity.Actor, size int64) error
	Stats(ctx context.Context, a *identity.Actor, id int64) ([]repository.Usage, error)
}

// Blobs stores and serves file bytes by content hash (repository/blob.Store).
type Blobs interface {
	// Put streams r into object storage (size -1 when unknown).
	Put(ctx context.Context, r io.Reader, size int64, contentType string) (blob.Blob, error)
	// Open returns the bytes for http.ServeContent (Range requests).
	Open(ctx context.Context, sha string) (*blob.Object, error)
	ResumableBlobs
}

// fileKind is the kind a file is previewed as; files a browser would run script in
// (HTML, SVG) are "active" and only ever downloaded.
func fileKind(t sniff.Type) string {
	if t.Active {
		return "active"
	}
	return t.Kind
}

// uploadLimit bounds one upload request (several files). Larger videos use the
// resumable upload path.
const uploadLimit = 2 << 30

// readUpload streams the multipart body: every "file" part goes straight to object
// storage (never buffered whole), other parts are small form fields.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (map[string]string, []repository.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, uploadLimit)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, badRequest("request.form")
	}
	fields := map[string]string{}
	var files []repository.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, uploadErr(err)
		}
		name := part.FormName()
		if name == "upload" {
			f, err := s.attachUpload(r.Context(), actorFrom(r.Context()), part)
			if err != nil {
				return nil, nil, err
			}
			files = append(files, *f)
			continue
		}
		if name != "file" || part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, 64<<10))
			if err != nil {
				return nil, nil, uploadErr(err)
			}
			fields[name] = string(b)
			continue
		}
		f, err := s.storePart(r.Context(), part)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, *f)
	}
	return fields, files, nil
}

// attachUpload reads an "upload" field: the id of the actor's finished resumable upload.
func (s *Server) attachUpload(ctx context.Context, a *identity.Actor, part *multipart.Part) (*repository.File, error) {
	b, err := io.ReadAll(io.LimitReader(part, 100))
	if err != nil {
		return nil, uploadErr(err)
	}
	return s.uploadedFile(ctx, a, string(b))
}

func (s *Server) storePart(ctx context.Context, part *multipart.Part) (*repository.File, error) {
	name := repository.CleanFileName(part.FileName())
	b, t, err := s.sniffAndStore(ctx, part, name)
	if err != nil {
		return nil, err
	}
	return &repository.File{Name: name, SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType, Kind: fileKind(t)}, nil
}

// sniffAndStore checks the real type of an uploaded part from its first bytes and
// streams it into the blob store: every form upload (resources, submissions) goes
// through here.
func (s *Server) sniffAndStore(ctx context.Context, part io.Reader, name string) (blob.Blob, sniff.Type, error) {
	br := bufio.NewReaderSize(part, sniff.HeadSize)
	head, err := br.Peek(sniff.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return blob.Blob{}, sniff.Type{}, uploadErr(err)
	}
	if len(head) == 0 {
		return blob.Blob{}, sniff.Type{}, fault.Invalid("file", "upload.empty", "The file %s is empty.", name)
	}
	t, err := sniff.Detect(head, name)
	if err != nil {
		return blob.Blob{}, sniff.Type{}, err
	}
	b, err := s.cfg.Blobs.Put(ctx, br, -1, t.MIME)
	if err != nil {
		return blob.Blob{}, sniff.Type{}, uploadErr(err)
	}
	return b, t, nil
}

// uploadErr keeps size-limit and validation errors, and turns a storage failure into
// a retryable "unavailable".
func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	if _, ok := fault.AsValidation(err); ok {
		return err
	}
	return errors.Join(fault.ErrUnavailable, err)
}

func (s *Server) resourceAPIRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/v1/resources", s.authed(s.apiResources))
	mux.Handle("POST /api/v1/resources", s.authed(s.apiCreateResource))
	mux.Handle("GET /api/v1/resources/{id}", s.authed(s.apiResource))
	mux.Handle("POST /api/v1/resources/{id}/versions", s.authed(s.apiAddVersion))
	mux.Handle("POST /api/v1/resources/{id}/submit", s.authed(s.apiSubmit))
	mux.Handle("DELETE /api/v1/resources/{id}", s.authed(s.apiDeleteResource))
	mux.Handle("GET /api/v1/resources/{id}/files/{sha}", s.authed(s.serveFile))
	mux.Handle("GET /api/v1/reviews", s.authed(s.apiReviews))
	mux.Handle("POST /api/v1/reviews/{id}/claim", s.authed(s.apiClaim(true)))
	mux.Handle("POST /api/v1/reviews/{id}/release", s.authed(s.apiClaim(false)))
	mux.Handle("POST /api/v1/reviews/{id}/decision", s.authed(s.apiDecision))
	mux.Handle("GET /api/v1/notifications", s.authed(s.apiNotifications))
	s.uploadRoutes(mux)
}

func filterFrom(r *http.Request) repository.Filter {
	q := r.URL.Query()
	atoi := func(k string) int { n, _ := strconv.Atoi(q.Get(k)); return n }
	org, _ := strconv.ParseInt(q.Get("org"), 10, 64)
	return repository.Filter{Subject: q.Get("subject"), Grade: atoi("grade"), Type: q.Get("type"), Scope: q.Get("scope"),
		Licence: q.Get("licence"), OrgID: org, Query: q.Get("q"), Mine: q.Get("mine") == "1", Deleted: q.Get("trash") == "1",
		Page: atoi("page"), PerPage: atoi("per_page")}
}

func (s *Server) apiResources(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	page, err := s.cfg.Resources.List(r.Context(), a, filterFrom(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiCreateResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in repository.NewResource
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.cfg.Resources.Create(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": res.ID})
}

func (s *Server) apiResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.cfg.Resources.Get(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"resource": res, "id": res.ID, "title": res.Title, "status": res.Status, "files": []repository.File{}}
	if res.Version != nil {
		out["files"], out["version"] = res.Version.Files, res.Version.Number
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiAddVersion(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Check ownership before accepting any bytes.
	if _, err := s.cfg.Resources.Get(r.Context(), a, id); err != nil {
		s.fail(w, r, err)
		return
	}
	fields, files, err := s.readUpload(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.cfg.Resources.AddVersion(r.Context(), a, id, fields["note"], files)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"version": v.Number, "files": v.Files})
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.cfg.Resources.Submit(r.Context(), a, id, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": v.Number, "status": v.Status, "review_id": v.ID})
}

func (s *Server) apiDeleteResource(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.cfg.Resources.Delete(r.Context(), a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// serveFile streams a file with Range support after checking the caller may see it.
// Files are served inline (for preview) with a sandboxing CSP so that an uploaded
// HTML or SVG file can never run script in the platform's origin; ?download=1 makes
// it an attachment with the Vietnamese file name intact (RFC 6266 / 5987).
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.cfg.Resources.FileAccess(r.Context(), a, id, r.PathValue("sha"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body, err := s.cfg.Blobs.Open(r.Context(), f.SHA256)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer body.Close()
	download := r.URL.Query().Get("download") == "1" || f.Kind == "active"
	if r.Header.Get("Range") == "" || download {
		_ = s.cfg.Resources.RecordUse(r.Context(), a, id, download)
	}
	disp := "inline"
	if download {
		disp = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", blob.ContentDisposition(disp, f.Name))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("ETag", `"`+f.SHA256+`"`)
	http.ServeContent(w, r, "", time.Time{}, body)
}

func (s *Server) apiReviews(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	q, err := s.cfg.Resources.Queue(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"reviews": nonNil(q)})
}

func (s *Server) apiClaim(claim bool) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		id, err := pathID(r, "id")
		if err == nil {
			if claim {
				err = s.cfg.Resources.Claim(r.Context(), a, id)
			} else {
				err = s.cfg.Resources.Release(r.Context(), a, id)
			}
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) apiDecision(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d repository.Decision
	if err := decodeJSON(w, r, &d, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	status, err := s.cfg.Resources.Decide(r.Context(), a, id, d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": status})
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	n, err := s.cfg.Resources.Notifications(r.Context(), a, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": nonNil(n)})
}
