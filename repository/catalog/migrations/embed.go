// Package migrations holds the e-library catalog's SQL migrations.
package migrations

import "embed"

// FS holds the *.sql migrations, merged with other domains' by lms/platform/schema.
//
//go:embed *.sql
var FS embed.FS
