package bulk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/sniff"
)

// blobPutter stores bytes by content hash (repository/blob.Store).
type blobPutter interface {
	Put(ctx context.Context, r io.Reader, size int64, contentType string) (blob.Blob, error)
}

// resourceImporter records an imported resource (repository.Service).
type resourceImporter interface {
	ImportResource(ctx context.Context, a *identity.Actor, key string, n repository.NewResource, files []repository.File) (string, int64, error)
}

// Report says what a load did. Total = Created + Updated + Unchanged + len(Errors).
type Report struct {
	Total     int         `json:"total"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Errors    []LineError `json:"errors"`
}

// Loader loads manifests into one organization as one actor.
type Loader struct {
	Blobs     blobPutter
	Resources resourceImporter
	Actor     *identity.Actor // the resources' owner: a teacher or librarian of OrgID
	OrgID     int64
}

// Load reads the manifest at manifest (relative to dir, or absolute) and loads
// every line's files from dir. The report lists every refused line, with the lines
// ParseManifest refused; an error means nothing was loaded (an unreadable folder
// or manifest).
func (l *Loader) Load(ctx context.Context, dir, manifest string) (*Report, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("bulk: open folder: %w", err)
	}
	defer root.Close()
	mf, err := os.Open(manifest)
	if err != nil {
		return nil, fmt.Errorf("bulk: open manifest: %w", err)
	}
	defer mf.Close()
	rows, errs, err := ParseManifest(mf)
	if err != nil {
		return nil, err
	}
	rep := &Report{Total: len(rows) + len(errs), Errors: errs}
	for _, row := range rows {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		outcome, err := l.loadRow(ctx, root, row)
		switch {
		case err != nil:
			rep.Errors = append(rep.Errors, lineError(row.Line, err))
		case outcome == repository.ImportCreated:
			rep.Created++
		case outcome == repository.ImportUpdated:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	slices.SortFunc(rep.Errors, func(a, b LineError) int { return a.Line - b.Line })
	return rep, nil
}

func (l *Loader) loadRow(ctx context.Context, root *os.Root, row Row) (string, error) {
	files := make([]repository.File, 0, len(row.Files))
	for _, p := range row.Files {
		f, err := l.storeFile(ctx, root, p)
		if err != nil {
			return "", err
		}
		files = append(files, *f)
	}
	n := row.Resource
	n.OrgID = l.OrgID
	outcome, _, err := l.Resources.ImportResource(ctx, l.Actor, row.Key, n, files)
	return outcome, err
}

// storeFile streams one file into the blob store after checking its magic bytes.
func (l *Loader) storeFile(ctx context.Context, root *os.Root, p string) (*repository.File, error) {
	f, err := root.Open(p)
	if err != nil {
		return nil, fault.Invalid("files", "import.file", "%s: %v", p, errors.Unwrap(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bulk: %s: %w", p, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fault.Invalid("files", "import.file", "%s is not a regular file", p)
	}
	name := repository.CleanFileName(path.Base(p))
	br := bufio.NewReaderSize(f, sniff.HeadSize)
	head, err := br.Peek(sniff.HeadSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("bulk: read %s: %w", p, err)
	}
	t, err := sniff.Detect(head, name)
	if err != nil {
		return nil, fault.Invalid("files", "import.file", "%s: %v", p, err)
	}
	b, err := l.Blobs.Put(ctx, br, st.Size(), t.MIME)
	if err != nil {
		return nil, fmt.Errorf("bulk: store %s: %w", p, err)
	}
	kind := t.Kind
	if t.Active {
		kind = "active" // served only as a download, never previewed
	}
	return &repository.File{Name: name, SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType, Kind: kind}, nil
}

// lineError keeps a validation message as it is and hides other failures' detail
// behind their kind.
func lineError(line int, err error) LineError {
	if v, ok := fault.AsValidation(err); ok {
		return LineError{Line: line, Field: v.Field, Message: fmt.Sprintf(v.Message, v.Args...)}
	}
	switch {
	case errors.Is(err, fault.ErrForbidden):
		return LineError{Line: line, Message: "the owner may not create resources in this organization"}
	default:
		return LineError{Line: line, Message: err.Error()}
	}
}
