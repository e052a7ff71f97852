package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/platform/search"
)

// searchRowSQL reads what a record's search document is built from.
const searchRowSQL = `SELECT c.id, c.org_id, o.name, c.org_path, c.scope, c.scope_root, c.kind, c.language, c.bib, c.updated_at
FROM catalog_records c JOIN organizations o ON o.id = c.org_id`

// indexRecord brings the search document of a record up to date, in tx.
func (s *Service) indexRecord(ctx context.Context, tx pgx.Tx, id int64) error {
	if s.index == nil {
		return nil
	}
	d, err := scanSearchDoc(tx.QueryRow(ctx, searchRowSQL+` WHERE c.id = $1`, id))
	if err != nil {
		return notFound(err, fmt.Sprintf("index record %d", id))
	}
	return s.index.Upsert(ctx, tx, d)
}

// scanSearchDoc builds a record's document: the title is the title proper, the
// description who made it and the summary, the body everything else a reader may
// type (subjects, publisher, series, notes, ISBNs). Records are not reviewed: a
// record is published once its librarian loads it.
func scanSearchDoc(row pgx.Row) (search.Document, error) {
	d := search.Document{Type: search.TypeRecord, Published: true, ReviewStatus: "published"}
	var raw []byte
	var updated time.Time
	err := row.Scan(&d.ID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.Scope, &d.ScopeRoot, &d.Kind, &d.Language, &raw, &updated)
	if err != nil {
		return d, err
	}
	var b marc.Bib
	if err := json.Unmarshal(raw, &b); err != nil {
		return d, err
	}
	d.UpdatedAt = updated
	d.Title = b.Title
	d.Description = joinNonEmpty(". ", strings.Join(b.Authors, "; "), b.Summary)
	d.Body = joinNonEmpty(". ", b.Responsibility, b.Edition, b.Publisher, b.Place, b.Year, b.Series,
		strings.Join(b.Subjects, "; "), strings.Join(b.Notes, " "), strings.Join(b.ISBNs, " "), b.ISSN)
	return d, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	keep := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// SearchType is the type of the documents the catalog feeds.
func (s *Service) SearchType() search.Type { return search.TypeRecord }

// FeedSearch upserts the search document of every record, in tx (hoclieu search
// reindex).
func (s *Service) FeedSearch(ctx context.Context, tx pgx.Tx, ix search.Index) (int, error) {
	// One document per union catalog entry (its lowest record), as syncIndex keeps it.
	n, err := search.Feed(ctx, tx, ix, searchRowSQL+` WHERE c.union_key IS NULL OR c.scope NOT IN `+unionScopes+`
		OR c.id = (SELECT min(u.id) FROM catalog_records u WHERE u.union_key = c.union_key AND u.scope IN `+unionScopes+`)
		ORDER BY c.id`, scanSearchDoc)
	if err != nil {
		return 0, fmt.Errorf("catalog: reindex: %w", err)
	}
	return n, nil
}

// sourceKey is a record's identity in its library: the control number with its
// agency (001, 003), else the first ISBN, else the record's digest.
func sourceKey(rec *marc.Record, b marc.Bib, digest string) string {
	if cn := rec.ControlNumber(); cn != "" {
		key := "001:" + cn
		if agency := controlValue(rec, "003"); agency != "" {
			key = "001:" + agency + ":" + cn
		}
		if len(key) <= 300 {
			return key
		}
	}
	if len(b.ISBNs) > 0 {
		return "isbn:" + b.ISBNs[0]
	}
	return "sha256:" + digest
}

func controlValue(rec *marc.Record, tag string) string {
	for _, f := range rec.Get(tag) {
		if v := strings.TrimSpace(f.Value); v != "" {
			return v
		}
	}
	return ""
}

// kindOf names what a record describes from its leader (type of record, position 6;
// bibliographic level, 7) and, for texts, whether it is electronic (008/23, 007/00).
func kindOf(rec *marc.Record) string {
	if len(rec.Leader) < 8 {
		return "other"
	}
	switch rec.Leader[6] {
	case 'a', 't':
		if l := rec.Leader[7]; l == 's' || l == 'i' {
			return "serial"
		}
		if electronic(rec) {
			return "ebook"
		}
		return "book"
	case 'g':
		return "video"
	case 'i':
		return "audio"
	case 'j', 'c', 'd':
		return "music"
	case 'e', 'f':
		return "map"
	case 'k':
		return "image"
	case 'm':
		return "digital"
	case 'o', 'p':
		return "kit"
	}
	return "other"
}

func electronic(rec *marc.Record) bool {
	if f := controlValue(rec, "008"); len(f) > 23 && (f[23] == 'o' || f[23] == 's' || f[23] == 'q') {
		return true
	}
	if f := controlValue(rec, "007"); f != "" && f[0] == 'c' {
		return true
	}
	return false
}

// iso639 maps the MARC language codes schools meet to the two-letter codes the rest
// of Hoclieu uses; others stay as MARC writes them.
var iso639 = map[string]string{"vie": "vi", "eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "chi": "zh",
	"zho": "zh", "jpn": "ja", "kor": "ko", "rus": "ru", "spa": "es", "tha": "th", "lao": "lo", "khm": "km"}

func languageOf(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	if two, ok := iso639[code]; ok {
		return two
	}
	return code
}
