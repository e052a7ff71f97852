package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// explain shows PostgreSQL's plans, with real timings and buffers, of the statements
// every autosave runs: the session lookup (scs pgxstore), the actor (identity) and
// the autosave upsert itself (assessment, copied here; run in a transaction that is
// rolled back, on an attempt that is closed by now, so nothing is written).
func (e *env) explain(ctx context.Context, testID int64) (string, error) {
	var token string
	var userID, attemptID, itemID int64
	err := e.pool.QueryRow(ctx, `SELECT s.token, a.user_id, a.id, ans.item_id FROM assessment_attempts a
		JOIN assessment_answers ans ON ans.attempt_id = a.id
		JOIN sessions s ON s.token = $2 WHERE a.test_id = $1 LIMIT 1`, testID, e.students[0].token).Scan(&token, &userID, &attemptID, &itemID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, q := range []struct {
		name, sql string
		args      []any
	}{
		{"session lookup (every request)", `SELECT data FROM sessions WHERE token = $1 AND current_timestamp < expiry`, []any{token}},
		{"actor (every request)", `SELECT u.id, u.person_id, u.username, u.email, u.full_name, u.locale, u.home_org_id, u.disabled, u.created_at,
		       o.id, o.code, o.name, o.kind, r.role, o.path
		FROM users u LEFT JOIN role_assignments r ON r.user_id = u.id LEFT JOIN organizations o ON o.id = r.org_id
		WHERE u.id = $1 ORDER BY o.path, r.role`, []any{userID}},
		{"autosave upsert", `WITH a AS (SELECT id, last_ip FROM assessment_attempts WHERE id = $1 AND status = 'open' AND now() <= deadline + interval '15 seconds' AND position <= $5)
		INSERT INTO assessment_answers (attempt_id, item_id, response, seq) SELECT id, $2, $3, $4::bigint FROM a
		ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = EXCLUDED.response, seq = EXCLUDED.seq, saved_at = now()
		WHERE assessment_answers.seq < EXCLUDED.seq
		RETURNING seq, (SELECT last_ip FROM a)`, []any{attemptID, itemID, []byte("1"), int64(1 << 40), int64(1 << 30)}},
	} {
		fmt.Fprintf(&b, "\n%s:\n\n```\n", q.name)
		err := pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+q.sql, q.args...)
			if err != nil {
				return err
			}
			lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return err
			}
			b.WriteString(strings.Join(lines, "\n"))
			return errRollback
		})
		if err != nil && err != errRollback {
			return "", fmt.Errorf("explain %s: %w", q.name, err)
		}
		b.WriteString("\n```\n")
	}
	return b.String(), nil
}

var errRollback = fmt.Errorf("rollback")
