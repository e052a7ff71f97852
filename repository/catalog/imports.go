package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Import statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// maxRefusalsShown bounds the refusals GetImport returns.
const maxRefusalsShown = 500

// NewImport is a MARC file, already in the blob store, to load into the catalog of
// an organization.
type NewImport struct {
	OrgID    int64  // 0: the actor's home organization
	Scope    string // who may see the records; default city
	FileName string
	SHA256   string
	Size     int64
}

// Import is the state of one import, for its progress page.
type Import struct {
	ID         int64      `json:"id"`
	OrgID      int64      `json:"org_id"`
	OrgName    string     `json:"org_name"`
	Scope      string     `json:"scope"`
	FileName   string     `json:"file_name"`
	Size       int64      `json:"size"`
	Status     string     `json:"status"`
	Total      int        `json:"total"` // records in the file, 0 until it is read
	Done       int        `json:"done"`
	Created    int        `json:"created"`
	Updated    int        `json:"updated"`
	Unchanged  int        `json:"unchanged"`
	Refused    int        `json:"refused"`
	Error      *Refusal   `json:"error,omitempty"` // the whole file was refused
	Refusals   []Refusal  `json:"refusals,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	FinishedAt *time.Time `json:"finished_at,omitempty"`
}

// Refusal is why a record (or the whole file, Position 0) was not loaded: Key is a
// message key (content-standards/marc's Reasons, or this package's), Message the
// English text.
type Refusal struct {
	Position int    `json:"position"`
	Offset   int64  `json:"offset"`
	Key      string `json:"key"`
	Message  string `json:"message"`
	Args     []any  `json:"args"`
}

// Reasons are this package's own refusal keys with their English messages (the web
// catalogue translates them, as it does marc.Reasons).
func Reasons() map[string]string {
	return map[string]string{noTitleKey: noTitleMessage, stoppedKey: stoppedMessage}
}

const (
	noTitleKey     = "catalog.no_title"
	noTitleMessage = "The record has no title (field 245 $a); it was not loaded."
	stoppedKey     = "catalog.stopped"
	stoppedMessage = "The import stopped after %d failed attempts; the records before it are kept. Import the file again, or ask an administrator to look at the server's log."
)

// StartImport records an import of a stored MARC file and enqueues its job, in one
// transaction. Only a librarian of the organization may.
func (s *Service) StartImport(ctx context.Context, a *identity.Actor, n NewImport) (*Import, error) {
	o, err := s.catalogOrg(ctx, a, n.OrgID)
	if err != nil {
		return nil, err
	}
	if n.Scope, err = checkScope(n.Scope); err != nil {
		return nil, err
	}
	n.FileName = strings.TrimSpace(n.FileName)
	if r := []rune(n.FileName); len(r) > 300 {
		n.FileName = string(r[:300])
	}
	if n.FileName == "" {
		n.FileName = "marc.mrc"
	}
	if n.Size > marc.MaxFileSize {
		return nil, fault.Invalid("file", "catalog.too_big", "The file is larger than %d MB, the most one import takes; split it.", marc.MaxFileSize>>20)
	}
	var created *int64
	if a.User.ID != 0 {
		created = &a.User.ID
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.blobs.Ref(ctx, tx, n.SHA256, 1); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO catalog_imports (org_id, org_path, created_by, scope, file_name, sha256, size)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, o.ID, o.Path, created, n.Scope, n.FileName, n.SHA256, n.Size).Scan(&id)
		if err != nil {
			return err
		}
		return s.jobs.InsertTx(ctx, tx, ImportArgs{ImportID: id}, nil)
	})
	if err != nil {
		return nil, fmt.Errorf("catalog: start import: %w", err)
	}
	return s.GetImport(ctx, a, id)
}

const importColumns = `i.id, i.org_id, o.name, i.scope, i.file_name, i.size, i.status, i.total, i.done, i.created, i.updated,
	i.unchanged, i.refused, i.error_key, i.error_args, i.created_at, i.finished_at`

func scanImport(row pgx.CollectableRow) (Import, error) {
	var im Import
	var key string
	var args []byte
	err := row.Scan(&im.ID, &im.OrgID, &im.OrgName, &im.Scope, &im.FileName, &im.Size, &im.Status, &im.Total, &im.Done,
		&im.Created, &im.Updated, &im.Unchanged, &im.Refused, &key, &args, &im.CreatedAt, &im.FinishedAt)
	if err != nil {
		return im, err
	}
	if key != "" {
		r := refusal(0, 0, key, args)
		im.Error = &r
	}
	return im, nil
}

// GetImport returns an import with up to 500 refused records; librarians of its
// organization and its administrators may see it.
func (s *Service) GetImport(ctx context.Context, a *identity.Actor, id int64) (*Import, error) {
	staff, system := staffOrgs(a)
	rows, err := s.db.Query(ctx, `SELECT `+importColumns+` FROM catalog_imports i JOIN organizations o ON o.id = i.org_id
		WHERE i.id = $3 AND ($2 OR i.org_path && $1::bigint[])`, staff, system, id)
	if err != nil {
		return nil, fmt.Errorf("catalog: import %d: %w", id, err)
	}
	im, err := pgx.CollectExactlyOneRow(rows, scanImport)
	if err != nil {
		return nil, notFound(err, fmt.Sprintf("import %d", id))
	}
	rows, err = s.db.Query(ctx, `SELECT position, byte_offset, key, args FROM catalog_import_errors
		WHERE import_id = $1 ORDER BY position LIMIT $2`, id, maxRefusalsShown)
	if err != nil {
		return nil, fmt.Errorf("catalog: import %d: %w", id, err)
	}
	im.Refusals, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Refusal, error) {
		var pos int
		var off int64
		var key string
		var raw []byte
		err := row.Scan(&pos, &off, &key, &raw)
		return refusal(pos, off, key, raw), err
	})
	if err != nil {
		return nil, fmt.Errorf("catalog: import %d: %w", id, err)
	}
	return &im, nil
}

// Imports lists the latest imports the actor may see (their libraries').
func (s *Service) Imports(ctx context.Context, a *identity.Actor, limit int) ([]Import, error) {
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	staff, system := staffOrgs(a)
	rows, err := s.db.Query(ctx, `SELECT `+importColumns+` FROM catalog_imports i JOIN organizations o ON o.id = i.org_id
		WHERE ($2 OR i.org_path && $1::bigint[]) ORDER BY i.id DESC LIMIT $3`, staff, system, limit)
	if err != nil {
		return nil, fmt.Errorf("catalog: imports: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanImport)
	if err != nil {
		return nil, fmt.Errorf("catalog: imports: %w", err)
	}
	return out, nil
}

// refusal rebuilds a stored refusal with its English message.
func refusal(pos int, off int64, key string, raw []byte) Refusal {
	r := Refusal{Position: pos, Offset: off, Key: key, Args: decodeArgs(raw)}
	msg, ok := marc.Reasons()[key]
	if !ok {
		msg = Reasons()[key]
	}
	if msg == "" {
		msg = key
	}
	r.Message = fmt.Sprintf(msg, r.Args...)
	return r
}

// decodeArgs reads message arguments back from JSON: whole numbers as int64, so %d
// verbs print them as they were.
func decodeArgs(raw []byte) []any {
	var vals []any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&vals); err != nil {
		return nil
	}
	for i, v := range vals {
		if n, ok := v.(json.Number); ok {
			if k, err := n.Int64(); err == nil {
				vals[i] = k
			} else if f, err := n.Float64(); err == nil {
				vals[i] = f
			}
		}
	}
	return vals
}

func encodeArgs(args []any) []byte {
	if args == nil {
		args = []any{}
	}
	b, err := json.Marshal(args)
	if err != nil {
		return []byte("[]")
	}
	return b
}

// ImportArgs is the job that loads one import's file.
type ImportArgs struct {
	ImportID int64 `json:"import_id"`
}

// Kind names the job in the queue.
func (ImportArgs) Kind() string { return "catalog.import" }

// InsertOpts keeps one job per import in the queue.
func (ImportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ImportWorker works ImportArgs.
type ImportWorker struct {
	river.WorkerDefaults[ImportArgs]
	svc *Service
}

// NewImportWorker returns the import worker.
func NewImportWorker(s *Service) *ImportWorker { return &ImportWorker{svc: s} }

// Work runs the import; a failure leaves the import where its last batch left it,
// and the job's retry goes on from there. After the last attempt the import is
// marked failed, so its page does not wait for ever.
func (w *ImportWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	err := w.svc.RunImport(ctx, job.Args.ImportID)
	if err != nil && job.Attempt >= job.MaxAttempts && ctx.Err() == nil {
		w.svc.log.Error("catalog import gave up", "import", job.Args.ImportID, "attempts", job.Attempt, "err", err)
		if ferr := w.svc.fail(ctx, job.Args.ImportID, stoppedKey, []any{job.Attempt}); ferr != nil {
			return ferr
		}
		return nil
	}
	return err
}

// Timeout allows a large file its time (the queue's default is 30 minutes).
func (w *ImportWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 2 * time.Hour }
