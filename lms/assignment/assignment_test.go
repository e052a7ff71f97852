package assignment_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/assignment"
	"github.com/hoclieu/hoclieu/lms/course"
	"github.com/hoclieu/hoclieu/lms/gradebook"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
	"github.com/hoclieu/hoclieu/repository"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/jackc/pgx/v5/pgxpool"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

type world struct {
	t       *testing.T
	db      *pgxpool.Pool
	ids     *identity.Service
	courses *course.Service
	blobs   *blob.Store
	as      *assignment.Service
	book    *gradebook.Service
	course  *course.Course
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	s3, bucket := devtest.Bucket(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	if err := repository.New(pool, nil, nil).SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: pool, ids: ids, courses: course.New(pool, nil), blobs: blob.New(pool, s3, bucket)}
	w.as = assignment.New(pool, w.courses, w.blobs, nil)
	w.book = gradebook.New(pool, w.courses, nil, nil)
	w.courses.WithItemCopier(w.as).WithItemCopier(w.book)
	t1 := w.actor("teacher1")
	c, err := w.courses.Create(ctx, t1, course.NewCourse{Title: "Ngữ văn 10", Subject: "toan", Grade: 10, ClassIDs: []int64{w.class(t1, "10A1")}})
	if err != nil {
		t.Fatal(err)
	}
	w.course = c
	return w
}

func (w *world) actor(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func (w *world) class(a *identity.Actor, name string) int64 {
	w.t.Helper()
	cs, err := w.ids.MyClasses(context.Background(), a)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == name {
			return c.ID
		}
	}
	w.t.Fatalf("no class %s", name)
	return 0
}

// addStudent makes a second student of 10A1 (student3).
func (w *world) addStudent(name, person string) *identity.Actor {
	w.t.Helper()
	ctx := context.Background()
	sys := identity.SystemActor()
	t1 := w.actor("teacher1")
	u, err := w.ids.CreateUser(ctx, sys, identity.NewUser{PersonID: person, Username: name, Name: "Lý Thu " + name,
		OrgID: t1.User.HomeOrgID, Roles: []identity.Role{identity.RoleStudent}, Password: pw})
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.ids.AddClassMember(ctx, sys, w.class(t1, "10A1"), u.ID, "student", ""); err != nil {
		w.t.Fatal(err)
	}
	return w.actor(name)
}

func (w *world) put(data string) assignment.File {
	w.t.Helper()
	b, err := w.blobs.Put(context.Background(), strings.NewReader(data), int64(len(data)), "application/pdf")
	if err != nil {
		w.t.Fatal(err)
	}
	return assignment.File{Name: "bai-lam.pdf", SHA256: b.SHA256, Size: b.Size, ContentType: b.ContentType}
}

