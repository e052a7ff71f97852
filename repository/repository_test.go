package repository_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t    *testing.T
	ids  *identity.Service
	repo *repository.Service
	db   *pgxpool.Pool
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(context.Background(), pw); err != nil {
		t.Fatal(err)
	}
	repo := repository.New(pool, nil, nil)
	if err := repo.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &world{t: t, ids: ids, repo: repo, db: pool}
}

func (w *world) as(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// draft creates a resource with one version by teacher1.
func (w *world) draft(title, subject, scope string) *repository.Resource {
	w.t.Helper()
	ctx := context.Background()
	t1 := w.as("teacher1")
	r, err := w.repo.Create(ctx, t1, repository.NewResource{Title: title, Type: "slides", Subject: subject, Grades: []int{10}, Scope: scope, Licence: "CC BY 4.0"})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.repo.AddVersion(ctx, t1, r.ID, "", []repository.File{{Name: "Bài giảng.pdf", SHA256: sha(title), Size: 10, ContentType: "application/pdf", Kind: "pdf"}}); err != nil {
		w.t.Fatal(err)
	}
	return r
}

func TestReviewWorkflow(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	teacher, reviewer, student, other := w.as("teacher1"), w.as("reviewer1"), w.as("student1"), w.as("student2")
	r := w.draft("Hàm số bậc hai", "toan", "school")

	if _, err := w.repo.Get(ctx, student, r.ID); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("student sees a draft: %v", err)
	}
	got, err := w.repo.Get(ctx, teacher, r.ID)
	if err != nil || got.Status != "draft" || len(got.Version.Files) != 1 {
		t.Fatalf("owner view: %+v %v", got, err)
	}
	if _, err := w.repo.Submit(ctx, teacher, r.ID, "Xin thẩm định"); err != nil {
		t.Fatal(err)
	}
	q, err := w.repo.Queue(ctx, reviewer)
	if err != nil || len(q) != 1 || q[0].ResourceID != r.ID || q[0].Status != "submitted" {
		t.Fatalf("queue: %+v %v", q, err)
	}
	if err := w.repo.Claim(ctx, reviewer, q[0].VersionID); err != nil {
		t.Fatal(err)
	}
	if res, err := w.repo.Decide(ctx, reviewer, q[0].VersionID, repository.Decision{Decision: "approve", Comment: "Tốt"}); err != nil || res != "published" {
		t.Fatalf("approve: %s %v", res, err)
	}
	pub, err := w.repo.Get(ctx, student, r.ID)
	if err != nil || pub.Status != "published" || pub.Published != 1 {
		t.Fatalf("student after publication: %+v %v", pub, err)
	}
	if _, err := w.repo.Get(ctx, other, r.ID); !errors.Is(err, repository.ErrNotFound) {
		t.Fatalf("a student of another school sees a school-scoped resource: %v", err)
	}
	hist, err := w.repo.History(ctx, teacher, r.ID)
	if err != nil || len(hist) != 3 || hist[0].Action != "submit" || hist[2].Action != "approve" {
		t.Fatalf("history: %+v %v", hist, err)
	}
	notes, _ := w.repo.Notifications(ctx, teacher, 10)
	if len(notes) == 0 || notes[0].Kind != "review.approve" {
		t.Fatalf("author not notified: %+v", notes)
	}

	// A new version goes through review again; students keep seeing version 1.
	if _, err := w.repo.AddVersion(ctx, teacher, r.ID, "sửa lỗi", []repository.File{{Name: "v2.pdf", SHA256: sha("v2"), Size: 5, ContentType: "application/pdf"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.repo.Submit(ctx, teacher, r.ID, ""); err != nil {
		t.Fatal(err)
	}
	q, _ = w.repo.Queue(ctx, reviewer)
	if res, err := w.repo.Decide(ctx, reviewer, q[0].VersionID, repository.Decision{Decision: "request_changes", Comment: "Sai ví dụ 2", Anchor: "trang 3"}); err != nil || res != "changes_requested" {
		t.Fatalf("request changes: %s %v", res, err)
	}
	if pub, _ := w.repo.Get(ctx, student, r.ID); pub.Version.Number != 1 || len(pub.Versions) != 1 {
		t.Fatalf("student must see only published version 1: %+v", pub.Versions)
	}
	if own, _ := w.repo.Get(ctx, teacher, r.ID); own.Status != "changes_requested" || own.Latest != 2 {
		t.Fatalf("owner status: %+v", own)
	}
	if _, err := w.repo.Decide(ctx, reviewer, q[0].VersionID, repository.Decision{Decision: "request_changes"}); err == nil {
		t.Fatal("request_changes without a comment accepted")
	}
}

func TestReviewRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	teacher, reviewer := w.as("teacher1"), w.as("reviewer1")

	t.Run("no panel for the subject: nothing in the queue, no claim", func(t *testing.T) {
		r := w.draft("Cấu tạo nguyên tử", "hoa-hoc", "school")
		v, err := w.repo.Submit(ctx, teacher, r.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.repo.Claim(ctx, reviewer, v.ID); !errors.Is(err, repository.ErrNotFound) {
			t.Fatalf("claim outside the panel: %v", err)
		}
	})
	t.Run("teachers are not reviewers", func(t *testing.T) {
		r := w.draft("Vectơ", "toan", "school")
		v, _ := w.repo.Submit(ctx, teacher, r.ID, "")
		if _, err := w.repo.Decide(ctx, teacher, v.ID, repository.Decision{Decision: "approve"}); !errors.Is(err, repository.ErrForbidden) {
			t.Fatalf("teacher decides: %v", err)
		}
	})
	t.Run("a reviewer cannot review their own resource", func(t *testing.T) {
		r, err := w.repo.Create(ctx, reviewer, repository.NewResource{Title: "Của tổ trưởng", Type: "worksheet", Subject: "toan", Scope: "school", Licence: "CC0"})
		if err != nil {
			t.Fatal(err)
		}
		w.repo.AddVersion(ctx, reviewer, r.ID, "", []repository.File{{Name: "a.pdf", SHA256: sha("own"), Size: 1, ContentType: "application/pdf"}})
		v, err := w.repo.Submit(ctx, reviewer, r.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.repo.Claim(ctx, reviewer, v.ID); err == nil {
			t.Fatal("reviewer claimed their own resource")
		}
	})
	t.Run("claimed by one, another cannot decide; release returns it", func(t *testing.T) {
		r := w.draft("Thống kê", "toan", "city")
		v, _ := w.repo.Submit(ctx, teacher, r.ID, "")
		if err := w.repo.Claim(ctx, reviewer, v.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.repo.Claim(ctx, reviewer, v.ID); !errors.Is(err, repository.ErrConflict) {
			t.Fatalf("double claim: %v", err)
		}
		if err := w.repo.Release(ctx, reviewer, v.ID); err != nil {
			t.Fatal(err)
		}
		q, _ := w.repo.Queue(ctx, reviewer)
		found := false
		for _, it := range q {
			found = found || (it.VersionID == v.ID && it.Status == "submitted" && it.ReviewerID == nil)
		}
		if !found {
			t.Fatalf("released item not back in the pool: %+v", q)
		}
	})
	t.Run("submit needs files and a draft", func(t *testing.T) {
		r, err := w.repo.Create(ctx, teacher, repository.NewResource{Title: "Trống", Type: "other", Subject: "toan", Scope: "private", Licence: "CC0"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.repo.Submit(ctx, teacher, r.ID, ""); err == nil {
			t.Fatal("empty resource submitted")
		}
	})
}

func TestVisibilityByScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	reviewer := w.as("reviewer1")
	publish := func(title, scope string) int64 {
		r := w.draft(title, "toan", scope)
		v, err := w.repo.Submit(ctx, w.as("teacher1"), r.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.repo.Decide(ctx, reviewer, v.ID, repository.Decision{Decision: "approve"}); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	ids := map[string]int64{}
	for _, s := range repository.Scopes {
		ids[s] = publish("Tài liệu "+s, s)
	}
	for _, tc := range []struct {
		user    string
		visible []string
	}{
		{"student1", []string{"school", "district", "city", "public"}},
		{"student2", []string{"city", "public"}}, // another district
		{"teacher1", repository.Scopes},          // the owner sees even private
		{"district.admin", repository.Scopes},    // administers the school's district
		{"teacher2", []string{"city", "public"}},
	} {
		t.Run(tc.user, func(t *testing.T) {
			a := w.as(tc.user)
			page, err := w.repo.List(ctx, a, repository.Filter{PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]bool{}
			for _, r := range page.Resources {
				got[r.ID] = true
			}
			for _, s := range repository.Scopes {
				want := false
				for _, v := range tc.visible {
					want = want || v == s
				}
				if got[ids[s]] != want {
					t.Errorf("%s: %s-scoped visible=%v, want %v", tc.user, s, got[ids[s]], want)
				}
				if _, err := w.repo.Get(ctx, a, ids[s]); (err == nil) != want {
					t.Errorf("%s: Get %s-scoped err=%v", tc.user, s, err)
				}
			}
			if page.Total != len(tc.visible) {
				t.Errorf("%s: total %d, want %d (counts must not leak)", tc.user, page.Total, len(tc.visible))
			}
		})
	}
	t.Run("delete and restore", func(t *testing.T) {
		teacher := w.as("teacher1")
		if err := w.repo.Delete(ctx, w.as("student1"), ids["school"]); !errors.Is(err, repository.ErrForbidden) {
			t.Fatalf("student deletes: %v", err)
		}
		if err := w.repo.Delete(ctx, teacher, ids["school"]); err != nil {
			t.Fatal(err)
		}
		if _, err := w.repo.Get(ctx, w.as("student1"), ids["school"]); !errors.Is(err, repository.ErrNotFound) {
			t.Fatalf("deleted resource visible: %v", err)
		}
		trash, _ := w.repo.List(ctx, teacher, repository.Filter{Deleted: true})
		if trash.Total != 1 {
			t.Fatalf("trash: %+v", trash)
		}
		if err := w.repo.Restore(ctx, teacher, ids["school"]); err != nil {
			t.Fatal(err)
		}
		if _, err := w.repo.Get(ctx, w.as("student1"), ids["school"]); err != nil {
			t.Fatalf("restored resource: %v", err)
		}
	})
}

func TestTwoPersonApproval(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	city := w.as("city.admin")
	var school int64 = w.as("teacher1").User.HomeOrgID
	// A second reviewer and a panel needing two approvals for physics.
	u, err := w.ids.CreateUser(ctx, city, identity.NewUser{PersonID: "GV0000099", Name: "Phan Văn Khải", OrgID: school, Roles: []identity.Role{identity.RoleReviewer}, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	reviewer1 := w.as("reviewer1")
	p, err := w.repo.CreatePanel(ctx, city, repository.Panel{OrgID: school, Subject: "sinh-hoc", Name: "Tổ Sinh", ChairID: &reviewer1.User.ID, ApprovalsRequired: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.repo.AddPanelMember(ctx, city, p.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	r := w.draft("Tế bào", "sinh-hoc", "school")
	v, _ := w.repo.Submit(ctx, w.as("teacher1"), r.ID, "")
	if res, err := w.repo.Decide(ctx, reviewer1, v.ID, repository.Decision{Decision: "approve"}); err != nil || res != "submitted" {
		t.Fatalf("first approval: %s %v", res, err)
	}
	if _, err := w.repo.Decide(ctx, reviewer1, v.ID, repository.Decision{Decision: "approve"}); err == nil {
		t.Fatal("the same reviewer approved twice")
	}
	if res, err := w.repo.Decide(ctx, w.as("GV0000099"), v.ID, repository.Decision{Decision: "approve"}); err != nil || res != "published" {
		t.Fatalf("second approval: %s %v", res, err)
	}
}
