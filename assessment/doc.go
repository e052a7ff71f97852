// Package assessment is online testing: the shared question bank (items with
// immutable versions, Markdown stems rendered and sanitized once when a version is
// saved, near-duplicate warnings), tests built by hand or from a blueprint into
// parallel forms, timed delivery whose clock is the server's (deadline stored on the
// attempt, autosave ordered by the client's sequence number, auto-submit by a job),
// automatic grading with partial credit, a manual grading queue for essays and one
// score per student by the test's grading method.
//
// Every call takes the acting user and checks role and organization here. It must
// never send an answer key to a student, never trust a client's clock, and never
// import the web layer or the LMS course code (the gradebook reads Results).
package assessment
