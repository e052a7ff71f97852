package survey

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// Results are a survey's live results.
type Results struct {
	Survey    *Survey          `json:"survey"`
	Responses int              `json:"responses"`
	Audience  int              `json:"audience"` // people asked (now)
	Hidden    bool             `json:"hidden"`   // anonymous with fewer than MinAnonymous responses
	Questions []QuestionResult `json:"questions"`
}

// QuestionResult is the tally of one question. Counts has one row (a matrix: one per
// matrix row) of one count per column (Likert point or option).
type QuestionResult struct {
	Question
	Counts [][]int   `json:"counts,omitempty"`
	Mean   []float64 `json:"mean,omitempty"` // per row, on the Likert scale
	Texts  []string  `json:"texts,omitempty"`
}

// Labels are the texts of the Likert points (1..5) in the export's language.
type Labels [LikertPoints]string

// maxTexts bounds the free-text answers shown on the results page (the CSV has all).
const maxTexts = 200

// Results tallies the answers for the survey's managers.
func (s *Service) Results(ctx context.Context, a *identity.Actor, id int64) (*Results, error) {
	sv, err := s.managed(ctx, a, id)
	if err != nil {
		return nil, err
	}
	res := &Results{Survey: sv}
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id).Scan(&res.Responses); err != nil {
		return nil, fmt.Errorf("survey: results %d: %w", id, err)
	}
	if res.Audience, err = s.audienceSize(ctx, sv); err != nil {
		return nil, err
	}
	res.Hidden = sv.Anonymous && res.Responses < MinAnonymous
	for _, q := range sv.Questions {
		qr := QuestionResult{Question: q}
		if q.Kind != Text {
			rows := max(1, len(q.Rows))
			qr.Counts = make([][]int, rows)
			for r := range qr.Counts {
				qr.Counts[r] = make([]int, q.Columns())
			}
		}
		res.Questions = append(res.Questions, qr)
	}
	if res.Hidden {
		return res, nil
	}
	if err := s.tally(ctx, id, res); err != nil {
		return nil, err
	}
	return res, s.texts(ctx, id, res)
}

func (s *Service) tally(ctx context.Context, id int64, res *Results) error {
	rows, err := s.db.Query(ctx, `SELECT k, count(*) FROM survey_responses, unnest(choices) AS k WHERE survey_id = $1 GROUP BY k`, id)
	if err != nil {
		return fmt.Errorf("survey: tally %d: %w", id, err)
	}
	var key string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&key, &n}, func() error {
		parts := strings.Split(key, ":")
		if len(parts) != 3 {
			return nil
		}
		q, _ := strconv.Atoi(parts[0])
		r, _ := strconv.Atoi(parts[1])
		c, _ := strconv.Atoi(parts[2])
		if q < len(res.Questions) && res.Questions[q].Counts != nil && r < len(res.Questions[q].Counts) && c < len(res.Questions[q].Counts[r]) {
			res.Questions[q].Counts[r][c] = n
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("survey: tally %d: %w", id, err)
	}
	for i := range res.Questions {
		qr := &res.Questions[i]
		if qr.Kind == Text || !qr.LikertScale() {
			continue
		}
		for _, row := range qr.Counts {
			sum, cnt := 0, 0
			for c, k := range row {
				sum, cnt = sum+(c+1)*k, cnt+k
			}
			mean := 0.0
			if cnt > 0 {
				mean = float64(sum) / float64(cnt)
			}
			qr.Mean = append(qr.Mean, mean)
		}
	}
	return nil
}

// texts loads free-text answers, in the order of the responses' random ids.
func (s *Service) texts(ctx context.Context, id int64, res *Results) error {
	for i := range res.Questions {
		if res.Questions[i].Kind != Text {
			continue
		}
		rows, err := s.db.Query(ctx, `SELECT answers->>$2::int FROM survey_responses WHERE survey_id = $1
			AND jsonb_typeof(answers->$2::int) = 'string' ORDER BY id LIMIT $3`, id, i, maxTexts)
		if err != nil {
			return fmt.Errorf("survey: texts %d: %w", id, err)
		}
		if res.Questions[i].Texts, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return fmt.Errorf("survey: texts %d: %w", id, err)
		}
	}
	return nil
}

