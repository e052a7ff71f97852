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
// The package must never import a domain (repository, lms/...): domains import it.
//
// An external engine (Meilisearch) is fed through Outbox: it is an Index that also
// records each change in search_outbox in the caller's transaction, and Drain sends
// each changed document's current state to a Sink in order, keeping the rows (with a
// growing retry delay) while the engine is down. The Meilisearch Sink and Searcher
// (meilisearch-go) and the River job that calls Drain are not written yet.
package search
