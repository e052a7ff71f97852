package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestHealthAndMetrics(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client(t)
	var h struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	if st, body := c.do("GET", "/healthz", nil, &h); st != 200 || h.Status != "ok" || h.Checks["database"] != "ok" {
		t.Fatalf("healthz: %d %s", st, body)
	}
	c.do("GET", "/login", nil, nil)
	st, body := c.do("GET", "/metrics", nil, nil)
	for _, want := range []string{`hoclieu_http_requests_total{code="200",route="GET /login"}`, "hoclieu_db_pool_max_connections", "hoclieu_http_request_duration_seconds_bucket"} {
		if st != 200 || !strings.Contains(body, want) {
			t.Fatalf("metrics lack %s (status %d)", want, st)
		}
	}
}

func TestAPISessionMeAndClasses(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	anon := ts.client(t)
	if st, _ := anon.do("GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("anonymous /me: %d", st)
	}
	c := ts.login(t, "GV0000001") // by person ID
	var me struct {
		Username string `json:"username"`
		Roles    []struct {
			Role    string `json:"role"`
			OrgCode string `json:"org_code"`
		} `json:"roles"`
	}
	if st, body := c.do("GET", "/api/v1/me", nil, &me); st != 200 || me.Username != "teacher1" || len(me.Roles) != 1 || me.Roles[0].Role != "teacher" {
		t.Fatalf("me: %d %s", st, body)
	}
	var cl struct {
		Classes []struct {
			Name   string `json:"name"`
			MyRole string `json:"my_role"`
		} `json:"classes"`
	}
	if st, body := c.do("GET", "/api/v1/classes", nil, &cl); st != 200 || len(cl.Classes) != 1 || cl.Classes[0].Name != "10A1" {
		t.Fatalf("classes: %d %s", st, body)
	}
	if st, _ := c.do("DELETE", "/api/v1/session", nil, nil); st != http.StatusNoContent {
		t.Fatalf("logout: %d", st)
	}
	if st, _ := c.do("GET", "/api/v1/me", nil, nil); st != http.StatusUnauthorized {
		t.Fatalf("after logout /me: %d", st)
	}
}

func TestAPILoginErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.client(t)
	for _, tc := range []struct {
		name   string
		body   any
		status int
		detail string
	}{
		{"wrong password", map[string]string{"username": "teacher1", "password": "nope-nope-nope"}, 401, ""},
		{"missing fields", map[string]string{"username": "teacher1"}, 400, "password"},
		{"bad json", []byte(`{"username": "teacher1",`), 400, "JSON"},
		{"unknown field", []byte(`{"username": "a", "password": "b", "admin": true}`), 400, "admin"},
		{"oversize body", []byte(`{"username": "` + strings.Repeat("a", 70<<10) + `"}`), 413, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p struct {
				Status int    `json:"status"`
				Detail string `json:"detail"`
			}
			st, body := c.do("POST", "/api/v1/session", tc.body, &p, "Accept-Language", "en")
			if st != tc.status || p.Status != tc.status || !strings.Contains(body, tc.detail) {
				t.Fatalf("got %d %s, want %d containing %q", st, body, tc.status, tc.detail)
			}
		})
	}
}

func TestCrossOriginPostRejected(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.login(t, "teacher1")
	st, _ := c.do("POST", "/account/locale", "locale=en", nil, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if st != http.StatusForbidden {
		t.Fatalf("cross-site form post: %d, want 403", st)
	}
	st, _ = c.do("POST", "/account/locale", "locale=en", nil, "Origin", ts.URL, "Sec-Fetch-Site", "same-origin")
	if st != http.StatusSeeOther {
		t.Fatalf("same-origin form post: %d, want 303", st)
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	resp, err := http.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s = %q, want it to contain %q", h, resp.Header.Get(h), want)
		}
	}
}

