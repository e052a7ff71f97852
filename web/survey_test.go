package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// createDemoSurvey creates, through the API as school.admin, an anonymous survey for
// the teachers and students of school 1 and returns its id.
func createDemoSurvey(t *testing.T, ts *testServer, c *client) int64 {
	t.Helper()
	org, err := ts.Identity.OrgByCode(context.Background(), identity.DemoOrgCodes.School1)
	if err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`{"title":"Học trực tuyến","anonymous":true,"audience":{"org_id":%d,"roles":["student","teacher"]},
		"questions":[{"kind":"likert","text":"Dễ dùng","required":true},{"kind":"multiple_choice","text":"Dùng gì","options":["Bài giảng","Kiểm tra"]},
		{"kind":"matrix","text":"Đánh giá","rows":["Tốc độ","Nội dung"]},{"kind":"text","text":"Góp ý"}]}`, org.ID)
	var out struct {
		ID int64 `json:"id"`
	}
	if st, raw := c.do("POST", "/api/v1/surveys", []byte(body), &out); st != http.StatusCreated || out.ID == 0 {
		t.Fatalf("create survey: %d %s", st, raw)
	}
	return out.ID
}

// TestSurveyAPI: create, list, answer once, results and CSV; school 2 sees nothing.
func TestSurveyAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.login(t, "school.admin")
	if st, raw := admin.do("POST", "/api/v1/surveys", []byte(`{"title":"x","audience":{},"questions":[]}`), nil); st != 400 || !strings.Contains(raw, `"field":"audience"`) {
		t.Fatalf("bad survey: %d %s", st, raw)
	}
	if st, raw := admin.do("POST", "/api/v1/surveys", []byte(`{"title":`), nil); st != 400 || !strings.Contains(raw, "JSON") {
		t.Fatalf("broken JSON: %d %s", st, raw)
	}
	id := createDemoSurvey(t, ts, admin)
	path := fmt.Sprintf("/api/v1/surveys/%d", id)
	other := ts.login(t, "teacher2")
	for _, req := range []struct{ method, path, body string }{
		{"GET", path, ""}, {"POST", path + "/responses", `{"answers":[3]}`}, {"GET", path + "/results", ""}, {"GET", path + "/results?format=csv", ""},
	} {
		var body any
		if req.body != "" {
			body = []byte(req.body)
		}
		if st, raw := other.do(req.method, req.path, body, nil); st != http.StatusNotFound {
			t.Errorf("teacher2 of school 2: %s %s: %d %s", req.method, req.path, st, raw)
		}
	}
	var list struct {
		Surveys []struct {
			ID      int64 `json:"id"`
			Invited bool  `json:"invited"`
		} `json:"surveys"`
	}
	if st, raw := other.do("GET", "/api/v1/surveys", nil, &list); st != 200 || len(list.Surveys) != 0 {
		t.Fatalf("teacher2's list: %d %s", st, raw)
	}
	student := ts.login(t, "student1")
	if st, raw := student.do("GET", "/api/v1/surveys", nil, &list); st != 200 || len(list.Surveys) != 1 || !list.Surveys[0].Invited {
		t.Fatalf("student1's list: %d %s", st, raw)
	}
	if st, raw := student.do("POST", path+"/responses", []byte(`{"answers":[null]}`), nil); st != 400 || !strings.Contains(raw, `"field":"answers[0]"`) {
		t.Fatalf("missing required answer: %d %s", st, raw)
	}
	if st, raw := student.do("POST", path+"/responses", []byte(`{"answers":[2],"draft":true}`), nil); st != 200 || !strings.Contains(raw, "draft") {
		t.Fatalf("draft: %d %s", st, raw)
	}
	if st, raw := student.do("POST", path+"/responses", []byte(`{"answers":[4,[0,1],[5,4],"Tốt"]}`), nil); st != 201 {
		t.Fatalf("respond: %d %s", st, raw)
	}
	if st, raw := student.do("POST", path+"/responses", []byte(`{"answers":[1]}`), nil); st != http.StatusConflict {
		t.Fatalf("second response: %d %s", st, raw)
	}
	if st, _ := student.do("GET", path+"/results", nil, nil); st != http.StatusForbidden {
		t.Fatalf("a respondent reads results: %d", st)
	}
	var res struct {
		Responses int  `json:"responses"`
		Hidden    bool `json:"hidden"`
		Questions []struct {
			Counts [][]int `json:"counts"`
		} `json:"questions"`
	}
	if st, raw := admin.do("GET", path+"/results", nil, &res); st != 200 || !res.Hidden || res.Responses != 1 {
		t.Fatalf("results with one anonymous response: %d %s", st, raw)
	}
	for _, name := range []string{"teacher1", "reviewer1"} {
		if st, raw := ts.login(t, name).do("POST", path+"/responses", []byte(`{"answers":[4]}`), nil); st != 201 {
			t.Fatalf("%s responds: %d %s", name, st, raw)
		}
	}
	if st, raw := admin.do("GET", path+"/results", nil, &res); st != 200 || res.Hidden || res.Responses != 3 || res.Questions[0].Counts[0][3] != 3 {
		t.Fatalf("results: %d %s", st, raw)
	}
	st, csv := admin.do("GET", path+"/results?format=csv", nil, nil)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\uFEFF")), "\n")
	if st != 200 || len(lines) != 4 || lines[0] != "date,1. Dễ dùng,2. Dùng gì,3. Đánh giá — Tốc độ,3. Đánh giá — Nội dung,4. Góp ý" ||
		!strings.Contains(csv, ",4 - Đồng ý,Bài giảng; Kiểm tra,5 - Hoàn toàn đồng ý,4 - Đồng ý,Tốt") {
		t.Fatalf("CSV: %d\n%s", st, csv)
	}
}

