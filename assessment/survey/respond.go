package survey

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// invited is Get for the people asked: the actor must be in the audience and the
// survey open.
func (s *Service) invited(ctx context.Context, a *identity.Actor, id int64) (*Survey, error) {
	sv, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !sv.Invited {
		return nil, fmt.Errorf("survey: %d: not in the audience: %w", id, ErrForbidden)
	}
	if !sv.Open(s.now()) {
		return nil, invalid("", "survey.not_open", "The survey is not open.")
	}
	return sv, nil
}

// randomID is a version-4 UUID: response ids carry no order.
func randomID() [16]byte {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}

// Submit records the actor's response. The participation row (one per person; a
// second response is ErrConflict) and the answers are written in one transaction;
// an anonymous survey's answers row has no user reference, a random id and only the
// day, and Mix later rewrites it in a batch.
func (s *Service) Submit(ctx context.Context, a *identity.Actor, id int64, data []byte) error {
	sv, err := s.invited(ctx, a, id)
	if err != nil {
		return err
	}
	ans, err := ParseAnswers(sv.Questions, data, true)
	if err != nil {
		return err
	}
	body, err := json.Marshal(ans)
	if err != nil {
		return fmt.Errorf("survey: submit: %w", err)
	}
	var respondent *int64
	if !sv.Anonymous {
		respondent = &a.User.ID
	}
	err = pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO survey_participation (survey_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, id, a.User.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("survey: %d: already answered: %w", id, ErrConflict)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO survey_responses (id, survey_id, respondent_id, submitted_on, answers, choices)
			VALUES ($1, $2, $3, current_date, $4, $5)`, randomID(), id, respondent, body, nonNilKeys(choiceKeys(sv.Questions, ans))); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM survey_drafts WHERE survey_id = $1 AND user_id = $2`, id, a.User.ID)
		return err
	})
	if errors.Is(err, ErrConflict) {
		return err
	}
	return keepValidation(err, fmt.Sprintf("submit %d", id))
}

func nonNilKeys(k []string) []string {
	if k == nil {
		return []string{}
	}
	return k
}

// SaveDraft keeps the actor's answers so far (they may leave and come back). A draft
// is the person's own and is removed when they submit.
func (s *Service) SaveDraft(ctx context.Context, a *identity.Actor, id int64, data []byte) error {
	sv, err := s.invited(ctx, a, id)
	if err != nil {
		return err
	}
	if sv.Responded {
		return fmt.Errorf("survey: %d: already answered: %w", id, ErrConflict)
	}
	ans, err := ParseAnswers(sv.Questions, data, false)
	if err != nil {
		return err
	}
	body, err := json.Marshal(ans)
	if err != nil {
		return fmt.Errorf("survey: draft: %w", err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO survey_drafts (survey_id, user_id, answers) VALUES ($1, $2, $3)
		ON CONFLICT (survey_id, user_id) DO UPDATE SET answers = EXCLUDED.answers, saved_at = now()`, id, a.User.ID, body)
	if err != nil {
		return fmt.Errorf("survey: draft %d: %w", id, err)
	}
	return nil
}

// Draft returns the actor's saved answers, or empty answers when there are none.
func (s *Service) Draft(ctx context.Context, a *identity.Actor, id int64) (Answers, error) {
	sv, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var body []byte
	err = s.db.QueryRow(ctx, `SELECT answers FROM survey_drafts WHERE survey_id = $1 AND user_id = $2`, id, a.User.ID).Scan(&body)
	if errors.Is(err, pgx.ErrNoRows) {
		return make(Answers, len(sv.Questions)), nil
	}
	if err != nil {
		return nil, fmt.Errorf("survey: draft %d: %w", id, err)
	}
	var ans Answers
	if err := json.Unmarshal(body, &ans); err != nil {
		return nil, fmt.Errorf("survey: draft %d: %w", id, err)
	}
	return ans, nil
}

// Mix rewrites every response and participation row written since the last mix, each
// survey's batch in one transaction: the rows get the mixing transaction's id instead
// of their writer's and a new physical place (responses in the order of their random
// ids, participation by user), so a person who reads the tables sees only which people
// and which answers came in the same batch. A batch smaller than MinAnonymous is
// padded with earlier responses and participation rows of the survey, chosen at
// random and independently, so that once a survey has that many responses no batch
// pairs one person with one answer. It returns how many responses it rewrote.
func (s *Service) Mix(ctx context.Context) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT survey_id, count(*) FROM survey_responses WHERE NOT mixed GROUP BY survey_id`)
	if err != nil {
		return 0, fmt.Errorf("survey: mix: %w", err)
	}
	type batch struct{ Survey, Fresh int64 }
	batches, err := pgx.CollectRows(rows, pgx.RowToStructByPos[batch])
	if err != nil {
		return 0, fmt.Errorf("survey: mix: %w", err)
	}
	total := 0
	for _, b := range batches {
		pad := max(0, MinAnonymous-b.Fresh)
		err := pgx.BeginFunc(ctx, s.db, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `WITH pad AS (SELECT id FROM survey_responses WHERE survey_id = $1 AND mixed ORDER BY random() LIMIT $2),
				d AS (DELETE FROM survey_responses WHERE survey_id = $1 AND (NOT mixed OR id IN (SELECT id FROM pad)) RETURNING *)
				INSERT INTO survey_responses (id, survey_id, respondent_id, submitted_on, answers, choices, mixed)
				SELECT id, survey_id, respondent_id, submitted_on, answers, choices, true FROM d ORDER BY id`, b.Survey, pad)
			if err != nil {
				return err
			}
			total += int(tag.RowsAffected())
			_, err = tx.Exec(ctx, `WITH pad AS (SELECT user_id FROM survey_participation WHERE survey_id = $1 AND mixed ORDER BY random() LIMIT $2),
				d AS (DELETE FROM survey_participation WHERE survey_id = $1 AND (NOT mixed OR user_id IN (SELECT user_id FROM pad)) RETURNING *)
				INSERT INTO survey_participation (survey_id, user_id, mixed) SELECT survey_id, user_id, true FROM d ORDER BY user_id`, b.Survey, pad)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("survey: mix %d: %w", b.Survey, err)
		}
	}
	return total, nil
}

// MixArgs is the periodic mixing job.
type MixArgs struct{}

// Kind names the job for River.
func (MixArgs) Kind() string { return "survey.mix" }

// MixWorker works MixArgs jobs.
type MixWorker struct {
	river.WorkerDefaults[MixArgs]
	s *Service
}

// NewMixWorker returns the worker for cmd/hoclieu to register (periodically, every
// minute).
func NewMixWorker(s *Service) *MixWorker { return &MixWorker{s: s} }

// Work mixes the responses written since the last run.
func (w *MixWorker) Work(ctx context.Context, _ *river.Job[MixArgs]) error {
	_, err := w.s.Mix(ctx)
	return err
}
