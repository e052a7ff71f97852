package identity

import (
	"fmt"
	"slices"
)

// Actor is an authenticated user with every role grant, as domains see the caller.
// The zero Actor may do nothing.
type Actor struct {
	User   User
	Grants []Grant
	// IP is the client address, kept for the audit log.
	IP string
	// system marks the internal actor used by seeding and jobs.
	system bool
}

// SystemActor is the internal actor of seeding, imports from the command line and
// background jobs. It may do everything; it never comes from a request.
func SystemActor() *Actor {
	return &Actor{User: User{Name: "system"}, system: true}
}

// IsSystem reports whether a is the internal actor.
func (a *Actor) IsSystem() bool { return a != nil && a.system }

// Action is something an actor may be allowed to do on an organization.
type Action string

// Actions on organizations and the people in them.
const (
	ActionManageOrg   Action = "org.manage"   // create child organizations, edit
	ActionManageUsers Action = "users.manage" // create users, assign roles, reset passwords, import
	ActionViewUsers   Action = "users.view"
	ActionViewAudit   Action = "audit.view"
	ActionTeach       Action = "teach"   // create courses, resources, tests in the org
	ActionReview      Action = "review"  // review resources and questions
	ActionCatalog     Action = "catalog" // e-library cataloging
	ActionLearn       Action = "learn"
)

// rolesFor lists which roles allow an action; a role granted on an organization
// applies to it and every organization below it.
var rolesFor = map[Action][]Role{
	ActionManageOrg:   {RoleDistrictAdmin, RoleCityAdmin},
	ActionManageUsers: {RoleSchoolAdmin, RoleDistrictAdmin, RoleCityAdmin},
	ActionViewUsers:   {RoleSchoolAdmin, RoleDistrictAdmin, RoleCityAdmin},
	ActionViewAudit:   {RoleSchoolAdmin, RoleDistrictAdmin, RoleCityAdmin},
	ActionTeach:       {RoleTeacher},
	ActionReview:      {RoleReviewer},
	ActionCatalog:     {RoleLibrarian},
	ActionLearn:       {RoleStudent},
}

// Can answers whether the actor may do action on the organization whose path (ids from
// the root to it) is orgPath. This is the one place that decides it.
func (a *Actor) Can(action Action, orgPath []int64) bool {
	if a == nil {
		return false
	}
	if a.system {
		return true
	}
	if a.User.Disabled || len(orgPath) == 0 {
		return false
	}
	allowed := rolesFor[action]
	for _, g := range a.Grants {
		if slices.Contains(allowed, g.Role) && slices.Contains(orgPath, g.OrgID) {
			return true
		}
	}
	return false
}

// Require is Can as an error: ErrForbidden when the answer is no.
func (a *Actor) Require(action Action, orgPath []int64) error {
	if a.Can(action, orgPath) {
		return nil
	}
	return fmt.Errorf("identity: %s: %w", action, ErrForbidden)
}

// HasRole reports whether the actor holds role anywhere.
func (a *Actor) HasRole(role Role) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// OrgsWith returns the ids of the organizations where the actor holds one of roles
// (the roots of the subtrees it applies to).
func (a *Actor) OrgsWith(roles ...Role) []int64 {
	var ids []int64
	for _, g := range a.Grants {
		if slices.Contains(roles, g.Role) && !slices.Contains(ids, g.OrgID) {
			ids = append(ids, g.OrgID)
		}
	}
	return ids
}

// AdminScope returns the organizations whose subtrees the actor administers.
func (a *Actor) AdminScope() []int64 {
	return a.OrgsWith(RoleSchoolAdmin, RoleDistrictAdmin, RoleCityAdmin)
}

// mayGrant reports whether the actor may give role on the organization at orgPath:
// an administrator manages users below their grant and gives roles no stronger than
// their own.
func (a *Actor) mayGrant(role Role, orgPath []int64) bool {
	if a.system {
		return true
	}
	for _, g := range a.Grants {
		rank := g.Role.adminRank()
		if rank == 0 || !slices.Contains(orgPath, g.OrgID) {
			continue
		}
		if role.adminRank() <= rank {
			return true
		}
	}
	return false
}

// Home is the kind of home page the actor should see first, by their strongest role.
func (a *Actor) Home() Role {
	best := Role("")
	for _, r := range Roles {
		if a.HasRole(r) {
			best = r
		}
	}
	return best
}

// MemberOrgs returns every organization the actor belongs to: the organizations of
// their grants and all above them. A resource shared with a school, district or the
// city is visible to the actor when its scope root is among these.
func (a *Actor) MemberOrgs() []int64 {
	var ids []int64
	for _, g := range a.Grants {
		for _, id := range g.orgPath {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// AdministersPath reports whether the actor is an administrator of the organization
// at orgPath or of one above it.
func (a *Actor) AdministersPath(orgPath []int64) bool { return a.Can(ActionManageUsers, orgPath) }
