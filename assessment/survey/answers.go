package survey

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Answers are the answers of one response, one per question in order. Each is JSON
// null (not answered), a number (Likert 1..5, or a single choice's 0-based option),
// an array of numbers (multiple choice options; for a matrix one entry per row, null
// where a row is not answered), or a string (free text).
type Answers []json.RawMessage

var jsonNull = json.RawMessage("null")

// ParseAnswers reads answers to the questions from JSON (an array; missing answers at
// the end count as not answered) and returns them in normalized form. With complete,
// every required question must be answered (submitting); without it (a draft) any
// may be left out.
func ParseAnswers(qs []Question, data []byte, complete bool) (Answers, error) {
	var raw []json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, invalid("answers", "answer.json", "The answers must be a JSON array, one entry per question.")
	}
	if len(raw) > len(qs) {
		return nil, invalid("answers", "answer.count", "There are more answers than questions.")
	}
	out := make(Answers, len(qs))
	for i := range qs {
		var r json.RawMessage
		if i < len(raw) {
			r = raw[i]
		}
		v, err := parseAnswer(&qs[i], r)
		if err != nil {
			return nil, invalid(fmt.Sprintf("answers[%d]", i), "answer.bad", "Question %d: %v", i+1, err.Error())
		}
		if v == nil {
			v = jsonNull
			if complete && qs[i].Required {
				return nil, invalid(fmt.Sprintf("answers[%d]", i), "answer.required", "Question %d needs an answer.", i+1)
			}
		}
		out[i] = v
	}
	return out, nil
}

func isNull(r json.RawMessage) bool {
	return len(bytes.TrimSpace(r)) == 0 || string(bytes.TrimSpace(r)) == "null"
}

// parseAnswer returns the normalized answer, or nil when it is not answered.
func parseAnswer(q *Question, r json.RawMessage) (json.RawMessage, error) {
	if isNull(r) {
		return nil, nil
	}
	switch q.Kind {
	case Text:
		var s string
		if err := json.Unmarshal(r, &s); err != nil {
			return nil, fmt.Errorf("write text")
		}
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTextReply {
			return nil, fmt.Errorf("at most %d characters", maxTextReply)
		}
		if s == "" {
			return nil, nil
		}
		return json.Marshal(s)
	case Likert, Single:
		c, err := column(q, r)
		if err != nil {
			return nil, err
		}
		return json.Marshal(c)
	case Multiple:
		return multiple(q, r)
	case Matrix:
		return matrix(q, r)
	}
	return nil, fmt.Errorf("unknown question kind")
}

// column reads one choice: a Likert point (1..5) or an option index.
func column(q *Question, r json.RawMessage) (int, error) {
	var n int
	if err := json.Unmarshal(r, &n); err != nil {
		return 0, fmt.Errorf("choose one")
	}
	lo, hi := 0, q.Columns()-1
	if q.LikertScale() {
		lo, hi = 1, LikertPoints
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("choose from %d to %d", lo, hi)
	}
	return n, nil
}

func multiple(q *Question, r json.RawMessage) (json.RawMessage, error) {
	var picks []int
	if err := json.Unmarshal(r, &picks); err != nil {
		return nil, fmt.Errorf("choose options")
	}
	slices.Sort(picks)
	picks = slices.Compact(picks)
	for _, p := range picks {
		if p < 0 || p >= len(q.Options) {
			return nil, fmt.Errorf("no option %d", p)
		}
	}
	if len(picks) == 0 {
		return nil, nil
	}
	return json.Marshal(picks)
}

func matrix(q *Question, r json.RawMessage) (json.RawMessage, error) {
	var rows []json.RawMessage
	if err := json.Unmarshal(r, &rows); err != nil || len(rows) > len(q.Rows) {
		return nil, fmt.Errorf("one answer per row")
	}
	out := make([]*int, len(q.Rows))
	answered := false
	for i, cell := range rows {
		if isNull(cell) {
			continue
		}
		c, err := column(q, cell)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		out[i], answered = &c, true
	}
	if !answered {
		return nil, nil
	}
	return json.Marshal(out)
}

// choiceKeys lists "question:row:column" for every chosen option (0-based columns;
// a Likert point p is column p-1), what the charts count.
func choiceKeys(qs []Question, ans Answers) []string {
	var keys []string
	key := func(q, row, col int) string {
		return strconv.Itoa(q) + ":" + strconv.Itoa(row) + ":" + strconv.Itoa(col)
	}
	for i := range qs {
		if i >= len(ans) || isNull(ans[i]) {
			continue
		}
		q := &qs[i]
		shift := 0
		if q.LikertScale() {
			shift = 1
		}
		switch q.Kind {
		case Likert, Single:
			var n int
			if json.Unmarshal(ans[i], &n) == nil {
				keys = append(keys, key(i, 0, n-shift))
			}
		case Multiple:
			var picks []int
			_ = json.Unmarshal(ans[i], &picks)
			for _, p := range picks {
				keys = append(keys, key(i, 0, p))
			}
		case Matrix:
			var cells []*int
			_ = json.Unmarshal(ans[i], &cells)
			for row, c := range cells {
				if c != nil {
					keys = append(keys, key(i, row, *c-shift))
				}
			}
		}
	}
	return keys
}
