package web_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/web"
)

// newCourseServer is the test server with the course part switched on.
func newCourseServer(t *testing.T) *testServer {
	t.Helper()
	return newTestServerWith(t, func(cfg *web.Config, _ string) {
		cfg.Courses = course.New(cfg.Sessions, nil).WithResources(cfg.Resources.(*repository.Service)).WithSearch(cfg.Search.(*search.Postgres))
	})
}

// classID is the id of the named class among the caller's classes.
func classID(t *testing.T, c *client, name string) int64 {
	t.Helper()
	var classes struct {
		Classes []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"classes"`
	}
	if st, body := c.do("GET", "/api/v1/classes", nil, &classes); st != 200 {
		t.Fatalf("classes: %d %s", st, body)
	}
	for _, cl := range classes.Classes {
		if cl.Name == name {
			return cl.ID
		}
	}
	t.Fatalf("no class %s in %+v", name, classes)
	return 0
}

type itemJSON struct {
	ID       int64  `json:"id"`
	Type     string `json:"type"`
	Title    string `json:"title"`
	HTML     string `json:"html"`
	State    string `json:"state"`
	Markdown string `json:"markdown"`
}

func TestCourseAPI(t *testing.T) {
	ts := newCourseServer(t)
	t1, s1 := ts.login(t, "teacher1"), ts.login(t, "student1")
	var created struct{ ID int64 }
	st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Toán 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &created)
	if st != 201 || created.ID == 0 {
		t.Fatalf("create course: %d %s", st, body)
	}
	base := fmt.Sprintf("/api/v1/courses/%d", created.ID)
	var sec struct{ ID int64 }
	if st, body := t1.do("POST", base+"/sections", map[string]string{"title": "Tuần 1"}, &sec); st != 201 {
		t.Fatalf("section: %d %s", st, body)
	}
	md := "# Mệnh đề\n\n| p | q |\n|---|---|\n| Đ | S |\n\nCó $a_1*b_1*$ và chú thích[^1].\n\n[^1]: SGK.\n\n<script>alert('x')</script>\n\n[x](javascript:alert(1))"
	var item struct{ ID int64 }
	if st, body := t1.do("POST", base+"/items", map[string]any{"type": "lesson", "title": "Bài 1", "markdown": md, "section_id": sec.ID}, &item); st != 201 || item.ID == 0 {
		t.Fatalf("item: %d %s", st, body)
	}
	itemPath := fmt.Sprintf("%s/items/%d", base, item.ID)
	var got itemJSON
	if st, body := s1.do("GET", itemPath, nil, &got); st != 200 {
		t.Fatalf("student reads: %d %s", st, body)
	}
	for _, want := range []string{"<table>", `<span class="math inline">$a_1*b_1*$</span>`, `class="footnote-ref"`} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("html lacks %s: %s", want, got.HTML)
		}
	}
	if strings.Contains(got.HTML, "<script") || strings.Contains(got.HTML, "javascript:") {
		t.Errorf("script injection reached the reader: %s", got.HTML)
	}
	if st, _ := s1.do("POST", itemPath+"/view", nil, nil); st != 204 {
		t.Errorf("mark viewed: %d", st)
	}
	var outline struct {
		Course struct {
			Role string `json:"role"`
		} `json:"course"`
		Sections []struct {
			Title string     `json:"title"`
			Items []itemJSON `json:"items"`
		} `json:"sections"`
	}
	if st, body := s1.do("GET", base, nil, &outline); st != 200 || outline.Course.Role != "student" || len(outline.Sections) != 1 ||
		len(outline.Sections[0].Items) != 1 || outline.Sections[0].Items[0].State != "viewed" {
		t.Fatalf("student's outline: %d %s", st, body)
	}
	var list struct{ Courses []struct{ ID int64 } }
	if st, _ := s1.do("GET", "/api/v1/courses", nil, &list); st != 200 || len(list.Courses) != 1 || list.Courses[0].ID != created.ID {
		t.Errorf("student's list: %+v", list)
	}
	// Editing, reordering, deleting as the teacher; the student may not.
	if st, body := t1.do("PUT", itemPath, map[string]any{"title": "Bài 1 (sửa)", "markdown": "**mới**"}, &got); st != 200 || got.Title != "Bài 1 (sửa)" {
		t.Errorf("update: %d %s", st, body)
	}
	if st, _ := s1.do("PUT", itemPath, map[string]any{"title": "x"}, nil); st != 403 {
		t.Errorf("student update: %d, want 403", st)
	}
	if st, body := t1.do("POST", itemPath+"/move", map[string]any{"section_id": nil, "position": 1}, nil); st != 204 {
		t.Errorf("move: %d %s", st, body)
	}
	if st, body := t1.do("PUT", itemPath+"/draft", map[string]string{"title": "Bài 1", "markdown": "nháp"}, nil); st != 200 {
		t.Errorf("draft: %d %s", st, body)
	}
	var prev struct{ HTML string }
	if st, body := t1.do("POST", base+"/preview", map[string]string{"markdown": "<img src=x onerror=alert(1)> **b**"}, &prev); st != 200 ||
		strings.Contains(prev.HTML, "onerror") || !strings.Contains(prev.HTML, "<strong>b</strong>") {
		t.Errorf("preview: %d %s", st, body)
	}
	var problem struct{ Field string }
	if st, _ := t1.do("POST", "/api/v1/courses", map[string]any{"subject": "toan", "grade": 10}, &problem); st != 400 || problem.Field != "title" {
		t.Errorf("course without a title: %d %+v", st, problem)
	}
	if st, _ := t1.do("GET", fmt.Sprintf("/api/v1/courses/%d/items/%d", created.ID+1000, item.ID), nil, nil); st != 404 {
		t.Errorf("item under another course id: %d, want 404", st)
	}
	schoolBCannotTouch(t, ts, base, itemPath, sec.ID)
	if st, _ := t1.do("DELETE", itemPath, nil, nil); st != 204 {
		t.Errorf("delete: %d", st)
	}
	if st, _ := t1.do("GET", itemPath, nil, nil); st != 404 {
		t.Errorf("deleted item: %d", st)
	}
}

// schoolBCannotTouch checks that school B's teacher and student get "not found" for
// every read and change of school A's course.
func schoolBCannotTouch(t *testing.T, ts *testServer, base, itemPath string, section int64) {
	t.Helper()
	secPath := fmt.Sprintf("%s/sections/%d", base, section)
	for _, user := range []string{"teacher2", "student2"} {
		c := ts.login(t, user)
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"GET", base, nil}, {"GET", base + "/items", nil}, {"GET", base + "/sections", nil}, {"GET", itemPath, nil},
			{"GET", base + "/completions", nil}, {"GET", base + "/teachers", nil}, {"GET", itemPath + "/draft", nil},
			{"PUT", base, map[string]any{"title": "x", "subject": "toan", "grade": 10}},
			{"POST", base + "/items", map[string]any{"type": "lesson", "title": "x"}},
			{"PUT", itemPath, map[string]any{"title": "x"}}, {"DELETE", itemPath, nil},
			{"POST", itemPath + "/move", map[string]any{"position": 1}}, {"POST", itemPath + "/view", nil},
			{"PUT", itemPath + "/draft", map[string]string{"markdown": "x"}},
			{"POST", base + "/sections", map[string]string{"title": "x"}}, {"PUT", secPath, map[string]string{"title": "x"}},
			{"DELETE", secPath, nil}, {"POST", base + "/preview", map[string]string{"markdown": "x"}},
			{"POST", base + "/teachers", map[string]string{"username": user}}, {"POST", base + "/classes", map[string]any{"class_ids": []int64{1}}},
			{"PUT", base + "/template", map[string]any{"is_template": true, "template_scope": "city"}},
			{"POST", base + "/copy", map[string]any{}},
		} {
			if st, body := c.do(req.method, req.path, req.body, nil); st != 404 {
				t.Errorf("%s: %s %s = %d %s, want 404", user, req.method, req.path, st, body)
			}
		}
		var list struct{ Courses []any }
		if st, _ := c.do("GET", "/api/v1/courses", nil, &list); st != 200 || len(list.Courses) != 0 {
			t.Errorf("%s lists school A's course: %+v", user, list)
		}
	}
}

// publishVideo makes teacher1 upload a short generated video and reviewer1 publish
// it; it returns the resource id.
func publishVideo(t *testing.T, teacher, reviewer *client, title string) int64 {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("SKIPPED: ffmpeg is not installed (apt-get install ffmpeg)")
	}
	video := filepath.Join(t.TempDir(), "bai-giang.webm")
	gen := exec.Command("ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10", "-c:v", "libvpx", "-b:v", "200k", video)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	var created struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/resources", map[string]any{"title": title, "type": "video", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0"}, &created); st != 201 {
		t.Fatalf("create resource: %d %s", st, body)
	}
	body, ctype := multipartBody(t, map[string][]byte{"bai-giang.webm": readFile(t, video)}, nil)
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", created.ID), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("upload: %d %s", st, resp)
	}
	var submitted struct {
		ReviewID int64 `json:"review_id"`
	}
	if st, resp := teacher.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", created.ID), nil, &submitted); st != 200 {
		t.Fatalf("submit: %d %s", st, resp)
	}
	if st, resp := reviewer.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", submitted.ReviewID), map[string]string{"decision": "approve"}, nil); st != 200 {
		t.Fatalf("approve: %d %s", st, resp)
	}
	return created.ID
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCourseResourceItemVersions: a resource item shows the published version the
// teacher chose, and the course page tells the teacher when a newer one is published.
func TestCourseResourceItemVersions(t *testing.T) {
	ts := newCourseServer(t)
	t1, rev, s1 := ts.login(t, "teacher1"), ts.login(t, "reviewer1"), ts.login(t, "student1")
	res := publish(t, t1, rev, map[string]any{"title": "Đề cương chương 1", "type": "worksheet", "subject": "toan",
		"grades": []int{10}, "scope": "school", "licence": "CC BY 4.0"}, true)
	var created struct{ ID int64 }
	if st, body := t1.do("POST", "/api/v1/courses", map[string]any{"title": "Toán 10", "subject": "toan", "grade": 10,
		"class_ids": []int64{classID(t, t1, "10A1")}}, &created); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	base := fmt.Sprintf("/api/v1/courses/%d", created.ID)
	var item struct {
		ID         int64
		RefVersion int `json:"ref_version"`
	}
	if st, body := t1.do("POST", base+"/items", map[string]any{"type": "resource", "title": "Đề cương", "ref_id": res}, &item); st != 201 {
		t.Fatalf("resource item: %d %s", st, body)
	}
	if st, body := t1.do("GET", fmt.Sprintf("%s/items/%d", base, item.ID), nil, &item); st != 200 || item.RefVersion != 1 {
		t.Fatalf("item: %d %s", st, body)
	}
	// Version 2 is uploaded and published.
	body, ctype := multipartBody(t, map[string][]byte{"de-cuong-2.pdf": append([]byte("v2"), fakePDF...)}, nil)
	if st, resp := t1.do("POST", fmt.Sprintf("/api/v1/resources/%d/versions", res), body, nil, "Content-Type", ctype); st != 201 {
		t.Fatalf("upload v2: %d %s", st, resp)
	}
	var submitted struct {
		ReviewID int64 `json:"review_id"`
	}
	if st, resp := t1.do("POST", fmt.Sprintf("/api/v1/resources/%d/submit", res), nil, &submitted); st != 200 {
		t.Fatalf("submit v2: %d %s", st, resp)
	}
	if st, resp := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/decision", submitted.ReviewID), map[string]string{"decision": "approve"}, nil); st != 200 {
		t.Fatalf("approve v2: %d %s", st, resp)
	}
	var ups struct {
		Updates []struct {
			ItemID int64 `json:"item_id"`
			Chosen int   `json:"chosen_version"`
			Newest int   `json:"newest_version"`
		} `json:"updates"`
	}
	if st, body := t1.do("GET", base+"/resource-updates", nil, &ups); st != 200 || len(ups.Updates) != 1 || ups.Updates[0].Newest != 2 || ups.Updates[0].Chosen != 1 {
		t.Fatalf("resource updates: %d %s", st, body)
	}
	st, page := t1.do("GET", fmt.Sprintf("/courses/%d", created.ID), nil, nil)
	if st != 200 || !strings.Contains(page, "Đã có phiên bản 2 được xuất bản (mục này đang dùng phiên bản 1)") {
		t.Errorf("the teacher's course page does not tell of version 2: %d", st)
	}
	if _, page := s1.do("GET", fmt.Sprintf("/courses/%d", created.ID), nil, nil); strings.Contains(page, "phiên bản 2") {
		t.Error("the student is told of versions")
	}
	if st, page := t1.do("GET", fmt.Sprintf("/courses/%d/items/%d/edit", created.ID, item.ID), nil, nil); st != 200 || !strings.Contains(page, `name="ref_version"`) {
		t.Errorf("resource item editor: %d", st)
	}
	if st, _ := s1.do("GET", fmt.Sprintf("/courses/%d/items/%d/edit", created.ID, item.ID), nil, nil); st != 403 {
		t.Errorf("student opened the editor: %d, want 403", st)
	}
	if st, _ := s1.do("GET", fmt.Sprintf("/courses/%d/dashboard", created.ID), nil, nil); st != 403 {
		t.Errorf("student opened the dashboard: %d, want 403", st)
	}
	var view struct{ HTML string }
	if st, body := s1.do("GET", fmt.Sprintf("%s/items/%d", base, item.ID), nil, &view); st != 200 || !strings.Contains(view.HTML, `embed-pdf`) {
		t.Errorf("student's resource item: %d %s", st, body)
	}
}