func (w *world) create(st assignment.Settings) *assignment.Assignment {
	w.t.Helper()
	a, err := w.as.Create(context.Background(), w.actor("teacher1"), w.course.ID, assignment.NewAssignment{Title: "Bài luận số 1", Settings: st})
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

func wantInvalid(t *testing.T, err error, key string) {
	t.Helper()
	v, ok := fault.AsValidation(err)
	if !ok || v.Key != key {
		t.Fatalf("error %v, want validation %s", err, key)
	}
}

func TestSubmitVersionsAndRetries(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	due := time.Now().Add(48 * time.Hour)
	as := w.create(assignment.Settings{Instructions: "Viết **300 chữ**. <script>alert(1)</script>", DueAt: &due, AllowedTypes: []string{"pdf", ".DOCX"}, MaxSize: 1 << 20})
	if strings.Contains(as.HTML, "<script") || !strings.Contains(as.HTML, "<strong>300 chữ</strong>") {
		t.Fatalf("instructions not rendered and sanitized: %s", as.HTML)
	}
	s1 := w.actor("student1")
	// Notified of the new assignment.
	var n int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'assignment.new'`, s1.User.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("new-assignment notifications = %d, %v", n, err)
	}

	// An upload interrupted mid-way stores nothing; the retry stores the file once.
	content := strings.Repeat("%PDF-1.4 bài làm ", 5000)
	_, err := w.blobs.Put(ctx, io.MultiReader(strings.NewReader(content[:30000]), failing{}), int64(len(content)), "application/pdf")
	if err == nil {
		t.Fatal("an interrupted upload must fail")
	}
	f := w.put(content)
	sub, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "Bài của em", Files: []assignment.File{f}, Key: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	// The client did not see the answer and retries with the same key (and the file
	// uploaded again): the same version comes back.
	f2 := w.put(content)
	again, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "Bài của em", Files: []assignment.File{f2}, Key: "k-1"})
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != sub.ID || !again.Existing || sub.Version != 1 {
		t.Fatalf("retry gave %+v after %+v", again, sub)
	}
	// Without a key, the same content is the key.
	a1, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "Bản sửa"})
	if err != nil {
		t.Fatal(err)
	}
	a2, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "Bản sửa"})
	if err != nil || a2.ID != a1.ID || a1.Version != 2 {
		t.Fatalf("content retry: %+v %+v %v", a1, a2, err)
	}
	work, err := w.as.Work(ctx, s1, as.ID, s1.User.ID)
	if err != nil || len(work) != 2 || work[0].Version != 2 || work[1].Files[0].SHA256 != f.SHA256 {
		t.Fatalf("versions kept: %+v %v", work, err)
	}
	var refs, blobs int
	if err := w.db.QueryRow(ctx, `SELECT refcount, (SELECT count(*) FROM blobs) FROM blobs WHERE sha256 = $1`, f.SHA256).Scan(&refs, &blobs); err != nil || refs != 1 || blobs != 1 {
		t.Fatalf("blob refcount %d, blobs %d (%v): want 1 and 1", refs, blobs, err)
	}
	// Bad files are refused, nothing is written.
	_, err = w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Files: []assignment.File{{Name: "virus.exe", SHA256: f.SHA256, Size: 10}}})
	wantInvalid(t, err, "assignment.file_type")
	_, err = w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Files: []assignment.File{{Name: "big.pdf", SHA256: f.SHA256, Size: 2 << 20}}})
	wantInvalid(t, err, "assignment.file_size")
	_, err = w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Files: []assignment.File{{Name: "x.pdf", SHA256: strings.Repeat("a", 64), Size: 1}}})
	wantInvalid(t, err, "assignment.file_missing")
	// Teachers do not submit; another school does not even see it.
	if _, err := w.as.Submit(ctx, w.actor("teacher1"), as.ID, assignment.NewSubmission{Text: "x"}); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("teacher submit: %v", err)
	}
	for _, name := range []string{"student2", "teacher2"} {
		if _, err := w.as.Submit(ctx, w.actor(name), as.ID, assignment.NewSubmission{Text: "x"}); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("%s submit: %v", name, err)
		}
		if _, err := w.as.Submissions(ctx, w.actor(name), as.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("%s lists submissions: %v", name, err)
		}
		if _, err := w.as.Submission(ctx, w.actor(name), sub.ID); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("%s reads a submission: %v", name, err)
		}
		if _, err := w.book.View(ctx, w.actor(name), w.course.ID, 0); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("%s reads the gradebook: %v", name, err)
		}
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestLatePolicies(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	past := time.Now().Add(-time.Hour)
	refuse := w.create(assignment.Settings{DueAt: &past, LatePolicy: assignment.LateRefuse})
	s1 := w.actor("student1")
	_, err := w.as.Submit(ctx, s1, refuse.ID, assignment.NewSubmission{Text: "muộn"})
	wantInvalid(t, err, "assignment.closed")

	later := time.Now().Add(time.Hour)
	accept := w.create(assignment.Settings{DueAt: &past, CutoffAt: &later, LatePenalty: 20, MaxScore: 10})
	sub, err := w.as.Submit(ctx, s1, accept.ID, assignment.NewSubmission{Text: "muộn"})
	if err != nil || !sub.Late {
		t.Fatalf("late submission: %+v %v", sub, err)
	}
	_, err = w.as.Submit(ctx, s1, accept.ID, assignment.NewSubmission{Text: "muộn lần hai"})
	wantInvalid(t, err, "assignment.resubmit_closed")
	score := 8.0
	g, err := w.as.Grade(ctx, w.actor("teacher1"), sub.ID, assignment.NewGrade{Score: &score, Feedback: "Nộp muộn"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Grade.Score != 6.4 || g.Grade.RawScore != 8 {
		t.Fatalf("late penalty: %+v", g.Grade)
	}
}

func TestGradeRubricDuplicatesAndGradebook(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	rubric := []assignment.Criterion{
		{Name: "Nội dung", Levels: []assignment.Level{{"Yếu", 1}, {"Khá", 4}, {"Tốt", 6}}},
		{Name: "Trình bày", Levels: []assignment.Level{{"Chưa đạt", 0}, {"Đạt", 4}}},
	}
	as := w.create(assignment.Settings{Rubric: rubric, MaxScore: 10, Category: "midterm"})
	s1, s3 := w.actor("student1"), w.addStudent("student3", "HS0000003")
	same := w.put("%PDF-1.4 identical essay")
	sub1, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Files: []assignment.File{same}})
	if err != nil {
		t.Fatal(err)
	}
	sub3, err := w.as.Submit(ctx, s3, as.ID, assignment.NewSubmission{Files: []assignment.File{same}})
	if err != nil {
		t.Fatal(err)
	}
	t1 := w.actor("teacher1")
	list, err := w.as.Submissions(ctx, t1, as.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("submissions: %+v %v", list, err)
	}
	for _, x := range list {
		if len(x.Duplicates) != 1 {
			t.Fatalf("%s: duplicates %v", x.Name, x.Duplicates)
		}
	}
	fb := w.put("OggS audio feedback")
	fb.Name, fb.ContentType = "nhan-xet.ogg", "audio/ogg"
	g, err := w.as.Grade(ctx, t1, sub1.ID, assignment.NewGrade{Levels: []int{2, 1}, Feedback: "Tốt", FeedbackFile: &fb})
	if err != nil || g.Grade.Score != 10 || g.Grade.FeedbackFile == nil {
		t.Fatalf("rubric grade: %+v %v", g, err)
	}
	_, err = w.as.Grade(ctx, t1, sub3.ID, assignment.NewGrade{Levels: []int{5, 0}})
	wantInvalid(t, err, "assignment.levels")
	if _, err := w.as.Grade(ctx, t1, sub3.ID, assignment.NewGrade{Levels: []int{1, 0}}); err != nil {
		t.Fatal(err)
	}
	// The student reads the feedback file; a classmate does not.
	if _, err := w.as.FileAccess(ctx, s1, sub1.ID, fb.SHA256); err != nil {
		t.Fatal(err)
	}
	if _, err := w.as.FileAccess(ctx, s3, sub1.ID, fb.SHA256); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("classmate reads feedback: %v", err)
	}
	book, err := w.book.View(ctx, t1, w.course.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	marks := map[string]float64{}
	for _, r := range book.Rows {
		if r.Marks[0] != nil {
			marks[r.Name] = *r.Marks[0]
		}
	}
	if marks[s1.User.Name] != 10 || marks[s3.User.Name] != 4 || book.Columns[0].Category != "midterm" {
		t.Fatalf("gradebook: %+v", book)
	}
	// The student sees only their own row; the grade shows on their home page.
	mine, err := w.book.View(ctx, s1, w.course.ID, 0)
	if err != nil || len(mine.Rows) != 1 || mine.Rows[0].UserID != s1.User.ID || *mine.Rows[0].Average != 10 {
		t.Fatalf("student view: %+v %v", mine, err)
	}
	home, err := w.as.Home(ctx, s1, 0)
	if err != nil || len(home.Grades) != 1 || home.Grades[0].Feedback != "Tốt" || len(home.Courses) != 1 || home.Courses[0].Done != 1 {
		t.Fatalf("home: %+v %v", home, err)
	}
	var n int
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'grade.released'`, s1.User.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("grade notifications: %d %v", n, err)
	}
	// parent1 (student1's guardian) reads their child's grades, read-only, and nobody else's.
	p1 := w.actor("parent1")
	if err := w.db.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'grade.released'`, p1.User.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("parent grade notifications: %d %v", n, err)
	}
	ph, err := w.as.Home(ctx, p1, s1.User.ID)
	if err != nil || len(ph.Grades) != 1 || ph.Learner != s1.User.Name {
		t.Fatalf("parent home: %+v %v", ph, err)
	}
	if _, err := w.as.Home(ctx, p1, s3.User.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("parent reads another child: %v", err)
	}
	pb, err := w.book.View(ctx, p1, w.course.ID, 0)
	if err != nil || len(pb.Rows) != 1 || pb.Rows[0].UserID != s1.User.ID || pb.CanEdit {
		t.Fatalf("parent gradebook: %+v %v", pb, err)
	}
	if _, err := w.as.Submit(ctx, p1, as.ID, assignment.NewSubmission{Text: "x"}); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("parent submits: %v", err)
	}
	if work, err := w.as.Work(ctx, p1, as.ID, s1.User.ID); err != nil || len(work) != 1 {
		t.Fatalf("parent reads the child's work: %v %v", work, err)
	}
	// Another school's teacher gets nothing of it.
	if _, err := w.as.Grade(ctx, w.actor("teacher2"), sub1.ID, assignment.NewGrade{Levels: []int{0, 0}}); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("teacher2 grades: %v", err)
	}
	// After the term closes, grading is refused and nothing changes.
	if err := w.book.CloseTerm(ctx, t1, w.course.ID, nil); err != nil {
		t.Fatal(err)
	}
	_, err = w.as.Grade(ctx, t1, sub3.ID, assignment.NewGrade{Levels: []int{2, 1}})
	wantInvalid(t, err, "gradebook.locked")
	g3, _ := w.as.Submission(ctx, t1, sub3.ID)
	if g3.Grade.Score != 4 {
		t.Fatalf("a refused grade changed the score: %+v", g3.Grade)
	}
}

func TestGroupAssignmentAndAnnouncements(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	as := w.create(assignment.Settings{Group: true})
	s1, s3 := w.actor("student1"), w.addStudent("student3", "HS0000003")
	_, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "nhóm"})
	wantInvalid(t, err, "assignment.no_group")
	t1 := w.actor("teacher1")
	if err := w.as.SetGroups(ctx, t1, as.ID, map[string][]int64{"Nhóm 1": {s1.User.ID, s3.User.ID}}); err != nil {
		t.Fatal(err)
	}
	if g, err := w.as.Groups(ctx, t1, as.ID); err != nil || g[s3.User.ID] != "Nhóm 1" || len(g) != 2 {
		t.Fatalf("groups: %v %v", g, err)
	}
	if _, err := w.as.Groups(ctx, s1, as.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("student reads groups: %v", err)
	}
	sub, err := w.as.Submit(ctx, s1, as.ID, assignment.NewSubmission{Text: "bài nhóm"})
	if err != nil {
		t.Fatal(err)
	}
	score := 9.0
	if _, err := w.as.Grade(ctx, t1, sub.ID, assignment.NewGrade{Score: &score}); err != nil {
		t.Fatal(err)
	}
	work, err := w.as.Work(ctx, s3, as.ID, s3.User.ID)
	if err != nil || len(work) != 1 || work[0].Grade == nil || work[0].Grade.Score != 9 {
		t.Fatalf("group member's view: %+v %v", work, err)
	}
	an, err := w.as.Announce(ctx, t1, w.course.ID, "Kiểm tra giữa kỳ", "Thứ **Hai** tuần sau.")
	if err != nil || !strings.Contains(an.HTML, "<strong>Hai</strong>") {
		t.Fatalf("announce: %+v %v", an, err)
	}
	if _, err := w.as.Announce(ctx, s1, w.course.ID, "x", ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("student announces: %v", err)
	}
	if _, err := w.as.Announcements(ctx, w.actor("student2"), w.course.ID, 10); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("other school reads announcements: %v", err)
	}
	home, err := w.as.Home(ctx, s3, 0)
	if err != nil || len(home.Announcements) != 1 {
		t.Fatalf("home announcements: %+v %v", home, err)
	}
	_ = bytes.MinRead
}
