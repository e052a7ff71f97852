package identity

import (
	"context"
	"errors"
	"fmt"
)

// DemoAccounts are the account names SeedDemo creates, in the order it prints them.
var DemoAccounts = []string{"city.admin", "district.admin", "school.admin", "teacher1", "teacher2", "student1", "student2", "reviewer1", "librarian1", "parent1"}

// DemoOrgCodes are the codes of the demo organizations: the city, two districts and
// three schools (school 1 and 3 in district 1, school 2 in district 2).
var DemoOrgCodes = struct{ City, District1, District2, School1, School2, School3 string }{
	"SGD", "PGD-Q1", "PGD-Q3", "THPT-LQD", "THPT-NTMK", "THCS-TVO"}

// SeedDemo creates the demo city when the database has no organization yet. It
// returns false, and changes nothing, when organizations already exist.
func (s *Service) SeedDemo(ctx context.Context, password string) (bool, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil {
		return false, fmt.Errorf("identity: seed: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	if err := validatePassword(password); err != nil {
		return false, fmt.Errorf("identity: seed: demo password: %w", err)
	}
	sys, c := SystemActor(), DemoOrgCodes
	var errs []error
	org := func(parent *Org, kind OrgKind, code, name, addr string) *Org {
		var pid int64
		if parent != nil {
			pid = parent.ID
		}
		o, err := s.CreateOrg(ctx, sys, NewOrg{ParentID: pid, Kind: kind, Code: code, Name: name, Address: addr})
		errs = append(errs, err)
		if o == nil {
			return &Org{}
		}
		return o
	}
	city := org(nil, KindCity, c.City, "Sở Giáo dục và Đào tạo Thành phố", "66-68 Lê Thánh Tôn")
	d1 := org(city, KindDistrict, c.District1, "Phòng Giáo dục và Đào tạo Quận 1", "")
	d2 := org(city, KindDistrict, c.District2, "Phòng Giáo dục và Đào tạo Quận 3", "")
	s1 := org(d1, KindSchool, c.School1, "Trường THPT Lê Quý Đôn", "110 Nguyễn Thị Minh Khai")
	s2 := org(d2, KindSchool, c.School2, "Trường THPT Nguyễn Thị Minh Khai", "275 Điện Biên Phủ")
	org(d1, KindSchool, c.School3, "Trường THCS Trần Văn Ơn", "161B Nguyễn Văn Thủ")
	if err := errors.Join(errs...); err != nil {
		return false, fmt.Errorf("identity: seed: %w", err)
	}
	users := map[string]*User{}
	for _, u := range []struct {
		name, person, full string
		org                *Org
		roles              []Role
	}{
		{"city.admin", "CB0000001", "Trần Thị Thu Hà", city, []Role{RoleCityAdmin}},
		{"district.admin", "CB0000002", "Lê Minh Tuấn", d1, []Role{RoleDistrictAdmin}},
		{"school.admin", "CB0000003", "Phạm Thị Lan", s1, []Role{RoleSchoolAdmin}},
		{"teacher1", "GV0000001", "Nguyễn Văn Bình", s1, []Role{RoleTeacher}},
		{"teacher2", "GV0000002", "Đặng Thị Mai", s2, []Role{RoleTeacher}},
		{"student1", "HS0000001", "Hoàng Gia Bảo", s1, []Role{RoleStudent}},
		{"student2", "HS0000002", "Võ Ngọc Ánh", s2, []Role{RoleStudent}},
		{"reviewer1", "GV0000003", "Bùi Quốc Khánh", s1, []Role{RoleReviewer, RoleTeacher}},
		{"librarian1", "NV0000001", "Trịnh Thị Hồng", s1, []Role{RoleLibrarian}},
		{"parent1", "PH0000001", "Hoàng Văn Nam", s1, []Role{RoleParent}},
	} {
		created, err := s.CreateUser(ctx, sys, NewUser{PersonID: u.person, Username: u.name, Name: u.full,
			Email: u.name + "@demo.hoclieu.local", OrgID: u.org.ID, Roles: u.roles, Password: password})
		if err != nil {
			return false, fmt.Errorf("identity: seed %s: %w", u.name, err)
		}
		users[u.name] = created
	}
	grade := 10
	for _, cl := range []struct {
		org              *Org
		name             string
		teacher, student string
	}{{s1, "10A1", "teacher1", "student1"}, {s2, "10A2", "teacher2", "student2"}} {
		class, err := s.CreateClass(ctx, sys, NewClass{OrgID: cl.org.ID, Name: cl.name, SchoolYear: "2026-2027", Grade: &grade})
		if err != nil {
			return false, fmt.Errorf("identity: seed class: %w", err)
		}
		for _, m := range []struct{ user, role, subject string }{
			{cl.teacher, "homeroom", ""}, {cl.teacher, "teacher", "Toán"}, {cl.student, "student", ""}} {
			if err := s.AddClassMember(ctx, sys, class.ID, users[m.user].ID, m.role, m.subject); err != nil {
				return false, fmt.Errorf("identity: seed class member: %w", err)
			}
		}
	}
	// parent1 is student1's guardian (read-only: progress and grades).
	if _, err := s.db.Exec(ctx, `INSERT INTO guardians (parent_id, student_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		users["parent1"].ID, users["student1"].ID); err != nil {
		return false, fmt.Errorf("identity: seed guardian: %w", err)
	}
	return true, nil
}