// audienceSize counts the people (accounts not disabled) the survey asks.
func (s *Service) audienceSize(ctx context.Context, sv *Survey) (int, error) {
	roles := make([]string, len(sv.Audience.Roles))
	for i, r := range sv.Audience.Roles {
		roles[i] = string(r)
	}
	var n int
	var err error
	if sv.Audience.OrgID != 0 {
		err = s.db.QueryRow(ctx, `SELECT count(DISTINCT ra.user_id) FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id
			JOIN users u ON u.id = ra.user_id WHERE o.path @> ARRAY[$1::bigint] AND NOT u.disabled
			AND (cardinality($2::text[]) = 0 OR ra.role = ANY($2::text[]))`, sv.Audience.OrgID, roles).Scan(&n)
	} else {
		err = s.db.QueryRow(ctx, `SELECT count(DISTINCT m.user_id) FROM class_members m JOIN users u ON u.id = m.user_id
			WHERE m.class_id = ANY($1::bigint[]) AND NOT u.disabled
			AND (cardinality($2::text[]) = 0 OR (CASE WHEN m.role = 'student' THEN 'student' ELSE 'teacher' END) = ANY($2::text[]))`,
			sv.Audience.ClassIDs, roles).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("survey: audience of %d: %w", sv.ID, err)
	}
	return n, nil
}

// ExportCSV writes every response as one CSV row (UTF-8 with a byte order mark, so
// spreadsheet programs read Vietnamese right): the day, for identified surveys the
// person, then one column per question (per row for a matrix). Likert answers are
// written as the point and its label, choices as the option's text, several joined
// with "; ". Anonymous responses come in the order of their random ids.
func (s *Service) ExportCSV(ctx context.Context, a *identity.Actor, id int64, labels Labels, w io.Writer) error {
	sv, err := s.managed(ctx, a, id)
	if err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("survey: export %d: %w", id, err)
	}
	if sv.Anonymous && n < MinAnonymous {
		return invalid("", "survey.too_few", "An anonymous survey's answers are shown from %d responses on.", MinAnonymous)
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader(sv)); err != nil {
		return err
	}
	rows, err := s.db.Query(ctx, `SELECT r.submitted_on, COALESCE(u.person_id, ''), COALESCE(u.full_name, ''), r.answers
		FROM survey_responses r LEFT JOIN users u ON u.id = r.respondent_id AND NOT $2
		WHERE r.survey_id = $1 ORDER BY CASE WHEN $2 THEN '' ELSE u.full_name END, r.id`, id, sv.Anonymous)
	if err != nil {
		return fmt.Errorf("survey: export %d: %w", id, err)
	}
	var day time.Time
	var person, name string
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&day, &person, &name, &body}, func() error {
		var ans Answers
		if err := json.Unmarshal(body, &ans); err != nil {
			return err
		}
		rec := []string{day.Format("2006-01-02")}
		if !sv.Anonymous {
			rec = append(rec, person, name)
		}
		return cw.Write(append(rec, csvCells(sv.Questions, ans, labels)...))
	})
	if err != nil {
		return fmt.Errorf("survey: export %d: %w", id, err)
	}
	cw.Flush()
	return cw.Error()
}

func csvHeader(sv *Survey) []string {
	h := []string{"date"}
	if !sv.Anonymous {
		h = append(h, "person_id", "name")
	}
	for i, q := range sv.Questions {
		if q.Kind == Matrix {
			for _, r := range q.Rows {
				h = append(h, fmt.Sprintf("%d. %s — %s", i+1, q.Text, r))
			}
			continue
		}
		h = append(h, fmt.Sprintf("%d. %s", i+1, q.Text))
	}
	return h
}

func csvCells(qs []Question, ans Answers, labels Labels) []string {
	var out []string
	for i := range qs {
		q := &qs[i]
		var a json.RawMessage
		if i < len(ans) {
			a = ans[i]
		}
		switch q.Kind {
		case Text:
			var s string
			_ = json.Unmarshal(a, &s)
			out = append(out, s)
		case Likert, Single:
			var n *int
			_ = json.Unmarshal(a, &n)
			out = append(out, cellText(q, n, labels))
		case Multiple:
			var picks []int
			_ = json.Unmarshal(a, &picks)
			var texts []string
			for _, p := range picks {
				texts = append(texts, q.Options[p])
			}
			out = append(out, strings.Join(texts, "; "))
		case Matrix:
			cells := make([]*int, len(q.Rows))
			_ = json.Unmarshal(a, &cells)
			for r := range q.Rows {
				var c *int
				if r < len(cells) {
					c = cells[r]
				}
				out = append(out, cellText(q, c, labels))
			}
		}
	}
	return out
}

// cellText is a Likert point with its label ("4 - Agree") or an option's text.
func cellText(q *Question, n *int, labels Labels) string {
	switch {
	case n == nil:
		return ""
	case q.LikertScale():
		return fmt.Sprintf("%d - %s", *n, labels[*n-1])
	case *n >= 0 && *n < len(q.Options):
		return q.Options[*n]
	}
	return ""
}
