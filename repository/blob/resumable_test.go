package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository/blob"
)

const chunk = 5 << 20 // the smallest part S3 accepts

func pdfCheck(head []byte) (string, string, error) {
	if !bytes.HasPrefix(head, []byte("%PDF-")) {
		return "", "", fault.Invalid("file", "upload.type", "not a PDF")
	}
	return "application/pdf", "pdf", nil
}

// pdfBytes is n bytes that start like a PDF, the rest noise.
func pdfBytes(seed uint64, n int64) []byte {
	data, _ := io.ReadAll(noise(seed, n))
	copy(data, "%PDF-1.7\n")
	return data
}

// failAfter gives n bytes of r and then fails, as a dropped connection does.
type failAfter struct {
	r io.Reader
	n int64
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("connection reset by peer")
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= int64(n)
	return n, err
}

// sendChunks writes data from the upload's offset to the end on store.
func sendChunks(t *testing.T, store *blob.Store, owner int64, u blob.Upload, data []byte) blob.Upload {
	t.Helper()
	for !u.Done() {
		end := min(u.Received+u.ChunkSize, int64(len(data)))
		var err error
		u, err = store.WriteChunk(context.Background(), owner, u.ID, u.Received, bytes.NewReader(data[u.Received:end]), end-u.Received, pdfCheck)
		if err != nil {
			t.Fatalf("chunk at %d: %v", u.Received, err)
		}
	}
	return u
}

// TestResumableUploadSurvivesDroppedConnection cuts a chunk off half-way, resumes
// the upload through another Store (another web node) from the offset it reports,
// and checks the bytes, the hash, the deduplication of a second upload of the same
// bytes, and that no temporary object is left.
func TestResumableUploadSurvivesDroppedConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{PartSize: chunk})
	ctx := context.Background()
	data := pdfBytes(7, 2*chunk+123_457)
	u, err := e.store.BeginUpload(ctx, 42, "Bài giảng.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if u.ChunkSize != chunk || u.Received != 0 {
		t.Fatalf("begin: %+v", u)
	}
	u, err = e.store.WriteChunk(ctx, 42, u.ID, 0, bytes.NewReader(data[:chunk]), chunk, pdfCheck)
	if err != nil || u.Received != chunk {
		t.Fatalf("first chunk: %+v %v", u, err)
	}
	// The second chunk's connection drops after 1 MiB.
	cut := &failAfter{r: bytes.NewReader(data[chunk : 2*chunk]), n: 1 << 20}
	if _, err := e.store.WriteChunk(ctx, 42, u.ID, chunk, cut, chunk, pdfCheck); err == nil {
		t.Fatal("a chunk cut short was accepted")
	}
	other := blob.NewWithOptions(e.db, e.s3, e.bucket, blob.Options{PartSize: chunk})
	state, err := other.UploadState(ctx, 42, u.ID)
	if err != nil || state.Received != chunk || state.Done() {
		t.Fatalf("state after the drop: %+v %v", state, err)
	}
	done := sendChunks(t, other, 42, state, data)
	if done.SHA256 != hexSHA(data) || done.ContentType != "application/pdf" || done.Label != "pdf" {
		t.Fatalf("done: %+v, want sha %s", done, hexSHA(data))
	}
	if got := e.read(done.SHA256); !bytes.Equal(got, data) {
		t.Fatalf("stored %d bytes differ from the %d uploaded", len(got), len(data))
	}
	// A repeated last chunk of 0 bytes is answered with the finished state.
	again, err := e.store.WriteChunk(ctx, 42, u.ID, int64(len(data)), bytes.NewReader(nil), 0, pdfCheck)
	if err != nil || again.SHA256 != done.SHA256 {
		t.Fatalf("finish again: %+v %v", again, err)
	}

	// The same bytes uploaded again are stored once.
	u2, err := e.store.BeginUpload(ctx, 43, "copy.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if d2 := sendChunks(t, e.store, 43, u2, data); d2.SHA256 != done.SHA256 {
		t.Fatalf("second upload: %s", d2.SHA256)
	}
	if keys := e.keys(); len(keys) != 1 || keys[0] != e.key(done.SHA256) {
		t.Fatalf("bucket holds %v, want only the blob", keys)
	}
	if e.rows() != 1 {
		t.Fatalf("%d blob rows, want 1", e.rows())
	}
	if err := e.ref(done.SHA256, 1); err != nil {
		t.Fatalf("ref the uploaded blob: %v", err)
	}
}

func TestResumableUploadRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{PartSize: chunk, MaxSize: 3 * chunk})
	ctx := context.Background()
	data := pdfBytes(9, chunk+10)
	u, err := e.store.BeginUpload(ctx, 1, "a.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("too large", func(t *testing.T) {
		_, err := e.store.BeginUpload(ctx, 1, "big.mp4", 3*chunk+1)
		wantInvalid(t, err, "blob.too_large")
	})
	t.Run("empty", func(t *testing.T) {
		_, err := e.store.BeginUpload(ctx, 1, "e.pdf", 0)
		wantInvalid(t, err, "upload.empty")
	})
	t.Run("another owner cannot see or write it", func(t *testing.T) {
		if _, err := e.store.UploadState(ctx, 2, u.ID); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("state: %v", err)
		}
		_, err := e.store.WriteChunk(ctx, 2, u.ID, 0, bytes.NewReader(data[:chunk]), chunk, pdfCheck)
		if !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("write: %v", err)
		}
	})
	t.Run("wrong offset", func(t *testing.T) {
		st, err := e.store.WriteChunk(ctx, 1, u.ID, chunk, bytes.NewReader(data[chunk:]), 10, pdfCheck)
		if !errors.Is(err, blob.ErrOffset) || st.Received != 0 {
			t.Fatalf("got %+v %v", st, err)
		}
	})
	t.Run("wrong chunk size", func(t *testing.T) {
		_, err := e.store.WriteChunk(ctx, 1, u.ID, 0, bytes.NewReader(data[:100]), 100, pdfCheck)
		wantInvalid(t, err, "upload.chunk_size")
	})
	t.Run("rejected magic bytes end the upload", func(t *testing.T) {
		exe := append([]byte("MZ\x90\x00"), make([]byte, 20)...)
		x, err := e.store.BeginUpload(ctx, 1, "setup.pdf", int64(len(exe)))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.store.WriteChunk(ctx, 1, x.ID, 0, bytes.NewReader(exe), int64(len(exe)), pdfCheck)
		wantInvalid(t, err, "upload.type")
		if _, err := e.store.UploadState(ctx, 1, x.ID); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("rejected upload still there: %v", err)
		}
		if e.rows() != 0 || len(e.keys()) != 0 {
			t.Fatalf("rejected upload left %d rows, objects %v", e.rows(), e.keys())
		}
	})
	t.Run("abort", func(t *testing.T) {
		if err := e.store.AbortUpload(ctx, 1, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.UploadState(ctx, 1, u.ID); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("aborted upload: %v", err)
		}
	})
}

// TestPurgeAbortsStaleUploads: an upload nobody continues is aborted with its parts.
func TestPurgeAbortsStaleUploads(t *testing.T) {
	t.Parallel()
	e := newEnv(t, blob.Options{PartSize: chunk, TempMaxAge: time.Millisecond})
	ctx := context.Background()
	data := pdfBytes(11, chunk+1)
	u, err := e.store.BeginUpload(ctx, 5, "stale.pdf", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.WriteChunk(ctx, 5, u.ID, 0, bytes.NewReader(data[:chunk]), chunk, pdfCheck); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := e.store.Purge(ctx, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UploadState(ctx, 5, u.ID); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("stale upload kept: %v", err)
	}
	for up := range e.s3.ListIncompleteUploads(ctx, e.bucket, "", true) {
		if up.Err == nil {
			t.Fatalf("multipart upload %s left", up.Key)
		}
	}
}
