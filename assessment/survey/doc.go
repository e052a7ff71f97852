// Package survey is online surveys ("khảo sát trực tuyến") for schools and offices:
// Likert, single and multiple choice, free text and matrix questions, anonymous or
// identified, for an audience chosen by organization (and everything below it), role
// or class, open between two dates, with live results and a CSV export.
//
// Every call takes the acting user and decides here who may do what: a teacher or an
// administrator addresses their own organization (an administrator also everything
// below it) or the classes they teach; a person sees only the surveys whose audience
// includes them; only the creator and the administrators of the survey's organization
// read results.
//
// One response per person is enforced by a participation row keyed by (survey, user),
// written in the same transaction as the answers. In an anonymous survey the answers
// row has no user reference, a random id and only the day, and Mix rewrites fresh
// answers and participation rows in batches (new transaction id, random physical
// order; a batch smaller than MinAnonymous is padded with earlier rows chosen at
// random), so nothing in the tables joins a person to their answers. Until the next
// mix (the job runs every minute), and for the first responses of a survey, a reader
// of the database who knows PostgreSQL's xmin column can still pair the newest rows;
// the application, its API and its exports never can. A draft is the person's own
// until they submit, and is deleted in the submitting transaction. Results of an
// anonymous survey are shown only from MinAnonymous responses on.
//
// It must never return or log who wrote an anonymous response, and never import the
// web layer.
package survey
