// Package search is the full-text search shared by every domain: one port (Index to
// feed it, Searcher to query it) and its embedded PostgreSQL backend.
//
// Domains feed documents with Index.Upsert / Index.Delete inside the transaction that
// changes the source row, so the index never disagrees with committed data. A
// document carries the same sharing fields as its source (organization path, scope,
// scope root, owner, review status) and every query filters on them in SQL, facet
// counts included: the package never filters results after the fact and never
// decides permissions of its own; it mirrors the domain's rule (repository's
// visibleSQL) in the query.
//
// Vietnamese is matched word by word: a query word typed with marks ("má") matches
// only that exact word (exact_tsv, the NFC lower-cased words); a word typed without
// marks ("ma") matches every marked form (fold_tsv, built with unaccent), exact forms
// ranked first. NFC and NFD input are the same; "đ" matches "d" only in unmarked words.
//
// For speed at a million documents, matching reads one generated vector, match_tsv:
// the unaccented words, the marked words as written, and tokens for the filter
// values and the sharing rule, so a query's words, filters and permissions are one
// tsquery that one GIN scan answers. The table is split into Buckets parts by
// doc_id, each with its own partial GIN index; a query reads them in turn and stops
// once it has the candidates it ranks (rankLimit), so a word in most documents costs
// a bitmap of one part rather than of all of them. A subject asked with a grade or
// a kind is one combined token ("~sg", "~sk"): GIN drives an intersection by its
// rarest lists, and those are a few hundredths of the documents where a subject
// alone is a tenth. Facets count the first CountLimit candidates in two aggregates
// (pageSQL). Sorted by date, a query reads its matches month window by month window,
// newest first, through date tokens ("~dy", "~dq", "~dm"; dates.go), and stops
// there too, instead of sorting every match.
//
// The package must never import a domain (repository, lms/...): domains import it.
//
// Two backends answer queries behind Searcher: Postgres (embedded default) and Meili
// (Meilisearch through meilisearch-go, chosen with --meili-url). With Meilisearch
// the domains write through Outbox: search_documents is written as always (it stays
// the source of truth) and each change is recorded in search_outbox in the same
// transaction; Outbox.Run drains the changes to Meili, in order per document (one
// drainer at a time, under an advisory lock), keeping them with a growing retry
// delay while Meilisearch is down. Meili.Rebuild refills Meilisearch from
// search_documents (hoclieu search reindex --meili-url). The same behavioural test
// suite runs on both backends (eachBackend; Meilisearch when HOCLIEU_TEST_MEILI_URL
// is set).
//
// Adding a document type (courses, catalog records) is a small step:
//  1. the type is listed in Types (and in the doc_type CHECK of search_documents:
//     resource, course, question and record are there already; a new name needs a
//     new migration);
//  2. the domain builds a Document from its row (the same sharing fields as its own
//     read rule: OrgPath, Scope, ScopeRoot, OwnerID, Published; the text others may
//     see, never answer keys or private notes) and calls Index.Upsert / Index.Delete
//     in the transaction that changes the row (see repository/search.go and
//     assessment/search.go);
//  3. the domain implements Source (SearchType, FeedSearch) and cmd/hoclieu lists it
//     in searchSources and in runSearch, so reindex and the first start index it;
//  4. if its domain lets subject panels see documents waiting for review, the type
//     goes in PanelTypes; web/search.go's hitURL links hits to the type's page.
package search
