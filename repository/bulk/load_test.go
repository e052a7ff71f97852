package bulk_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/bulk"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLoadFolder loads a folder with good and bad lines, re-runs it (nothing
// changes), changes one file (a new version), and checks that a line that fails
// leaves no resource behind and that a teacher of another school cannot load into
// this one.
func TestLoadFolder(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	s3, bucket := devtest.Bucket(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, "demo-password-123"); err != nil {
		t.Fatal(err)
	}
	blobs := blob.New(pool, s3, bucket)
	repo := repository.New(pool, blobs, nil)
	if err := repo.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	teacher, err := ids.Authenticate(ctx, "teacher1", "demo-password-123", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "toan/Hàm số.pdf", pdf+"hàm số")
	write(t, dir, "toan/Bài tập.pdf", pdf+"bài tập")
	write(t, dir, "tin/setup.pdf", "MZ\x90\x00\x03"+strings.Repeat("\x00", 100))
	outside := t.TempDir()
	write(t, outside, "secret.pdf", pdf+"secret")
	if err := os.Symlink(filepath.Join(outside, "secret.pdf"), filepath.Join(dir, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "resources.csv", "title,type,subject,grades,files,scope\n"+
		"Hàm số bậc hai,slides,toan,10,toan/Hàm số.pdf,school\n"+
		"Bài tập chương 1,worksheet,toan,10,toan/Bài tập.pdf;toan/Hàm số.pdf,school\n"+
		"Cài đặt,other,tin-hoc,,tin/setup.pdf,school\n"+
		"Missing,slides,toan,,toan/none.pdf,school\n"+
		"Link,slides,toan,,link.pdf,school\n"+
		"Unknown subject,slides,thien-van,,toan/Bài tập.pdf,school\n"+
		"Bad type,poster,toan,,toan/Hàm số.pdf,school\n")
	l := &bulk.Loader{Blobs: blobs, Resources: repo, Actor: teacher, OrgID: teacher.User.HomeOrgID}
	manifest := filepath.Join(dir, "resources.csv")
	rep, err := l.Load(ctx, dir, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 7 || rep.Created != 2 || len(rep.Errors) != 5 {
		t.Fatalf("first run: %+v", rep)
	}
	for i, want := range []struct {
		line  int
		field string
	}{{4, "files"}, {5, "files"}, {6, "files"}, {7, "subject"}, {8, "type"}} {
		if rep.Errors[i].Line != want.line || rep.Errors[i].Field != want.field {
			t.Errorf("error %d: %+v, want line %d field %s", i, rep.Errors[i], want.line, want.field)
		}
	}
	page, err := repo.List(ctx, teacher, repository.Filter{Mine: true})
	if err != nil || page.Total != 2 {
		t.Fatalf("after the first run the teacher has %d resources (%v), want 2", page.Total, err)
	}

	rep, err = l.Load(ctx, dir, manifest)
	if err != nil || rep.Created != 0 || rep.Unchanged != 2 || len(rep.Errors) != 5 {
		t.Fatalf("re-run: %+v %v", rep, err)
	}
	write(t, dir, "toan/Bài tập.pdf", pdf+"bài tập, sửa lỗi")
	rep, err = l.Load(ctx, dir, manifest)
	if err != nil || rep.Updated != 1 || rep.Unchanged != 1 {
		t.Fatalf("after a change: %+v %v", rep, err)
	}
	page, _ = repo.List(ctx, teacher, repository.Filter{Mine: true, Query: "Bài tập"})
	if page.Total != 1 || page.Resources[0].Latest != 2 {
		t.Fatalf("changed resource: %+v", page)
	}

	other, err := ids.Authenticate(ctx, "teacher2", "demo-password-123", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	intruder := &bulk.Loader{Blobs: blobs, Resources: repo, Actor: other, OrgID: teacher.User.HomeOrgID}
	rep, err = intruder.Load(ctx, dir, manifest)
	if err != nil || rep.Created+rep.Updated+rep.Unchanged != 0 {
		t.Fatalf("another school's teacher loaded: %+v %v", rep, err)
	}
}
