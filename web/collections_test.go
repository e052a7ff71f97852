package web_test

import (
	"fmt"
	"testing"
)

// TestAPICollections: the JSON interface of collections, and who may do what.
func TestAPICollections(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	rid := publishedResource(t, ts, "Đề kiểm tra 15 phút")
	teacher, other, student := ts.login(t, "teacher1"), ts.login(t, "teacher2"), ts.login(t, "student1")
	if st, _ := student.do("POST", "/api/v1/collections", map[string]string{"title": "x"}, nil); st != 403 {
		t.Fatalf("student creates: %d", st)
	}
	if st, _ := teacher.do("POST", "/api/v1/collections", map[string]string{"title": ""}, nil); st != 400 {
		t.Fatalf("empty title: %d", st)
	}
	var c struct{ ID int64 }
	if st, body := teacher.do("POST", "/api/v1/collections", map[string]string{"title": "Kiểm tra", "scope": "school"}, &c); st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	items := fmt.Sprintf("/api/v1/collections/%d/items", c.ID)
	if st, body := teacher.do("POST", items, map[string]int64{"resource_id": rid}, nil); st != 204 {
		t.Fatalf("add: %d %s", st, body)
	}
	if st, _ := other.do("POST", items, map[string]int64{"resource_id": rid}, nil); st != 404 {
		t.Fatalf("another school's teacher adds: %d", st)
	}
	var got struct {
		Items []struct{ ID int64 } `json:"items"`
		Count int                  `json:"count"`
	}
	if st, body := student.do("GET", fmt.Sprintf("/api/v1/collections/%d", c.ID), nil, &got); st != 200 || len(got.Items) != 1 || got.Items[0].ID != rid {
		t.Fatalf("student reads: %d %s", st, body)
	}
	if st, _ := other.do("GET", fmt.Sprintf("/api/v1/collections/%d", c.ID), nil, nil); st != 404 {
		t.Fatalf("another school reads: %d", st)
	}
	if st, _ := student.do("DELETE", fmt.Sprintf("%s/%d", items, rid), nil, nil); st != 403 {
		t.Fatalf("student removes: %d", st)
	}
	if st, _ := teacher.do("DELETE", fmt.Sprintf("%s/%d", items, rid), nil, nil); st != 204 {
		t.Fatalf("owner removes: %d", st)
	}
}
