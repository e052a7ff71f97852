package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// item is one record of a file in order: read, or refused by the parser.
type item struct {
	pos int
	off int64
	rec *marc.Record
	bad *marc.Error
}

// importRow is what a run needs of its import.
type importRow struct {
	orgID  int64
	path   []int64
	scope  string
	sha    string
	status string
	done   int
}

// RunImport loads an import's file: it reads the whole file, then writes its
// records from where the last run stopped, BatchSize at a time, each batch in one
// transaction with the import's counters. A file the parser refuses as a whole
// fails the import with the reason; that is not an error of the job.
func (s *Service) RunImport(ctx context.Context, id int64) error {
	im, err := s.startRun(ctx, id)
	if err != nil || im.status == StatusDone || im.status == StatusFailed {
		return err
	}
	data, err := s.readFile(ctx, im.sha)
	if errors.Is(err, errTooBig) {
		return s.fail(ctx, id, "marc.too_big", []any{marc.MaxFileSize >> 20})
	}
	if err != nil {
		return fmt.Errorf("catalog: import %d: %w", id, err)
	}
	recs, bad, err := marc.Read(data)
	if err != nil {
		var me *marc.Error
		if errors.As(err, &me) {
			return s.fail(ctx, id, me.Key, me.Args)
		}
		return s.fail(ctx, id, "marc.not_marc", nil)
	}
	items := order(recs, bad)
	if _, err := s.db.Exec(ctx, `UPDATE catalog_imports SET total = $2 WHERE id = $1`, id, len(items)); err != nil {
		return fmt.Errorf("catalog: import %d: %w", id, err)
	}
	batch := max(1, s.BatchSize)
	for from := im.done; from < len(items); {
		if err := ctx.Err(); err != nil {
			return err
		}
		to := min(from+batch, len(items))
		err := s.writeBatch(ctx, id, im, from, items[from:to])
		if errors.Is(err, errRaced) {
			// Another runner of the same import (a retried job) wrote this batch:
			// go on from where it is.
			if err := s.db.QueryRow(ctx, `SELECT done FROM catalog_imports WHERE id = $1`, id).Scan(&from); err != nil {
				return fmt.Errorf("catalog: import %d: %w", id, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("catalog: import %d: records %d-%d: %w", id, from+1, to, err)
		}
		from = to
	}
	_, err = s.db.Exec(ctx, `UPDATE catalog_imports SET status = 'done', finished_at = now() WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("catalog: import %d: %w", id, err)
	}
	return nil
}

func (s *Service) startRun(ctx context.Context, id int64) (importRow, error) {
	var im importRow
	err := s.db.QueryRow(ctx, `UPDATE catalog_imports SET status = CASE WHEN status = 'queued' THEN 'running' ELSE status END,
			started_at = COALESCE(started_at, now())
		WHERE id = $1 RETURNING org_id, org_path, scope, sha256, status, done`, id).
		Scan(&im.orgID, &im.path, &im.scope, &im.sha, &im.status, &im.done)
	if err != nil {
		return im, notFound(err, fmt.Sprintf("import %d", id))
	}
	return im, nil
}

var (
	errTooBig = errors.New("file too big")
	errRaced  = errors.New("another run wrote the batch")
)

// readFile reads a stored file, refusing one larger than the parser takes.
func (s *Service) readFile(ctx context.Context, sha string) ([]byte, error) {
	obj, err := s.blobs.Open(ctx, sha)
	if err != nil {
		return nil, err
	}
	defer obj.Close()
	if obj.Size() > marc.MaxFileSize {
		return nil, errTooBig
	}
	var buf bytes.Buffer
	buf.Grow(int(obj.Size()))
	if _, err := io.Copy(&buf, io.LimitReader(obj, marc.MaxFileSize+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fail ends an import whose file was refused as a whole.
func (s *Service) fail(ctx context.Context, id int64, key string, args []any) error {
	_, err := s.db.Exec(ctx, `UPDATE catalog_imports SET status = 'failed', error_key = $2, error_args = $3, finished_at = now()
		WHERE id = $1`, id, key, encodeArgs(args))
	if err != nil {
		return fmt.Errorf("catalog: import %d: %w", id, err)
	}
	return nil
}

// order puts the read and the refused records back in file order.
func order(recs []marc.Record, bad []*marc.Error) []item {
	out := make([]item, 0, len(recs)+len(bad))
	r, b := 0, 0
	for pos := 1; r < len(recs) || b < len(bad); pos++ {
		if b < len(bad) && (bad[b].Record == pos || r == len(recs)) {
			pos = bad[b].Record // the parser's count of the file's records
			out = append(out, item{pos: pos, off: bad[b].Offset, bad: bad[b]})
			b++
			continue
		}
		out = append(out, item{pos: pos, rec: &recs[r]})
		r++
	}
	return out
}

// counts are what a batch did.
type counts struct{ created, updated, unchanged, refused int }

// writeBatch writes items (positions from+1...) and moves the import's progress
// past them, in one transaction; the progress check makes a second runner of the
// same batch roll back instead of writing twice.
func (s *Service) writeBatch(ctx context.Context, id int64, im importRow, from int, items []item) error {
	return pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		var c counts
		for _, it := range items {
			key, args := "", []any(nil)
			if it.bad != nil {
				key, args = it.bad.Key, it.bad.Args
			} else {
				outcome, err := s.upsert(ctx, tx, id, im, it.rec)
				var v *fault.ValidationError
				var me *marc.Error
				switch {
				case errors.As(err, &v):
					key, args = v.Key, v.Args
				case errors.As(err, &me): // a record the parser read but cannot write back
					key, args = me.Key, me.Args
				case err != nil:
					return err
				case outcome == "created":
					c.created++
				case outcome == "updated":
					c.updated++
				default:
					c.unchanged++
				}
			}
			if key != "" {
				c.refused++
				if _, err := tx.Exec(ctx, `INSERT INTO catalog_import_errors (import_id, position, byte_offset, key, args)
					VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, id, it.pos, it.off, key, encodeArgs(args)); err != nil {
					return err
				}
			}
		}
		tag, err := tx.Exec(ctx, `UPDATE catalog_imports SET done = done + $3, created = created + $4, updated = updated + $5,
				unchanged = unchanged + $6, refused = refused + $7
			WHERE id = $1 AND done = $2`, id, from, len(items), c.created, c.updated, c.unchanged, c.refused)
		if err != nil {
			return err
		}
		if tag.RowsAffected() != 1 {
			return errRaced
		}
		return nil
	})
}

