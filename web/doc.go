// Package web is Hoclieu's only HTTP layer: routing (net/http ServeMux patterns),
// middleware (request IDs, logs, metrics, security headers, sessions, cross-origin
// protection, locale), server-rendered pages in Vietnamese and English, and the JSON
// API under /api/v1.
//
// Handlers parse, call a domain, and render; they hold no business rules and never
// decide permissions on their own: every domain call takes the acting user and checks
// it there. Errors become responses in one place (errors.go), which logs unexpected
// ones once with the request ID and shows only safe text.
package web
