package identity_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const demoPassword = "demo-password-123"

// seeded returns a service over a fresh database holding the demo city.
func seeded(t *testing.T) (*identity.Service, *pgxpool.Pool) {
	t.Helper()
	pool, _ := devtest.Pool(t)
	svc := identity.New(pool, nil)
	created, err := svc.SeedDemo(context.Background(), demoPassword)
	if err != nil || !created {
		t.Fatalf("seed: created=%v err=%v", created, err)
	}
	return svc, pool
}

func login(t *testing.T, svc *identity.Service, name string) *identity.Actor {
	t.Helper()
	a, err := svc.Authenticate(context.Background(), name, demoPassword, "127.0.0.1")
	if err != nil {
		t.Fatalf("login %s: %v", name, err)
	}
	return a
}

func TestSeedIsIdempotent(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	created, err := svc.SeedDemo(context.Background(), demoPassword)
	if err != nil || created {
		t.Fatalf("second seed: created=%v err=%v, want false, nil", created, err)
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	for _, name := range []string{"teacher1", "TEACHER1", "GV0000001", "teacher1@demo.hoclieu.local"} {
		a, err := svc.Authenticate(ctx, name, demoPassword, "10.0.0.1")
		if err != nil {
			t.Fatalf("login as %q: %v", name, err)
		}
		if a.User.Username != "teacher1" || !a.HasRole(identity.RoleTeacher) {
			t.Fatalf("login as %q gave %+v", name, a.User)
		}
	}
	if _, err := svc.Authenticate(ctx, "teacher1", "wrong-password", "10.0.0.2"); !errors.Is(err, identity.ErrUnauthenticated) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := svc.Authenticate(ctx, "nobody", demoPassword, "10.0.0.2"); !errors.Is(err, identity.ErrUnauthenticated) {
		t.Fatalf("unknown user: %v", err)
	}
}

func TestLoginThrottlePerAccount(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	for i := range 5 {
		if _, err := svc.Authenticate(ctx, "student1", "wrong-password", "10.0.0.3"); !errors.Is(err, identity.ErrUnauthenticated) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := svc.Authenticate(ctx, "student1", demoPassword, "10.0.0.4")
	var th *fault.Throttled
	if !errors.As(err, &th) || th.RetryAfterMinutes < 1 || th.RetryAfterMinutes > 15 {
		t.Fatalf("after 5 failures even the right password must be refused with a wait: %v", err)
	}
	// Another account is not locked.
	login(t, svc, "student2")
	entries, err := svc.ListAudit(ctx, identity.SystemActor(), identity.AuditFilter{Action: "login.failed"})
	if err != nil || len(entries) != 5 {
		t.Fatalf("audit of failed logins: %d entries, %v", len(entries), err)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	a := login(t, svc, "teacher1")
	if err := svc.ChangePassword(ctx, a, "not-it", "a-new-password-1"); err == nil {
		t.Fatal("wrong current password accepted")
	}
	if _, ok := fault.AsValidation(svc.ChangePassword(ctx, a, demoPassword, "short")); !ok {
		t.Fatal("short password accepted")
	}
	if err := svc.ChangePassword(ctx, a, demoPassword, "a-new-password-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, "teacher1", "a-new-password-1", "1.1.1.1"); err != nil {
		t.Fatalf("new password refused: %v", err)
	}
}

func TestMyClasses(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	for _, tc := range []struct{ user, class, role string }{
		{"teacher1", "10A1", "homeroom,teacher"}, {"student1", "10A1", "student"},
		{"teacher2", "10A2", "homeroom,teacher"}, {"student2", "10A2", "student"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			classes, err := svc.MyClasses(ctx, login(t, svc, tc.user))
			if err != nil || len(classes) != 1 || classes[0].Name != tc.class || classes[0].MyRole != tc.role || classes[0].Students != 1 {
				t.Fatalf("classes of %s: %+v %v", tc.user, classes, err)
			}
		})
	}
	none, err := svc.MyClasses(ctx, login(t, svc, "librarian1"))
	if err != nil || len(none) != 0 {
		t.Fatalf("librarian classes: %+v %v", none, err)
	}
}

// TestCreateUserTaken: a person ID, username or email that another user has is
// refused with a message that names it, and nothing is created.
func TestCreateUserTaken(t *testing.T) {
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	org := admin.Grants[0].OrgID
	first := identity.NewUser{PersonID: "HS-TAKEN-1", Name: "Lê Thị Hoa", Username: "hoa.le", Email: "hoa@example.edu.vn",
		OrgID: org, Roles: []identity.Role{identity.RoleStudent}}
	if _, err := svc.CreateUser(ctx, admin, first); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		edit  func(*identity.NewUser)
		field string
		key   string
	}{
		{"person ID", func(u *identity.NewUser) { u.Username, u.Email = "hoa.le2", "hoa2@example.edu.vn" }, "person_id", "user.person_id_taken"},
		{"username", func(u *identity.NewUser) { u.PersonID, u.Email = "HS-TAKEN-2", "hoa2@example.edu.vn" }, "username", "user.username_taken"},
		{"email", func(u *identity.NewUser) { u.PersonID, u.Username = "HS-TAKEN-2", "hoa.le2" }, "email", "user.email_taken"},
	}
	for _, c := range cases {
		u := first
		c.edit(&u)
		_, err := svc.CreateUser(ctx, admin, u)
		var ve *fault.ValidationError
		if !errors.As(err, &ve) || ve.Field != c.field || ve.Key != c.key {
			t.Errorf("%s taken: got %v, want field %s key %s", c.name, err, c.field, c.key)
		}
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM users WHERE person_id LIKE 'HS-TAKEN-%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("users created: %d, %v", n, err)
	}
}

func TestScopeRoot(t *testing.T) {
	path := []int64{1, 2, 4}
	for _, tc := range []struct {
		scope string
		want  int64 // 0: nil
	}{{"city", 1}, {"district", 2}, {"school", 4}, {"private", 0}, {"public", 0}, {"", 0}, {"galaxy", 0}} {
		got := identity.ScopeRoot(tc.scope, path)
		if (got == nil) != (tc.want == 0) || got != nil && *got != tc.want {
			t.Errorf("ScopeRoot(%q) = %v, want %d", tc.scope, got, tc.want)
		}
	}
	if identity.ScopeRoot("school", []int64{1, 2}) != nil {
		t.Error("a district's path has no school")
	}
}