// TestSurveyBuilderErrors: the builder form names the question that is wrong and keeps
// what was typed; nothing is created.
func TestSurveyBuilderErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "teacher1")
	st, page := c.do("GET", "/surveys/new", nil, nil)
	if st != 200 || !strings.Contains(page, `name="q7_kind"`) || !strings.Contains(page, "10A1") {
		t.Fatalf("builder: %d", st)
	}
	org, _ := ts.Identity.OrgByCode(context.Background(), identity.DemoOrgCodes.School1)
	form := fmt.Sprintf("title=Thử&audience_kind=org&org_id=%d&q0_kind=likert&q0_text=Một&q1_kind=single_choice&q1_text=Hai&q1_options=Chỉ+một", org.ID)
	st, page = c.do("POST", "/surveys", form, nil)
	if st != 400 || !strings.Contains(page, "Câu hỏi 2: Hãy nhập từ 2 đến 30 lựa chọn.") || !strings.Contains(page, `value="Thử"`) {
		t.Fatalf("bad question: %d\n%s", st, page)
	}
	var list struct {
		Surveys []any `json:"surveys"`
	}
	if c.do("GET", "/api/v1/surveys", nil, &list); len(list.Surveys) != 0 {
		t.Fatalf("a refused survey was created: %v", list.Surveys)
	}
	form = fmt.Sprintf("title=Lớp&audience_kind=classes&class_id=%d&role=student&q0_kind=text&q0_text=Góp+ý", surveyClassID(t, ts, "10A1"))
	if st, _ := c.do("POST", "/surveys", form, nil); st != http.StatusSeeOther {
		t.Fatalf("class survey: %d", st)
	}
}

func surveyClassID(t *testing.T, ts *testServer, name string) int64 {
	t.Helper()
	a, err := ts.Identity.Authenticate(context.Background(), "teacher1", demoPassword, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	classes, err := ts.Identity.MyClasses(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range classes {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no class %s", name)
	return 0
}
