package identity_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// TestTenancy proves that administrators and teachers act only inside their own
// part of the organization tree.
func TestTenancy(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	c := identity.DemoOrgCodes
	org := func(code string) *identity.Org {
		o, err := svc.OrgByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	userID := func(name string) int64 {
		var id int64
		if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE username = $1`, name).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	s1, s2, s3 := org(c.School1), org(c.School2), org(c.School3)
	schoolAdmin, districtAdmin, cityAdmin := login(t, svc, "school.admin"), login(t, svc, "district.admin"), login(t, svc, "city.admin")
	teacher1 := login(t, svc, "teacher1")

	newUser := func(a *identity.Actor, o *identity.Org, person string, roles ...identity.Role) error {
		_, err := svc.CreateUser(ctx, a, identity.NewUser{PersonID: person, Name: "Người Thử " + person, OrgID: o.ID, Roles: roles})
		return err
	}
	for _, tc := range []struct {
		name  string
		err   error
		allow bool
	}{
		{"school admin creates a student in own school", newUser(schoolAdmin, s1, "X1", identity.RoleStudent), true},
		{"school admin creates in another school", newUser(schoolAdmin, s2, "X2", identity.RoleStudent), false},
		{"school admin cannot make a district admin", newUser(schoolAdmin, s1, "X3", identity.RoleDistrictAdmin), false},
		{"district admin creates in own district's school", newUser(districtAdmin, s3, "X4", identity.RoleTeacher), true},
		{"district admin creates in the other district", newUser(districtAdmin, s2, "X5", identity.RoleTeacher), false},
		{"teacher cannot create users", newUser(teacher1, s1, "X6", identity.RoleStudent), false},
		{"city admin creates anywhere", newUser(cityAdmin, s2, "X7", identity.RoleSchoolAdmin), true},
		{"school admin resets a password in own school", svc.ResetPassword(ctx, schoolAdmin, userID("student1"), "another-pass-1"), true},
		{"school admin resets a password in another school", svc.ResetPassword(ctx, schoolAdmin, userID("student2"), "another-pass-1"), false},
		{"school admin grants a role in another school", svc.AssignRole(ctx, schoolAdmin, userID("teacher1"), s2.ID, identity.RoleTeacher), false},
		{"district admin grants reviewer in own district", svc.AssignRole(ctx, districtAdmin, userID("teacher1"), s1.ID, identity.RoleReviewer), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.allow && tc.err != nil {
				t.Fatalf("want allowed, got %v", tc.err)
			}
			if !tc.allow && !errors.Is(tc.err, identity.ErrForbidden) {
				t.Fatalf("want ErrForbidden, got %v", tc.err)
			}
		})
	}

	t.Run("district admin lists only own district's users", func(t *testing.T) {
		users, err := svc.ListUsers(ctx, districtAdmin, identity.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.HomeOrgID == s2.ID {
				t.Fatalf("district admin sees %s of the other district", u.Username)
			}
		}
		if len(users) < 5 {
			t.Fatalf("district admin sees too few users: %d", len(users))
		}
	})
	t.Run("school admin cannot list another school's classes", func(t *testing.T) {
		if _, err := svc.OrgClasses(ctx, schoolAdmin, s2.ID); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("teacher of school 1 cannot read class 10A2's members", func(t *testing.T) {
		classes, err := svc.MyClasses(ctx, login(t, svc, "teacher2"))
		if err != nil || len(classes) != 1 {
			t.Fatal(classes, err)
		}
		if _, err := svc.ClassMembers(ctx, teacher1, classes[0].ID); !errors.Is(err, identity.ErrForbidden) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("school admin sees only own audit", func(t *testing.T) {
		entries, err := svc.ListAudit(ctx, schoolAdmin, identity.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.OrgID != nil && *e.OrgID == s2.ID {
				t.Fatalf("school admin sees audit of school 2: %+v", e)
			}
		}
	})
}
