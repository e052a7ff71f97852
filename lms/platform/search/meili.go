package search

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"
)

// Meili is the Meilisearch backend (github.com/meilisearch/meilisearch-go): a
// Searcher over one index, and the Sink the outbox feeds it through. PostgreSQL's
// search_documents stays the source of truth it is rebuilt from.
type Meili struct {
	client meilisearch.ServiceManager
	uid    string
	opts   Options
	// wait bounds how long a write waits for Meilisearch to apply it.
	wait time.Duration
}

// MeiliConfig locates the Meilisearch index.
type MeiliConfig struct {
	URL, APIKey string
	Index       string        // default "hoclieu"
	Timeout     time.Duration // per request; default 10 s
}

// NewMeili returns the Meilisearch backend; Setup must run before it is used.
func NewMeili(c MeiliConfig, o Options) *Meili {
	if c.Index == "" {
		c.Index = "hoclieu"
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	client := meilisearch.New(c.URL, meilisearch.WithAPIKey(c.APIKey),
		meilisearch.WithCustomClient(&http.Client{Timeout: c.Timeout}))
	return &Meili{client: client, uid: c.Index, opts: o, wait: 2 * time.Minute}
}

// Index is the name of the index searched.
func (m *Meili) Index() string { return m.uid }

// Setup creates the index when it does not exist and applies the settings (the
// same call every start: Meilisearch re-indexes only when they changed).
func (m *Meili) Setup(ctx context.Context) error {
	if err := m.ensureIndex(ctx, m.uid); err != nil {
		return err
	}
	return m.applySettings(ctx, m.uid)
}

func (m *Meili) ensureIndex(ctx context.Context, uid string) error {
	task, err := m.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: "key"})
	if err != nil {
		return fmt.Errorf("search: meilisearch: create index %s: %w", uid, err)
	}
	if err := m.await(ctx, task); err != nil && !strings.Contains(err.Error(), "index_already_exists") {
		return fmt.Errorf("search: meilisearch: create index %s: %w", uid, err)
	}
	return nil
}

func (m *Meili) applySettings(ctx context.Context, uid string) error {
	task, err := m.client.Index(uid).UpdateSettings(ctx, meiliSettings())
	if err == nil {
		err = m.await(ctx, task)
	}
	if err != nil {
		return fmt.Errorf("search: meilisearch: settings of %s: %w", uid, err)
	}
	return nil
}

// await waits for a task to finish and returns its error, if it failed.
func (m *Meili) await(ctx context.Context, info *meilisearch.TaskInfo) error {
	ctx, cancel := context.WithTimeout(ctx, m.wait)
	defer cancel()
	task, err := m.client.WaitForTask(ctx, info.TaskUID, 50*time.Millisecond)
	if err != nil {
		return err
	}
	if task.Status != meilisearch.TaskStatusSucceeded {
		return fmt.Errorf("task %d %s: %s: %s", task.UID, task.Status, task.Error.Code, task.Error.Message)
	}
	return nil
}

// Apply puts the documents and removes the deleted ones, and returns once
// Meilisearch has applied both (the outbox keeps the changes until then). Sending
// a document again replaces it, so a retry after a failure is harmless.
func (m *Meili) Apply(ctx context.Context, upserts []Document, deletes []Ref) error {
	return m.apply(ctx, m.uid, upserts, deletes)
}

func (m *Meili) apply(ctx context.Context, uid string, upserts []Document, deletes []Ref) error {
	ix := m.client.Index(uid)
	var tasks []*meilisearch.TaskInfo
	if len(deletes) > 0 {
		keys := make([]string, len(deletes))
		for i, r := range deletes {
			keys[i] = meiliKey(r.Type, r.ID)
		}
		t, err := ix.DeleteDocuments(ctx, keys, nil)
		if err != nil {
			return fmt.Errorf("search: meilisearch: delete: %w", err)
		}
		tasks = append(tasks, t)
	}
	if len(upserts) > 0 {
		docs := make([]meiliDoc, len(upserts))
		for i, d := range upserts {
			docs[i] = toMeili(d)
		}
		pk := "key"
		t, err := ix.AddDocuments(ctx, docs, &meilisearch.DocumentOptions{PrimaryKey: &pk})
		if err != nil {
			return fmt.Errorf("search: meilisearch: add: %w", err)
		}
		tasks = append(tasks, t)
	}
	for _, t := range tasks {
		if err := m.await(ctx, t); err != nil {
			return fmt.Errorf("search: meilisearch: apply: %w", err)
		}
	}
	return nil
}

// Count returns how many documents the index holds.
func (m *Meili) Count(ctx context.Context) (int64, error) {
	st, err := m.client.Index(m.uid).GetStats(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("search: meilisearch: stats: %w", err)
	}
	return st.NumberOfDocuments, nil
}

// Healthy reports whether Meilisearch answers (for /healthz).
func (m *Meili) Healthy(ctx context.Context) error {
	if _, err := m.client.Health(ctx); err != nil {
		return fmt.Errorf("search: meilisearch: %w", err)
	}
	return nil
}

// decodeHits turns Meilisearch's hits into documents.
func decodeHits(hits meilisearch.Hits) ([]meiliDoc, error) {
	out := make([]meiliDoc, len(hits))
	for i, h := range hits {
		if err := h.DecodeInto(&out[i]); err != nil {
			return nil, fmt.Errorf("search: meilisearch: hit: %w", err)
		}
	}
	return out, nil
}

// decodeFacets reads facetDistribution into the result's facets; the org facet's
// "id|name" values become ids with labels.
func decodeFacets(raw json.RawMessage, res *Results) error {
	res.Facets = map[string]map[string]int{}
	res.FacetLabels = map[string]map[string]string{"org": {}}
	if len(raw) == 0 {
		return nil
	}
	var dist map[string]map[string]int
	if err := json.Unmarshal(raw, &dist); err != nil {
		return fmt.Errorf("search: meilisearch: facets: %w", err)
	}
	names := map[string]string{"type": "type", "kind": "kind", "subject": "subject", "grades": "grade", "org": "org",
		"licence": "licence", "language": "language", "review_status": "review_status"}
	for field, counts := range dist {
		name, ok := names[field]
		if !ok {
			continue
		}
		for v, n := range counts {
			if v == "" || n == 0 {
				continue
			}
			if name == "org" {
				id, label, _ := strings.Cut(v, "|")
				v = id
				res.FacetLabels["org"][id] = label
			}
			if res.Facets[name] == nil {
				res.Facets[name] = map[string]int{}
			}
			res.Facets[name][v] += n
		}
	}
	return nil
}
