// Package assessment is online testing: the shared question bank (items with
// immutable versions, Markdown stems rendered and sanitized once when a version is
// saved, near-duplicate warnings, subject-panel review before anyone else may use an
// item, import from the teachers' CSV/XLSX template), tests built by hand or from a
// blueprint into parallel forms with their settings (window, time limit, attempts,
// access code, IP ranges, free or sequential navigation), timed delivery whose clock
// is the server's (deadline stored on the attempt, autosave ordered by the client's
// sequence number, auto-submit by a job per attempt or, at a test's close, one job
// that scores every open attempt in batches), automatic grading with partial credit,
// a manual grading queue for essays (blind if wanted), regrading after a key fix,
// overrides, an audit of every changed score, item analysis kept as running sums,
// and one score per student by the test's grading method (Results, which the
// gradebook reads).
//
// Every call takes the acting user and checks role and organization here. It must
// never send an answer key to a student, never trust a client's clock, and never
// import the web layer or the LMS course code.
package assessment
