// Package course is the learning-management core: courses of a school taught to its
// classes, their sections and items (lessons, repository resources, assignments,
// tests, packages, links, live classes), release rules and completion per student.
//
// Every call takes the acting user and decides here what they may do: teachers of a
// course (owner and co-teachers) edit it; students of its classes see its published,
// released items; parents see what their children see, read-only; school, district and
// city administrators may look at the courses of their subtree. A course never leaks to
// another school: a course the caller may not see is ErrNotFound, not ErrForbidden.
//
// Lessons are Markdown rendered per reader by lms/platform/markdown: embedded
// repository resources resolve through Resources (repository.Service) as the reader
// may see them, only ever at a published version; resource items are pinned to the
// published version the teacher chose, and ResourceUpdates tells the teacher when a
// newer one is out. Teachers' unsaved lesson text is kept as drafts (autosave).
// Courses are copied (sections and items, not classes or progress) from last year or
// from templates shared by scope (school, district, city). With WithSearch, course
// documents are kept in the search index in the transactions that change them.
//
// Other LMS parts (assignments, the gradebook) build on Access and RecordProgress
// rather than on the tables. This package never imports the web layer.
package course