// TestTenancyOverHTTP checks through the API that one school cannot read or change
// another's data and that a district admin sees only their district.
func TestTenancyOverHTTP(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin1 := ts.login(t, "school.admin")
	teacher1 := ts.login(t, "teacher1")
	district := ts.login(t, "district.admin")
	city := ts.login(t, "city.admin")

	var orgs struct {
		Orgs []struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
		} `json:"orgs"`
	}
	city.do("GET", "/api/v1/orgs", nil, &orgs)
	ids := map[string]int64{}
	for _, o := range orgs.Orgs {
		ids[o.Code] = o.ID
	}
	if len(ids) != 6 {
		t.Fatalf("city admin sees %d orgs, want 6", len(ids))
	}
	var users struct {
		Users []struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"users"`
	}
	city.do("GET", "/api/v1/users?q=student2", nil, &users)
	if len(users.Users) != 1 {
		t.Fatalf("city admin search student2: %+v", users)
	}
	student2 := users.Users[0].ID
	school2 := ids["THPT-NTMK"]

	for _, tc := range []struct {
		name   string
		c      *client
		method string
		path   string
		body   any
		status int
	}{
		{"school admin reads a user of another school", admin1, "GET", fmt.Sprintf("/api/v1/users/%d", student2), nil, 403},
		{"school admin resets a password in another school", admin1, "POST", fmt.Sprintf("/api/v1/users/%d/password", student2), map[string]string{"password": "0123456789ab"}, 403},
		{"school admin lists classes of another school", admin1, "GET", fmt.Sprintf("/api/v1/orgs/%d/classes", school2), nil, 403},
		{"school admin creates a user in another school", admin1, "POST", "/api/v1/users", map[string]any{"person_id": "Z1", "name": "A", "org_id": school2, "roles": []string{"student"}}, 403},
		{"teacher lists users", teacher1, "GET", "/api/v1/users", nil, 403},
		{"teacher reads the audit log", teacher1, "GET", "/api/v1/audit", nil, 403},
		{"district admin reads a user of the other district", district, "GET", fmt.Sprintf("/api/v1/users/%d", student2), nil, 403},
		{"city admin reads any user", city, "GET", fmt.Sprintf("/api/v1/users/%d", student2), nil, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if st, body := tc.c.do(tc.method, tc.path, tc.body, nil); st != tc.status {
				t.Fatalf("got %d %s, want %d", st, body, tc.status)
			}
		})
	}
	t.Run("district admin lists only own district", func(t *testing.T) {
		var seen struct {
			Users []struct{ Username string } `json:"users"`
		}
		district.do("GET", "/api/v1/users", nil, &seen)
		for _, u := range seen.Users {
			if u.Username == "student2" || u.Username == "teacher2" {
				t.Fatalf("district admin sees %s", u.Username)
			}
		}
		if len(seen.Users) == 0 {
			t.Fatal("district admin sees nobody")
		}
	})
}

func TestAdminCreatesUserAndClassOverAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.login(t, "school.admin")
	var me struct {
		Roles []struct {
			OrgID int64 `json:"org_id"`
		} `json:"roles"`
	}
	admin.do("GET", "/api/v1/me", nil, &me)
	school := me.Roles[0].OrgID
	var u struct {
		ID int64 `json:"id"`
	}
	st, body := admin.do("POST", "/api/v1/users", map[string]any{"person_id": "HS0000099", "name": "Lý Thị Thu Thảo",
		"org_id": school, "roles": []string{"student"}, "password": demoPassword}, &u)
	if st != 201 || u.ID == 0 {
		t.Fatalf("create user: %d %s", st, body)
	}
	if st, body := admin.do("POST", "/api/v1/users", map[string]any{"person_id": "HS0000099", "name": "X", "org_id": school}, nil); st != 400 || !strings.Contains(body, "person_id") {
		t.Fatalf("duplicate person id: %d %s", st, body)
	}
	var cl struct {
		ID int64 `json:"id"`
	}
	if st, body := admin.do("POST", "/api/v1/classes", map[string]any{"org_id": school, "name": "11B2", "school_year": "2026-2027"}, &cl); st != 201 {
		t.Fatalf("create class: %d %s", st, body)
	}
	if st, body := admin.do("POST", fmt.Sprintf("/api/v1/classes/%d/members", cl.ID), map[string]any{"person_id": "HS0000099", "role": "student"}, nil); st != 204 {
		t.Fatalf("add member: %d %s", st, body)
	}
	student := ts.login(t, "HS0000099")
	var classes struct {
		Classes []struct{ Name string } `json:"classes"`
	}
	student.do("GET", "/api/v1/classes", nil, &classes)
	if len(classes.Classes) != 1 || classes.Classes[0].Name != "11B2" {
		t.Fatalf("new student's classes: %+v", classes)
	}
	var audit struct {
		Entries []struct{ Action string } `json:"entries"`
	}
	admin.do("GET", "/api/v1/audit?action=user.create", nil, &audit)
	if len(audit.Entries) == 0 {
		t.Fatal("user creation not audited")
	}
}

func TestPagesNeedLoginAndShowFriendlyErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	anon := ts.client(t)
	st, _ := anon.do("GET", "/admin/users", nil, nil)
	if st != http.StatusSeeOther {
		t.Fatalf("anonymous admin page: %d, want redirect to login", st)
	}
	st, body := anon.do("GET", "/no/such/page", nil, nil, "Accept-Language", "en")
	if st != 404 || !strings.Contains(body, "was not found") {
		t.Fatalf("404 page: %d", st)
	}
	teacher := ts.login(t, "teacher1")
	st, body = teacher.do("GET", "/admin", nil, nil)
	if st != 403 || !strings.Contains(body, "Bạn không có quyền") {
		t.Fatalf("teacher on admin page: %d", st)
	}
}

func TestImportOverAPIAndPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	admin := ts.login(t, "school.admin")
	csv := []byte("person_id,full_name,school_code\nHS5000001,Nguyễn Hải Yến,THPT-LQD\nHS5000002,Trần Sai Trường,THPT-NTMK\n")
	var rep struct {
		Created int `json:"created"`
		Errors  []struct {
			Line int `json:"line"`
		} `json:"errors"`
	}
	if st, body := admin.do("POST", "/api/v1/import/users", csv, &rep, "Content-Type", "text/csv"); st != 200 || rep.Created != 1 || len(rep.Errors) != 1 || rep.Errors[0].Line != 3 {
		t.Fatalf("import: %d %s", st, body)
	}
	teacher := ts.login(t, "teacher1")
	// A teacher administers nothing: every row is refused, nothing is created.
	var trep struct {
		Created int   `json:"created"`
		Errors  []any `json:"errors"`
	}
	if st, body := teacher.do("POST", "/api/v1/import/users", csv, &trep, "Content-Type", "text/csv"); st != 200 || trep.Created != 0 || len(trep.Errors) != 2 {
		t.Fatalf("teacher import: %d %s", st, body)
	}
	var count struct {
		Users []struct{ Username string } `json:"users"`
	}
	admin.do("GET", "/api/v1/users?q=HS5000002", nil, &count)
	if len(count.Users) != 0 {
		t.Fatal("a row for another school was created")
	}
	st, body := admin.do("GET", "/admin/import", nil, nil)
	if st != 200 || !strings.Contains(body, `action="/admin/import/users"`) {
		t.Fatalf("import page: %d", st)
	}
	if st, body := admin.do("POST", "/api/v1/import/users", []byte("\xff\xfe\x00"), nil, "Content-Type", "text/csv"); st != 400 || !strings.Contains(body, "person_id") {
		t.Fatalf("broken encoding: %d %s", st, body)
	}
}
