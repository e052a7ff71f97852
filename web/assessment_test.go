package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// classID returns the id of the first class the user sees by name.
func (c *client) classID(name string) int64 {
	c.t.Helper()
	var cl struct {
		Classes []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"classes"`
	}
	c.do("GET", "/api/v1/classes", nil, &cl)
	for _, x := range cl.Classes {
		if x.Name == name {
			return x.ID
		}
	}
	c.t.Fatalf("no class %s", name)
	return 0
}

type attemptJSON struct {
	ID        int64     `json:"id"`
	Deadline  time.Time `json:"deadline"`
	Remaining int       `json:"remaining_seconds"`
	Items     []struct {
		ID       int64    `json:"id"`
		Type     string   `json:"type"`
		Options  []string `json:"options"`
		Response any      `json:"response"`
		Seq      int64    `json:"seq"`
	} `json:"items"`
}

// TestAPIAssessment goes through the interface: a question, a test for 10A1,
// a student's attempt with autosaves (one arriving late and out of order), the
// submit with its score, the teacher's results, and another school kept out.
func TestAPIAssessment(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	teacher, student, other := ts.login(t, "teacher1"), ts.login(t, "student1"), ts.login(t, "teacher2")

	var q struct {
		ID int64 `json:"id"`
	}
	body := `{"type":"single_choice","stem":"Thủ đô của Việt Nam là?","options":[{"text":"Huế","correct":false},{"text":"Hà Nội","correct":true}],"subject":"dia-ly","grade":10,"level":"recognition"}`
	if st, resp := teacher.do("POST", "/api/v1/questions", []byte(body), &q); st != http.StatusCreated || q.ID == 0 {
		t.Fatalf("create question: %d %s", st, resp)
	}
	var tf struct {
		ID int64 `json:"id"`
	}
	tfBody := `{"type":"true_false","stem":"Xét các mệnh đề:","statements":[{"text":"a","correct":true},{"text":"b","correct":true},{"text":"c","correct":false},{"text":"d","correct":false}],"subject":"toan","grade":10,"level":"comprehension","points":1}`
	if st, resp := teacher.do("POST", "/api/v1/questions", []byte(tfBody), &tf); st != http.StatusCreated {
		t.Fatalf("create true/false: %d %s", st, resp)
	}
	for _, tc := range []struct {
		name, body, field string
		status            int
	}{
		{"no correct option", `{"type":"single_choice","stem":"x","options":[{"text":"a"},{"text":"b"}],"subject":"toan","grade":10,"level":"recognition"}`, "options", 400},
		{"unknown level", `{"type":"essay","stem":"x","subject":"toan","grade":10,"level":"easy"}`, "level", 400},
		{"unknown field", `{"type":"essay","stem":"x","subject":"toan","grade":10,"level":"recognition","answer_key":1}`, "", 400},
	} {
		if st, resp := teacher.do("POST", "/api/v1/questions", []byte(tc.body), nil); st != tc.status || !strings.Contains(resp, `"field":"`+tc.field) && tc.field != "" {
			t.Errorf("%s: %d %s", tc.name, st, resp)
		}
	}
	if st, _ := student.do("POST", "/api/v1/questions", []byte(body), nil); st != http.StatusForbidden {
		t.Fatalf("a student adds a question: %d", st)
	}

	opens, closes := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), time.Now().Add(2*time.Hour).UTC().Format(time.RFC3339)
	testBody := fmt.Sprintf(`{"title":"Kiểm tra 15 phút","class_ids":[%d],"question_ids":[%d,%d],"time_limit_minutes":15,"opens_at":%q,"closes_at":%q,"show_results":"immediately"}`,
		teacher.classID("10A1"), q.ID, tf.ID, opens, closes)
	var test struct {
		ID int64 `json:"id"`
	}
	if st, resp := teacher.do("POST", "/api/v1/tests", []byte(testBody), &test); st != http.StatusCreated || test.ID == 0 {
		t.Fatalf("create test: %d %s", st, resp)
	}
	if st, _ := other.do("GET", fmt.Sprintf("/api/v1/tests/%d", test.ID), nil, nil); st != http.StatusNotFound {
		t.Fatalf("teacher2 reads the test: %d", st)
	}
	if st, _ := other.do("GET", fmt.Sprintf("/api/v1/tests/%d/results", test.ID), nil, nil); st != http.StatusNotFound {
		t.Fatalf("teacher2 reads the results: %d", st)
	}
	if st, _ := ts.login(t, "student2").do("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, nil); st != http.StatusNotFound {
		t.Fatalf("student2 starts the test: %d", st)
	}

	var att attemptJSON
	if st, resp := student.do("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, &att); st != 200 || len(att.Items) != 2 || att.Remaining < 14*60 {
		t.Fatalf("start: %d %s", st, resp)
	}
	if d := time.Until(att.Deadline); d < 14*time.Minute || d > 15*time.Minute+5*time.Second {
		t.Fatalf("deadline %v from now", d)
	}
	hanoi := -1
	for _, it := range att.Items {
		if it.ID == q.ID {
			for k, o := range it.Options {
				if o == "Hà Nội" {
					hanoi = k
				}
			}
		}
	}
	put := func(item int64, body string) (int, string) {
		return student.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", att.ID, item), []byte(body), nil)
	}
	if st, resp := put(q.ID, fmt.Sprintf(`{"response":%d,"seq":2}`, hanoi)); st != 200 || !strings.Contains(resp, `"seq":2`) {
		t.Fatalf("autosave: %d %s", st, resp)
	}
	if st, resp := put(q.ID, fmt.Sprintf(`{"response":%d,"seq":1}`, 1-hanoi)); st != 200 || !strings.Contains(resp, `"seq":2`) || !strings.Contains(resp, `"stale":true`) {
		t.Fatalf("an older autosave: %d %s", st, resp)
	}
	if st, resp := put(tf.ID, `{"response":[true,true,false,null],"seq":1}`); st != 200 {
		t.Fatalf("autosave true/false: %d %s", st, resp)
	}
	if st, _ := put(q.ID, `{"response":9,"seq":3}`); st != 400 {
		t.Fatalf("an option out of range: %d", st)
	}
	if st, _ := put(q.ID, `{"response":0}`); st != 400 {
		t.Fatalf("no sequence number: %d", st)
	}
	if st, _ := other.do("PUT", fmt.Sprintf("/api/v1/attempts/%d/answers/%d", att.ID, q.ID), []byte(`{"response":0,"seq":9}`), nil); st != 404 {
		t.Fatalf("another user's attempt: %d", st)
	}
	if st, _ := student.do("POST", fmt.Sprintf("/api/v1/attempts/%d/events", att.ID), []byte(`{"kind":"focus_lost","position":1}`), nil); st != 204 {
		t.Fatalf("event: %d", st)
	}
	var resumed attemptJSON
	student.do("POST", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, &resumed)
	if resumed.ID != att.ID {
		t.Fatalf("resume gave attempt %d, want %d", resumed.ID, att.ID)
	}
	var done struct {
		Score    *float64 `json:"score"`
		MaxScore float64  `json:"max_score"`
		Status   string   `json:"status"`
	}
	// 1 for the capital + 0.5 for three of four statements.
	if st, resp := student.do("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", att.ID), nil, &done); st != 200 || done.Score == nil || *done.Score != 1.5 || done.MaxScore != 2 {
		t.Fatalf("submit: %d %s", st, resp)
	}
	if st, _ := put(q.ID, `{"response":0,"seq":10}`); st != http.StatusConflict {
		t.Fatalf("an answer after submitting: %d", st)
	}
	var res struct {
		Results []struct {
			Name  string   `json:"name"`
			Score *float64 `json:"score"`
		} `json:"results"`
	}
	if st, resp := teacher.do("GET", fmt.Sprintf("/api/v1/tests/%d/results", test.ID), nil, &res); st != 200 || len(res.Results) != 1 || *res.Results[0].Score != 1.5 {
		t.Fatalf("results: %d %s", st, resp)
	}
	var an struct {
		Attempts int `json:"attempts"`
		Items    []struct {
			ItemID int64   `json:"item_id"`
			P      float64 `json:"p"`
		} `json:"items"`
	}
	if st, resp := teacher.do("GET", fmt.Sprintf("/api/v1/tests/%d/analysis", test.ID), nil, &an); st != 200 || an.Attempts != 1 || len(an.Items) != 2 || an.Items[0].P != 1 || an.Items[1].P != 0.5 {
		t.Fatalf("analysis: %d %s", st, resp)
	}
	if st, _ := other.do("GET", fmt.Sprintf("/api/v1/tests/%d/analysis", test.ID), nil, nil); st != http.StatusNotFound {
		t.Fatalf("teacher2 reads the analysis: %d", st)
	}
	var log struct {
		Attempts []struct {
			Events []struct {
				Kind string `json:"kind"`
			} `json:"events"`
		} `json:"attempts"`
	}
	teacher.do("GET", fmt.Sprintf("/api/v1/tests/%d/attempts", test.ID), nil, &log)
	var kinds []string
	for _, e := range log.Attempts[0].Events {
		kinds = append(kinds, e.Kind)
	}
	if strings.Join(kinds, ",") != "start,focus_lost,resume,submit" {
		t.Fatalf("integrity log %v", kinds)
	}
}
