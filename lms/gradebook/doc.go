// Package gradebook keeps a course's marks: columns (grade items) from assignments,
// tests (through assessment.Service.Results, by each test's grading policy), packages
// and hand-typed marks, grouped in weighted categories. The default is the Vietnamese
// school scale: marks 0-10 with one decimal; regular ("thường xuyên") weight 1,
// mid-term ("giữa kỳ") weight 2, final ("cuối kỳ") weight 3; the term average is the
// weighted mean rounded half up to one decimal.
//
// Every change goes through record in one transaction that checks the term lock,
// writes the audit row (who, when, old, new) and recomputes the student's stored
// average, so the average is never stale. Authorization is decided through
// course.Service.Access with the acting user; another school's gradebook is not
// found. The package never imports the web layer.
package gradebook
