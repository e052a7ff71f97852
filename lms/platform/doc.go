// Package platform holds the small pieces every domain shares: the error kinds
// (fault), the merged schema migrations (schema) and the job queue. It holds no
// business rules and never imports a domain's logic.
package platform
