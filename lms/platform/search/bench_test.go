package search

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/platform/search/corpus"
)

// The figures for a city-sized index come from deploy/bench/search; these measure the
// same calls on a corpus small enough for `go test -bench`.

func corpusDocs(e *env, n int) []Document {
	g := corpus.New(1)
	docs := make([]Document, n)
	for i := range docs {
		c := g.Next()
		d := e.doc(int64(i+1), c.Title, c.Description, c.Body)
		d.Subject, d.Grades, d.Kind = c.Subject, []int{c.Grade}, c.Kind
		docs[i] = d
	}
	return docs
}

func BenchmarkUpsert(b *testing.B) {
	e := newEnv(b)
	docs := corpusDocs(e, 1000)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		err := pgx.BeginFunc(ctx, e.db, func(tx pgx.Tx) error { return e.ix.Upsert(ctx, tx, docs[i%len(docs)]) })
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	e := newEnv(b)
	e.add(corpusDocs(e, 3000)...)
	a := e.as("student1")
	ctx := context.Background()
	for _, q := range []Query{{Text: "newton"}, {Text: "phuong trinh bac"}, {Text: "bai tap", Subject: "vat-ly"}} {
		b.Run(q.Text, func(b *testing.B) {
			for b.Loop() {
				if _, err := e.ix.Search(ctx, a, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
