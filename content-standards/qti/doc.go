// Package qti reads and writes IMS QTI assessment items (QTI 2.1 and 2.2
// assessmentItem, and QTI 3.0 qti-assessment-item) as plain Go values.
//
// It is pure: bytes in, types out. It must never import a Hoclieu domain, touch a
// database or fetch anything named in a document. The XML it reads comes from
// outside, so Parse refuses a DOCTYPE (no entity can be declared, let alone
// expanded), refuses items larger than MaxItemSize or nested deeper than maxDepth,
// and says in its error what is wrong.
package qti