// upsert writes one record: created, updated (same identity, other content) or
// unchanged.
func (s *Service) upsert(ctx context.Context, tx pgx.Tx, importID int64, im importRow, rec *marc.Record) (string, error) {
	bib := rec.Bib()
	if bib.Title == "" {
		return "", fault.Invalid("record", noTitleKey, noTitleMessage)
	}
	var raw bytes.Buffer
	if err := marc.Encode(&raw, []marc.Record{*rec}); err != nil {
		return "", err
	}
	sum := sha256.Sum256(raw.Bytes())
	digest := hex.EncodeToString(sum[:])
	bibJSON, err := json.Marshal(bib)
	if err != nil {
		return "", err
	}
	source, key := sourceKey(rec, bib, digest), unionKey(rec, bib)
	var oldKey *string
	err = tx.QueryRow(ctx, `SELECT union_key FROM catalog_records WHERE org_id = $1 AND source_key = $2 FOR UPDATE`, im.orgID, source).Scan(&oldKey)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", err
	}
	var recID int64
	var inserted bool
	err = tx.QueryRow(ctx, `INSERT INTO catalog_records (org_id, org_path, scope, scope_root, source_key, kind, title, authors,
			year, isbns, language, bib, marc, digest, import_id, union_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, NULLIF($16, ''))
		ON CONFLICT (org_id, source_key) DO UPDATE SET org_path = EXCLUDED.org_path, scope = EXCLUDED.scope,
			scope_root = EXCLUDED.scope_root, kind = EXCLUDED.kind, title = EXCLUDED.title, authors = EXCLUDED.authors,
			year = EXCLUDED.year, isbns = EXCLUDED.isbns, language = EXCLUDED.language, bib = EXCLUDED.bib,
			marc = EXCLUDED.marc, digest = EXCLUDED.digest, import_id = EXCLUDED.import_id, union_key = EXCLUDED.union_key,
			updated_at = now()
		WHERE catalog_records.digest <> EXCLUDED.digest OR catalog_records.scope <> EXCLUDED.scope
		RETURNING id, xmax = 0`,
		im.orgID, im.path, im.scope, identity.ScopeRoot(im.scope, im.path), source, kindOf(rec), bib.Title,
		nonNil(bib.Authors), bib.Year, nonNil(bib.ISBNs), languageOf(bib.Language), bibJSON, raw.Bytes(), digest, importID, key).
		Scan(&recID, &inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		return "unchanged", nil
	}
	if err != nil {
		return "", err
	}
	old := ""
	if oldKey != nil {
		old = *oldKey
	}
	if err := s.syncIndex(ctx, tx, recID, key, old, true); err != nil {
		return "", err
	}
	if inserted {
		return "created", nil
	}
	return "updated", nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
