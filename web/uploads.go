package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/sniff"
)

// ResumableBlobs takes large files in chunks that survive a dropped connection
// (repository/blob.Store).
type ResumableBlobs interface {
	BeginUpload(ctx context.Context, owner int64, name string, size int64) (blob.Upload, error)
	UploadState(ctx context.Context, owner int64, id string) (blob.Upload, error)
	WriteChunk(ctx context.Context, owner int64, id string, offset int64, r io.Reader, length int64, check blob.CheckHead) (blob.Upload, error)
	AbortUpload(ctx context.Context, owner int64, id string) error
}

// The resumable upload protocol, for files of any size:
//
//	POST   /api/v1/uploads        {"name","size"} -> 201 {"id","offset":0,"size","chunk_size"}
//	PATCH  /api/v1/uploads/{id}   Upload-Offset: n, body: the chunk from n (chunk_size
//	                              bytes, or the rest) -> 200 the state; the last chunk
//	                              answers with "sha256" once the file is stored
//	GET    /api/v1/uploads/{id}   -> the state: after a dropped connection, resume at "offset"
//	DELETE /api/v1/uploads/{id}   -> 204, the upload is cancelled
//
// A chunk for another offset is answered 409 with the state. A finished upload is
// attached to a version by naming it in an "upload" form field instead of a file.
func (s *Server) uploadRoutes(mux *http.ServeMux) {
	mux.Handle("POST /api/v1/uploads", s.authed(s.apiBeginUpload))
	mux.Handle("GET /api/v1/uploads/{id}", s.authed(s.apiUploadState))
	mux.Handle("PATCH /api/v1/uploads/{id}", s.authed(s.apiWriteChunk))
	mux.Handle("DELETE /api/v1/uploads/{id}", s.authed(s.apiAbortUpload))
}

func (s *Server) apiBeginUpload(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	var in struct {
		Name string `json:"name"`
		Size int64  `json:"size"`
	}
	if err := decodeJSON(w, r, &in, jsonLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	name := repository.CleanFileName(in.Name)
	if err := s.cfg.Resources.CheckUpload(r.Context(), a, in.Size); err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.cfg.Blobs.BeginUpload(r.Context(), a.User.ID, name, in.Size)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/uploads/"+u.ID)
	writeJSON(w, http.StatusCreated, u)
}

func (s *Server) apiUploadState(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	u, err := s.cfg.Blobs.UploadState(r.Context(), a.User.ID, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

// apiWriteChunk streams one chunk to object storage; its first bytes are checked
// for the real file type (executables are refused) before any is stored.
func (s *Server) apiWriteChunk(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	offset, err := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || offset < 0 || r.ContentLength < 0 {
		s.fail(w, r, badRequest("upload.offset"))
		return
	}
	id := r.PathValue("id")
	st, err := s.cfg.Blobs.UploadState(r.Context(), a.User.ID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := http.MaxBytesReader(w, r.Body, r.ContentLength)
	check := func(head []byte) (string, string, error) {
		t, err := sniff.Detect(head, st.Name)
		if err != nil {
			return "", "", err
		}
		return t.MIME, fileKind(t), nil
	}
	u, err := s.cfg.Blobs.WriteChunk(r.Context(), a.User.ID, id, offset, body, r.ContentLength, check)
	if errors.Is(err, blob.ErrOffset) {
		writeJSON(w, http.StatusConflict, u)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, u)
}

func (s *Server) apiAbortUpload(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if err := s.cfg.Blobs.AbortUpload(r.Context(), a.User.ID, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// uploadedFile is the file a finished resumable upload of the actor stored.
func (s *Server) uploadedFile(ctx context.Context, a *identity.Actor, id string) (*repository.File, error) {
	u, err := s.cfg.Blobs.UploadState(ctx, a.User.ID, id)
	if err != nil {
		return nil, err
	}
	if !u.Done() {
		return nil, fault.Invalid("file", "upload.unfinished", "The file %s has not finished uploading.", u.Name)
	}
	return &repository.File{Name: u.Name, SHA256: u.SHA256, Size: u.Size, ContentType: u.ContentType, Kind: u.Label}, nil
}
