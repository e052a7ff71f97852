package web_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

// newTestCatalog is the catalog of a test server; with work, a River worker runs
// its imports as `hoclieu dev` does, otherwise they wait on the insert-only queue.
func newTestCatalog(t *testing.T, pool *pgxpool.Pool, blobs *blob.Store, index search.Index, queue *jobs.Queue, work bool) *catalog.Service {
	t.Helper()
	if !work {
		return catalog.New(pool, blobs, queue, nil).WithSearch(index)
	}
	late := &lateQueue{}
	cat := catalog.New(pool, blobs, late, nil).WithSearch(index)
	workers := river.NewWorkers()
	river.AddWorker(workers, catalog.NewImportWorker(cat))
	q, err := jobs.New(pool, jobs.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	late.q = q
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	return cat
}

// lateQueue is the queue built after the catalog, whose worker needs the catalog.
type lateQueue struct{ q *jobs.Queue }

func (l *lateQueue) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) error {
	return l.q.InsertTx(ctx, tx, args, opts)
}

// vietnameseMARC is a school library's small MARC file (UTF-8, ISO 2709).
func vietnameseMARC(t *testing.T) []byte {
	t.Helper()
	rec := func(cn, title, author, year, subject string) marc.Record {
		return marc.Record{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{
			{Tag: "001", Value: cn},
			{Tag: "008", Value: "261202s" + year + "    vm            000 0 vie d"},
			{Tag: "100", Ind1: '1', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: author}}},
			{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: title}}},
			{Tag: "264", Ind1: ' ', Ind2: '1', Subfields: []marc.Subfield{{Code: 'a', Value: "Hà Nội :"}, {Code: 'b', Value: "Giáo dục Việt Nam,"}, {Code: 'c', Value: year + "."}}},
			{Tag: "650", Ind1: ' ', Ind2: '7', Subfields: []marc.Subfield{{Code: 'a', Value: subject}}},
			{Tag: "856", Ind1: '4', Ind2: '0', Subfields: []marc.Subfield{{Code: 'u', Value: "https://thuvien.example.edu.vn/" + cn}}},
		}}
	}
	var buf bytes.Buffer
	err := marc.Encode(&buf, []marc.Record{
		rec("LQD0001", "Truyện Kiều", "Nguyễn Du", "2019", "Văn học Việt Nam"),
		rec("LQD0002", "Lịch sử Việt Nam thời Lý – Trần", "Trần Quốc Vượng", "2020", "Lịch sử"),
		rec("LQD0003", "Phương trình bậc hai và ứng dụng", "Lê Văn Thiêm", "2021", "Toán học"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
