package survey_test

import (
	"encoding/json"
	"testing"

	"github.com/hoclieu/hoclieu/assessment/survey"
)

// FuzzDecodeNewSurvey: any input is a survey or a validation error, never a panic; a
// survey that decodes encodes and decodes again to the same survey.
func FuzzDecodeNewSurvey(f *testing.F) {
	for _, seed := range []string{
		`{"title":"Khảo sát","anonymous":true,"audience":{"org_id":3,"roles":["student","teacher"]},"questions":[{"kind":"likert","text":"Dễ dùng","required":true}]}`,
		`{"title":"T","audience":{"class_ids":[1,2,2]},"questions":[{"kind":"matrix","text":"M","rows":["a","b"],"options":["x","y"]},{"kind":"text","text":"?"}]}`,
		`{"title":"T","audience":{"org_id":1},"opens_at":"2026-12-01T00:00:00Z","closes_at":"2026-11-01T00:00:00Z","questions":[{"kind":"single_choice","text":"q","options":["a","b"]}]}`,
		`{"title":"T","audience":{"org_id":1},"questions":[{"kind":"multiple_choice","text":"q","options":["a","a"]}]}`,
		`{"title":"","questions":[]}`, `[]`, `{"title":"x","extra":1}`, `{"title":"\xff"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := survey.DecodeNewSurvey(data)
		if err != nil {
			if _, ok := asValidation(err); !ok {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		again, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		n2, err := survey.DecodeNewSurvey(again)
		if err != nil {
			t.Fatalf("a decoded survey does not decode again: %v\n%s", err, again)
		}
		third, _ := json.Marshal(n2)
		if string(third) != string(again) {
			t.Fatalf("not stable:\n%s\n%s", again, third)
		}
	})
}

// FuzzParseAnswers: answers are accepted in normalized form (parsing them again gives
// the same) or refused with a validation error.
func FuzzParseAnswers(f *testing.F) {
	qs := []survey.Question{
		{Kind: survey.Likert, Text: "L", Required: true},
		{Kind: survey.Single, Text: "S", Options: []string{"a", "b"}},
		{Kind: survey.Multiple, Text: "M", Options: []string{"a", "b", "c"}},
		{Kind: survey.Matrix, Text: "X", Rows: []string{"r1", "r2"}},
		{Kind: survey.Matrix, Text: "Y", Rows: []string{"r1"}, Options: []string{"o1", "o2"}},
		{Kind: survey.Text, Text: "T"},
	}
	for _, seed := range []string{`[5, 1, [2, 0, 2], [1, null], [1], "  chào  "]`, `[3]`, `[]`, `[null]`, `[6]`, `[1.5]`,
		`[1, 2]`, `[1, 0, [-1]]`, `[1, 0, [], [1, 2, 3]]`, `{"a":1}`, `[1, 0, null, [0]]`, `"x"`, `[1,0,[0],[null,null],[null],""]`} {
		f.Add([]byte(seed), true)
		f.Add([]byte(seed), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, complete bool) {
		ans, err := survey.ParseAnswers(qs, data, complete)
		if err != nil {
			if _, ok := asValidation(err); !ok {
				t.Fatalf("not a validation error: %v", err)
			}
			return
		}
		if len(ans) != len(qs) {
			t.Fatalf("%d answers for %d questions", len(ans), len(qs))
		}
		body, _ := json.Marshal(ans)
		again, err := survey.ParseAnswers(qs, body, complete)
		if err != nil {
			t.Fatalf("normalized answers %s refused: %v", body, err)
		}
		if b2, _ := json.Marshal(again); string(b2) != string(body) {
			t.Fatalf("not stable: %s then %s", body, b2)
		}
	})
}
