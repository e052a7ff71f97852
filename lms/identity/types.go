package identity

import (
	"slices"
	"time"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Errors this domain returns (wrapped with context).
var (
	ErrNotFound        = fault.ErrNotFound
	ErrForbidden       = fault.ErrForbidden
	ErrConflict        = fault.ErrConflict
	ErrUnauthenticated = fault.ErrUnauthenticated
)

// Role is what a user may do in one organization (and the organizations below it).
type Role string

// The roles.
const (
	RoleStudent       Role = "student"
	RoleTeacher       Role = "teacher"
	RoleLibrarian     Role = "librarian"
	RoleReviewer      Role = "reviewer"
	RoleParent        Role = "parent"
	RoleSchoolAdmin   Role = "school_admin"
	RoleDistrictAdmin Role = "district_admin"
	RoleCityAdmin     Role = "city_admin"
)

// Roles lists every role, least powerful first.
var Roles = []Role{RoleStudent, RoleParent, RoleTeacher, RoleLibrarian, RoleReviewer, RoleSchoolAdmin, RoleDistrictAdmin, RoleCityAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// adminRank orders the administrator roles; 0 is not an administrator.
func (r Role) adminRank() int {
	switch r {
	case RoleSchoolAdmin:
		return 1
	case RoleDistrictAdmin:
		return 2
	case RoleCityAdmin:
		return 3
	}
	return 0
}

// OrgKind is the level of an organization in the tree.
type OrgKind string

// The organization levels.
const (
	KindCity     OrgKind = "city"
	KindDistrict OrgKind = "district"
	KindSchool   OrgKind = "school"
)

// Org is one organization.
type Org struct {
	ID       int64   `json:"id"`
	ParentID *int64  `json:"parent_id,omitempty"`
	Kind     OrgKind `json:"kind"`
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Address  string  `json:"address"`
	Path     []int64 `json:"-"`
}

// User is a person with an account.
type User struct {
	ID        int64     `json:"id"`
	PersonID  string    `json:"person_id"`
	Username  string    `json:"username"`
	Email     string    `json:"email,omitempty"`
	Name      string    `json:"name"`
	Locale    string    `json:"locale"`
	HomeOrgID int64     `json:"home_org_id"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// Grant is one role of a user in one organization.
type Grant struct {
	OrgID   int64   `json:"org_id"`
	OrgCode string  `json:"org_code"`
	OrgName string  `json:"org_name"`
	OrgKind OrgKind `json:"org_kind"`
	Role    Role    `json:"role"`
	orgPath []int64
}

// Class groups students of one school year with their teachers.
type Class struct {
	ID         int64  `json:"id"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name"`
	Name       string `json:"name"`
	SchoolYear string `json:"school_year"`
	Grade      *int   `json:"grade,omitempty"`
	// MyRole is the caller's role in the class (student, teacher, homeroom) when the
	// class was listed for the caller.
	MyRole   string `json:"my_role,omitempty"`
	Students int    `json:"students"`
}
