// Package assignment is homework handed in online: an assignment is a course item
// (course_items.kind = 'assignment') with settings here (Markdown instructions, due
// date, late policy, allowed file types and size, individual or group work, a
// rubric); students submit text and files (bytes in the content-addressed blob
// store, counted with blob.Store.Ref in the submission's transaction); every version
// is kept, and a retried submission (same idempotency key, or same content) returns
// the version already stored instead of adding one. Teachers grade the latest
// version with a score or rubric levels, text and a feedback file; the mark goes to
// the gradebook (gradebook.Record) and the students are notified in the same
// transaction. Identical files handed in by different students of an assignment are
// flagged.
//
// Access comes from course.Service.Access with the acting user: another school's
// assignment is not found. The package also serves course announcements and the
// student's home (what is due, progress, recent grades). It never imports the web layer.
package assignment
