// Package catalog is the e-library's union catalog: the bibliographic records
// (MARC 21) that school, district and city librarians catalog for their digital
// collections, shared by scope (a school's own, its district's, the whole city's, or
// public) so every school finds what the others hold.
//
// Librarians load records from MARC files (ISO 2709 or MARCXML, read by
// content-standards/marc). An import is a job: the file is kept in the blob store,
// StartImport records the import and enqueues its job in one transaction, and the
// worker writes the records in batches, each batch in one transaction with the
// import's progress, so a worker killed mid-file goes on from the last batch and
// nothing is written twice. A record's identity in its library is its control number
// (001 with 003), else its first ISBN, else its digest: importing the same file again
// changes nothing, a corrected record replaces the old one. Records the parser
// refuses are listed on the import with the reason, and the others are kept.
//
// The union catalog: records of the same book (same ISBN-13, ISBN-10 converted, else
// the same 035 system number) that libraries share with the city or everyone are one
// entry: the lowest record is the search document, the others are listed on its page
// as holders (union.go). Other records are search documents of their own, of type
// "record". The index is kept in the transaction that writes the record. Every read checks the caller's organizations here, never
// only in the web layer: a record shared with one school is invisible to the others.
// This package must never trust a file's bytes: the parser bounds sizes, and the
// parser's refusals are shown to the librarian as they are.
package catalog
