package identity

// Bulk import of users and class rosters from the CSV files school offices keep in
// spreadsheets.
//
// The whole file is decoded and split before any row is applied (parseCSV: pure, no
// database, fuzzed), so a file that is not text, too big or missing a column changes
// nothing. Then each row is applied on its own, in its own transaction, under the same
// permission rules as the one-at-a-time calls; a refused row is reported with its line
// and the others are kept. Re-running a file changes nothing: users are matched by
// person ID, class members by (class, person, class role).

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	unicodeenc "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Import limits: a school's roster fits easily, a bigger file is split by the admin.
const (
	importMaxBytes = 10 << 20
	importMaxRows  = 20000
)

// ImportReport says what an import did, and why each refused line was refused.
// Total = Created + Updated + Unchanged + len(Errors).
type ImportReport struct {
	Total     int        `json:"total"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
}

// RowError is one refused line. Line counts from 1 at the header; Field is the
// column at fault (canonical name, e.g. "full_name"), if one is; Key is a stable
// message key to translate, with Args filling its verbs; Message is the English text.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Key     string `json:"key"`
	Message string `json:"message"`
	Args    []any  `json:"args,omitempty"`
}

// ImportUsers creates or updates users from a CSV file. Columns (header names in any
// order and case, Vietnamese names accepted): person_id, full_name, school_code;
// optional username, email, roles (student, teacher, librarian, reviewer, parent,
// school_admin separated by ';', '|' or spaces; default student), locale (vi, en)
// and password.
//
// A new person is created as CreateUser would. A known person ID updates the name,
// and the email and locale when the line gives them, and adds the roles it lacks at
// the school (never removes one); username and password apply only to new users, so
// re-running a file never resets a password.
func (s *Service) ImportUsers(ctx context.Context, a *Actor, r io.Reader) (*ImportReport, error) {
	f, err := parseCSV(r, userColumns)
	if err != nil {
		return nil, err
	}
	orgs := &orgCache{s: s, byCode: map[string]*Org{}}
	seen := map[string]int{}
	return s.runImport(ctx, a, "import.users", f, userFieldNames, func(ctx context.Context, row csvRow) (rowOutcome, error) {
		pid := f.value(row, "person_id")
		if first, dup := seen[pid]; dup {
			return 0, fault.Invalid("person_id", "import.duplicate", "Duplicate of line %d (same person ID).", first)
		}
		if pid != "" {
			seen[pid] = row.line
		}
		return s.importUser(ctx, a, f, row, orgs)
	})
}

// ImportRoster puts people into classes from a CSV file, creating the classes it
// names. Columns: school_code, class, school_year, person_id; optional grade (1-12),
// class_role (student, teacher, homeroom; default student) and subject. The person
// must already be a user of that school.
func (s *Service) ImportRoster(ctx context.Context, a *Actor, r io.Reader) (*ImportReport, error) {
	f, err := parseCSV(r, rosterColumns)
	if err != nil {
		return nil, err
	}
	orgs := &orgCache{s: s, byCode: map[string]*Org{}}
	seen := map[string]int{}
	return s.runImport(ctx, a, "import.roster", f, rosterFieldNames, func(ctx context.Context, row csvRow) (rowOutcome, error) {
		role := strings.Join(strings.Fields(strings.ToLower(f.value(row, "class_role"))), " ")
		if r, ok := importClassRoles[role]; ok {
			role = r
		}
		key := strings.ToLower(strings.Join([]string{f.value(row, "school_code"), f.value(row, "class"),
			f.value(row, "school_year"), f.value(row, "person_id"), role}, "\x00"))
		if first, dup := seen[key]; dup {
			return 0, fault.Invalid("person_id", "import.duplicate_member", "Duplicate of line %d (same class, person and class role).", first)
		}
		seen[key] = row.line
		return s.importRosterRow(ctx, a, f, row, orgs)
	})
}

type rowOutcome int

const (
	rowUnchanged rowOutcome = iota
	rowCreated
	rowUpdated
)

// runImport applies every row, turns the errors that belong to a row into the
// report and records the import in the audit log. An error that is not the row's
// fault (the database is gone, the request was cancelled) stops the import; the rows
// applied so far stay, and the audit entry says how far it went.
func (s *Service) runImport(ctx context.Context, a *Actor, action string, f *csvFile, fields map[string]string,
	apply func(context.Context, csvRow) (rowOutcome, error)) (*ImportReport, error) {
	rep := &ImportReport{Total: len(f.rows) + len(f.bad), Errors: append([]RowError{}, f.bad...)}
	var stop error
	for _, row := range f.rows {
		if err := ctx.Err(); err != nil {
			stop = fmt.Errorf("identity: %s: before line %d: %w", action, row.line, err)
			break
		}
		out, err := apply(ctx, row)
		if err != nil {
			re, ok := reportable(row.line, err, fields)
			if !ok {
				stop = fmt.Errorf("identity: %s: line %d: %w", action, row.line, err)
				break
			}
			rep.Errors = append(rep.Errors, re)
			continue
		}
		switch out {
		case rowCreated:
			rep.Created++
		case rowUpdated:
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	slices.SortStableFunc(rep.Errors, func(x, y RowError) int { return cmp.Compare(x.Line, y.Line) })
	auditErr := s.auditImport(ctx, a, action, rep, stop != nil)
	if stop != nil {
		return nil, stop
	}
	if auditErr != nil {
		return nil, auditErr
	}
	return rep, nil
}

// auditImport writes the one entry of an import: counts only, never a row's content
// (a password column must not reach the log). It is written even when the request
// was cancelled, since rows were changed.
func (s *Service) auditImport(ctx context.Context, a *Actor, action string, rep *ImportReport, interrupted bool) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var org *int64
	if a != nil && a.User.HomeOrgID != 0 {
		org = &a.User.HomeOrgID
	}
	detail := map[string]any{"total": rep.Total, "created": rep.Created, "updated": rep.Updated,
		"unchanged": rep.Unchanged, "errors": len(rep.Errors)}
	if interrupted {
		detail["interrupted"] = true
	}
	return audit(ctx, s.db, a, action, "csv", org, detail)
}

// refusal is a row the actor may not import, with the reason the report shows. It is
// ErrForbidden to errors.Is, so it is never mistaken for bad input elsewhere.
type refusal struct{ v fault.ValidationError }

func (r *refusal) Error() string { return r.v.Error() }
func (r *refusal) Unwrap() error { return ErrForbidden }

func refuse(field, key, message string, args ...any) error {
	return &refusal{fault.ValidationError{Field: field, Key: key, Message: message, Args: args}}
}

// reportable turns the failure of one row into its line of the report, or says that
// the failure is not the row's fault.
func reportable(line int, err error, fields map[string]string) (RowError, bool) {
	from := func(v *fault.ValidationError) RowError {
		field := v.Field
		if f, ok := fields[field]; ok {
			field = f
		}
		return RowError{Line: line, Field: field, Key: v.Key, Message: fmt.Sprintf(v.Message, v.Args...), Args: v.Args}
	}
	var rf *refusal
	if errors.As(err, &rf) {
		return from(&rf.v), true
	}
	if v, ok := fault.AsValidation(err); ok {
		return from(v), true
	}
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, ErrForbidden):
		return RowError{Line: line, Key: "import.forbidden", Message: "You are not allowed to make this change."}, true
	case errors.Is(err, ErrNotFound):
		return RowError{Line: line, Key: "import.not_found", Message: "Something this line refers to does not exist (any more)."}, true
	case errors.Is(err, ErrConflict), errors.As(err, &pe) && strings.HasPrefix(pe.Code, "23"):
		return RowError{Line: line, Key: "import.conflict", Message: "This line conflicts with data already stored; check it and import again."}, true
	}
	return RowError{}, false
}

// userFieldNames and rosterFieldNames rename the fields of the domain's validation
// errors to the columns of the file.
var (
	userFieldNames   = map[string]string{"name": "full_name", "role": "roles", "org_id": "school_code"}
	rosterFieldNames = map[string]string{"name": "class", "role": "class_role", "user": "person_id", "org_id": "school_code"}
)

// orgCache looks each school code of a file up once.
type orgCache struct {
	s      *Service
	byCode map[string]*Org // nil: no such code
}

// school returns the school with the code, matching the case as typed first.
func (c *orgCache) school(ctx context.Context, code string) (*Org, error) {
	if code == "" {
		return nil, fault.Invalid("school_code", "import.school_required", "The school code is required.")
	}
	o, ok := c.byCode[code]
	if !ok {
		var err error
		if o, err = c.lookup(ctx, code); err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		c.byCode[code] = o
	}
	if o == nil {
		return nil, fault.Invalid("school_code", "import.school", "Unknown school code %s.", code)
	}
	if o.Kind != KindSchool {
		return nil, fault.Invalid("school_code", "import.not_school", "%s is a %s, not a school.", code, o.Kind)
	}
	return o, nil
}

func (c *orgCache) lookup(ctx context.Context, code string) (*Org, error) {
	o, err := c.s.OrgByCode(ctx, code)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return o, err
	}
	rows, err := c.s.db.Query(ctx, `SELECT `+orgColumns+` FROM organizations WHERE lower(code) = lower($1) LIMIT 2`, code)
	if err != nil {
		return nil, fmt.Errorf("identity: import: org %s: %w", code, err)
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Org, error) { return scanOrg(r) })
	if err != nil {
		return nil, fmt.Errorf("identity: import: org %s: %w", code, err)
	}
	if len(found) != 1 { // unknown, or ambiguous without the exact case
		return nil, fmt.Errorf("identity: import: org %s: %w", code, ErrNotFound)
	}
	return found[0], nil
}

// importRoleNames are the roles a file may give, by their names and Vietnamese names.
// District and city administrators are appointed one by one, never by a file.
var importRoleNames = map[string]Role{
	"student": RoleStudent, "học sinh": RoleStudent, "hs": RoleStudent,
	"teacher": RoleTeacher, "giáo viên": RoleTeacher, "gv": RoleTeacher,
	"librarian": RoleLibrarian, "thủ thư": RoleLibrarian,
	"reviewer": RoleReviewer, "thẩm định": RoleReviewer,
	"parent": RoleParent, "phụ huynh": RoleParent,
	"school_admin": RoleSchoolAdmin, "school admin": RoleSchoolAdmin, "quản trị trường": RoleSchoolAdmin,
}

// parseImportRoles reads a roles cell: roles separated by ';', '|', ',' or spaces.
func parseImportRoles(cell string) ([]Role, error) {
	var roles []Role
	add := func(r Role) {
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	for _, part := range strings.FieldsFunc(cell, func(r rune) bool { return r == ';' || r == '|' || r == ',' }) {
		key := strings.Join(strings.Fields(strings.ToLower(part)), " ")
		if r, ok := importRoleNames[key]; ok {
			add(r)
			continue
		}
		for _, word := range strings.Fields(key) {
			r, ok := importRoleNames[word]
			if !ok {
				return nil, fault.Invalid("roles", "import.role", "Unknown role %s: use student, teacher, librarian, reviewer, parent or school_admin.", word)
			}
			add(r)
		}
	}
	if len(roles) == 0 {
		roles = []Role{RoleStudent}
	}
	return roles, nil
}

// importLocale accepts the usual spellings of the two interface languages.
func importLocale(cell string) string {
	switch k := strings.ToLower(cell); k {
	case "vi", "vi-vn", "vi_vn", "vie", "vietnamese", "tiếng việt":
		return "vi"
	case "en", "en-us", "en-gb", "en_us", "en_gb", "eng", "english", "tiếng anh":
		return "en"
	default:
		return k // NewUser.normalize refuses it
	}
}

// importUser applies one line of a users file.
func (s *Service) importUser(ctx context.Context, a *Actor, f *csvFile, row csvRow, orgs *orgCache) (rowOutcome, error) {
	roles, err := parseImportRoles(f.value(row, "roles"))
	if err != nil {
		return 0, err
	}
	n := NewUser{PersonID: f.value(row, "person_id"), Username: f.value(row, "username"), Email: f.value(row, "email"),
		Name: strings.Join(strings.Fields(f.value(row, "full_name")), " "), Locale: importLocale(f.value(row, "locale")),
		Roles: roles, Password: f.value(row, "password")}
	emailGiven, localeGiven := n.Email != "", n.Locale != ""
	if err := n.normalize(); err != nil {
		return 0, err
	}
	org, err := orgs.school(ctx, f.value(row, "school_code"))
	if err != nil {
		return 0, err
	}
	if !a.Can(ActionManageUsers, org.Path) {
		return 0, refuse("school_code", "import.forbidden_school", "You do not administer %s.", org.Code)
	}
	for _, r := range n.Roles {
		if !a.mayGrant(r, org.Path) {
			return 0, refuse("roles", "import.forbidden_role", "You may not give the role %s at %s.", r, org.Code)
		}
	}
	var id, home int64
	var homePath []int64
	err = s.db.QueryRow(ctx, `SELECT u.id, u.home_org_id, o.path FROM users u JOIN organizations o ON o.id = u.home_org_id
		WHERE u.person_id = $1`, n.PersonID).Scan(&id, &home, &homePath)
	if errors.Is(err, pgx.ErrNoRows) {
		n.OrgID = org.ID
		if _, err := s.CreateUser(ctx, a, n); err != nil {
			return 0, err
		}
		return rowCreated, nil
	}
	if err != nil {
		return 0, fmt.Errorf("identity: import user %s: %w", n.PersonID, err)
	}
	// The rules of AssignRole: the actor manages the person's home school.
	if !a.Can(ActionManageUsers, homePath) {
		return 0, refuse("person_id", "import.forbidden_person", "The person ID %s belongs to a school you do not administer.", n.PersonID)
	}
	if !emailGiven {
		n.Email = ""
	}
	if !localeGiven {
		n.Locale = ""
	}
	return s.updateImportedUser(ctx, a, id, home, org, n)
}

// updateImportedUser brings a known user in line with a line of the file, in one
// transaction, auditing each change as the one-at-a-time calls do. Empty Email or
// Locale keep what is stored.
func (s *Service) updateImportedUser(ctx context.Context, a *Actor, id, home int64, org *Org, n NewUser) (rowOutcome, error) {
	out := rowUnchanged
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var username, name, email, locale string
		err := tx.QueryRow(ctx, `SELECT username, full_name, COALESCE(email, ''), locale FROM users WHERE id = $1 FOR UPDATE`, id).
			Scan(&username, &name, &email, &locale)
		if err != nil {
			return notFound(err, "import user "+n.PersonID)
		}
		var changed []string
		if n.Name != name {
			name, changed = n.Name, append(changed, "full_name")
		}
		if n.Email != "" && n.Email != email {
			email, changed = n.Email, append(changed, "email")
		}
		if n.Locale != "" && n.Locale != locale {
			locale, changed = n.Locale, append(changed, "locale")
		}
		if len(changed) > 0 {
			_, err := tx.Exec(ctx, `UPDATE users SET full_name = $2, email = NULLIF($3, ''), locale = $4, updated_at = now() WHERE id = $1`,
				id, name, email, locale)
			if _, dup := isUniqueViolation(err); dup {
				return fault.Invalid("email", "user.email_taken", "Another user already has this email address.")
			} else if err != nil {
				return fmt.Errorf("identity: import update user: %w", err)
			}
			if err := audit(ctx, tx, a, "user.update", "user:"+username, &home, map[string]any{"person_id": n.PersonID, "changed": changed}); err != nil {
				return err
			}
			out = rowUpdated
		}
		for _, r := range n.Roles {
			tag, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, id, org.ID, r)
			if err != nil {
				return fmt.Errorf("identity: import grant role: %w", err)
			}
			if tag.RowsAffected() == 0 {
				continue
			}
			if err := audit(ctx, tx, a, "role.grant", fmt.Sprintf("user:%d", id), &org.ID, map[string]any{"role": r, "org": org.Code}); err != nil {
				return err
			}
			out = rowUpdated
		}
		return nil
	})
	return out, err
}

// importClassRoles are the class roles by their names and Vietnamese names.
var importClassRoles = map[string]string{
	"": "student", "student": "student", "học sinh": "student", "hs": "student",
	"teacher": "teacher", "giáo viên": "teacher", "giáo viên bộ môn": "teacher", "gv": "teacher", "gvbm": "teacher",
	"homeroom": "homeroom", "chủ nhiệm": "homeroom", "giáo viên chủ nhiệm": "homeroom", "gvcn": "homeroom",
}

// importRosterRow applies one line of a roster file: the class is found or created
// and the person added to it in one transaction, under the rules of CreateClass and
// AddClassMember.
func (s *Service) importRosterRow(ctx context.Context, a *Actor, f *csvFile, row csvRow, orgs *orgCache) (rowOutcome, error) {
	org, err := orgs.school(ctx, f.value(row, "school_code"))
	if err != nil {
		return 0, err
	}
	if !a.Can(ActionManageUsers, org.Path) {
		return 0, refuse("school_code", "import.forbidden_school", "You do not administer %s.", org.Code)
	}
	nc := NewClass{OrgID: org.ID, Name: f.value(row, "class"), SchoolYear: f.value(row, "school_year")}
	if g := f.value(row, "grade"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			return 0, fault.Invalid("grade", "class.grade", "The grade must be from 1 to 12.")
		}
		nc.Grade = &n
	}
	if err := nc.normalize(); err != nil {
		return 0, err
	}
	role, ok := importClassRoles[strings.Join(strings.Fields(strings.ToLower(f.value(row, "class_role"))), " ")]
	if !ok {
		return 0, fault.Invalid("class_role", "class.role", "The class role must be student, teacher or homeroom.")
	}
	pid := f.value(row, "person_id")
	if pid == "" {
		return 0, fault.Invalid("person_id", "user.person_id", "The person ID is required (at most 64 characters, no spaces).")
	}
	var userID, home int64
	err = s.db.QueryRow(ctx, `SELECT id, home_org_id FROM users WHERE person_id = $1`, pid).Scan(&userID, &home)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fault.Invalid("person_id", "import.unknown_person", "No user has the person ID %s; import the users first.", pid)
	} else if err != nil {
		return 0, fmt.Errorf("identity: import roster %s: %w", pid, err)
	}
	if home != org.ID {
		return 0, fault.Invalid("person_id", "class.other_school", "This person belongs to another school.")
	}
	out := rowUnchanged
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		classID, classOut, err := importClass(ctx, tx, a, org, nc)
		if err != nil {
			return err
		}
		memberOut, err := importClassMember(ctx, tx, a, org, classID, userID, role, f.value(row, "subject"))
		if err != nil {
			return err
		}
		switch {
		case classOut == rowCreated || memberOut == rowCreated:
			out = rowCreated
		case classOut == rowUpdated || memberOut == rowUpdated:
			out = rowUpdated
		}
		return nil
	})
	return out, err
}

// importClass finds the class of a roster line (the name matched without regard to
// case, so "10a1" is 10A1) or creates it.
func importClass(ctx context.Context, tx pgx.Tx, a *Actor, org *Org, nc NewClass) (int64, rowOutcome, error) {
	var id int64
	var grade *int
	err := tx.QueryRow(ctx, `SELECT id, grade FROM classes WHERE org_id = $1 AND lower(name) = lower($2) AND school_year = $3
		ORDER BY name = $2 DESC, id LIMIT 1 FOR UPDATE`, org.ID, nc.Name, nc.SchoolYear).Scan(&id, &grade)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err := tx.QueryRow(ctx, `INSERT INTO classes (org_id, name, school_year, grade) VALUES ($1, $2, $3, $4) RETURNING id`,
			org.ID, nc.Name, nc.SchoolYear, nc.Grade).Scan(&id)
		if _, dup := isUniqueViolation(err); dup {
			return 0, 0, fault.Invalid("name", "class.taken", "The school already has a class %s in %s.", nc.Name, nc.SchoolYear)
		} else if err != nil {
			return 0, 0, fmt.Errorf("identity: import create class: %w", err)
		}
		return id, rowCreated, audit(ctx, tx, a, "class.create", fmt.Sprintf("class:%d", id), &org.ID,
			map[string]any{"name": nc.Name, "school_year": nc.SchoolYear})
	case err != nil:
		return 0, 0, fmt.Errorf("identity: import find class: %w", err)
	case nc.Grade == nil || (grade != nil && *grade == *nc.Grade):
		return id, rowUnchanged, nil
	case grade != nil:
		return 0, 0, fault.Invalid("grade", "import.grade_mismatch", "Class %s of %s is grade %d, not %d.", nc.Name, nc.SchoolYear, *grade, *nc.Grade)
	}
	if _, err := tx.Exec(ctx, `UPDATE classes SET grade = $2 WHERE id = $1`, id, *nc.Grade); err != nil {
		return 0, 0, fmt.Errorf("identity: import class grade: %w", err)
	}
	return id, rowUpdated, nil
}

// importClassMember adds the person in the role, or updates the subject a teacher
// teaches when the line names another one.
func importClassMember(ctx context.Context, tx pgx.Tx, a *Actor, org *Org, classID, userID int64, role, subject string) (rowOutcome, error) {
	var stored string
	err := tx.QueryRow(ctx, `SELECT subject FROM class_members WHERE class_id = $1 AND user_id = $2 AND role = $3 FOR UPDATE`,
		classID, userID, role).Scan(&stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if _, err := tx.Exec(ctx, `INSERT INTO class_members (class_id, user_id, role, subject) VALUES ($1, $2, $3, $4)`,
			classID, userID, role, subject); err != nil {
			return 0, fmt.Errorf("identity: import add class member: %w", err)
		}
		return rowCreated, audit(ctx, tx, a, "class.member.add", fmt.Sprintf("class:%d", classID), &org.ID,
			map[string]any{"user_id": userID, "role": role})
	case err != nil:
		return 0, fmt.Errorf("identity: import find class member: %w", err)
	case subject == "" || subject == stored:
		return rowUnchanged, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE class_members SET subject = $4 WHERE class_id = $1 AND user_id = $2 AND role = $3`,
		classID, userID, role, subject); err != nil {
		return 0, fmt.Errorf("identity: import class member subject: %w", err)
	}
	return rowUpdated, audit(ctx, tx, a, "class.member.update", fmt.Sprintf("class:%d", classID), &org.ID,
		map[string]any{"user_id": userID, "role": role, "subject": subject})
}

// The parsing half: bytes in, rows out, no database.

// importColumn is a column an import understands, with the header names that mean it.
type importColumn struct {
	name     string
	required bool
	aliases  []string
}

// columnSet is the columns of one kind of file, by normalized header name.
type columnSet struct {
	cols  []importColumn
	byKey map[string]string
}

func newColumnSet(cols ...importColumn) columnSet {
	set := columnSet{cols: cols, byKey: map[string]string{}}
	for _, c := range cols {
		set.byKey[headerKey(c.name)] = c.name
		for _, a := range c.aliases {
			set.byKey[headerKey(a)] = c.name
		}
	}
	return set
}

var (
	personIDColumn   = importColumn{"person_id", true, []string{"person id", "mã định danh", "ma dinh danh", "mã định danh cá nhân", "số định danh", "mã học sinh", "ma hoc sinh", "mã số"}}
	schoolCodeColumn = importColumn{"school_code", true, []string{"school", "mã trường", "ma truong", "mã đơn vị"}}

	userColumns = newColumnSet(
		personIDColumn,
		importColumn{"full_name", true, []string{"name", "full name", "họ và tên", "họ tên", "ho va ten", "ho ten"}},
		schoolCodeColumn,
		importColumn{"username", false, []string{"user name", "login", "tên đăng nhập", "ten dang nhap", "tài khoản", "tai khoan"}},
		importColumn{"email", false, []string{"e-mail", "thư điện tử", "thu dien tu"}},
		importColumn{"roles", false, []string{"role", "vai trò", "vai tro"}},
		importColumn{"locale", false, []string{"language", "ngôn ngữ", "ngon ngu"}},
		importColumn{"password", false, []string{"mật khẩu", "mat khau"}},
	)
	rosterColumns = newColumnSet(
		schoolCodeColumn,
		importColumn{"class", true, []string{"class name", "lớp", "lop", "tên lớp", "ten lop"}},
		importColumn{"school_year", true, []string{"year", "năm học", "nam hoc"}},
		personIDColumn,
		importColumn{"grade", false, []string{"khối", "khoi", "khối lớp"}},
		importColumn{"class_role", false, []string{"role", "vai trò", "vai tro", "vai trò trong lớp"}},
		importColumn{"subject", false, []string{"môn", "mon", "môn học", "mon hoc"}},
	)
)

// headerKey normalizes a header cell: case, spaces, '_' or '-' between words, and a
// trailing "*" or "(hint)" do not matter.
func headerKey(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '*' || r == ':' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// csvFile is a decoded file: where each known column is, and the data rows.
type csvFile struct {
	cols  map[string]int // canonical column name -> index
	width int            // fields in the header
	rows  []csvRow
	bad   []RowError // lines that could not be split into fields
}

// csvRow is one data line, its fields trimmed and in NFC.
type csvRow struct {
	line   int
	fields []string
}

// value is the cell of a column, "" when the file has no such column.
func (f *csvFile) value(r csvRow, col string) string {
	if i, ok := f.cols[col]; ok && i < len(r.fields) {
		return r.fields[i]
	}
	return ""
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// parseCSV reads a whole file: UTF-8 (BOM or not) or UTF-16 with a BOM; fields
// separated by ',' or ';' (or tab), detected from the header line, or by an Excel
// "sep=" first line. Every cell is trimmed and normalized to NFC. Lines that cannot be
// split are kept as errors of their line; anything wrong with the file as a whole is a
// fault.ValidationError before a single row is looked at.
func parseCSV(r io.Reader, set columnSet) (*csvFile, error) {
	raw, err := io.ReadAll(io.LimitReader(r, importMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("identity: read csv: %w", err)
	}
	if len(raw) > importMaxBytes {
		return nil, fault.Invalid("file", "import.too_large", "The file is larger than %d MiB; split it.", importMaxBytes>>20)
	}
	text, err := decodeText(raw)
	if err != nil {
		return nil, err
	}
	offset, comma := 0, rune(0)
	if first, rest, _ := bytes.Cut(text, []byte{'\n'}); len(bytes.TrimRight(first, "\r")) == 5 &&
		strings.EqualFold(string(first[:4]), "sep=") && bytes.ContainsAny(first[4:5], ",;\t|") {
		offset, comma, text = 1, rune(first[4]), rest
	}
	if comma == 0 {
		comma = sniffDelimiter(text)
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma, cr.FieldsPerRecord = comma, -1
	cr.TrimLeadingSpace = comma != '\t' // a tab would be taken for the space before an empty field
	f, err := readHeader(cr, set)
	if err != nil {
		return nil, err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			f.bad = append(f.bad, quoteError(pe, offset))
		case err != nil:
			return nil, fault.Invalid("file", "import.broken", "The file cannot be read as CSV: %v", err.Error())
		default:
			line, _ := cr.FieldPos(0)
			f.addRow(line+offset, rec, comma)
		}
		if len(f.rows)+len(f.bad) > importMaxRows {
			return nil, fault.Invalid("file", "import.too_many", "The file has more than %d rows; split it.", importMaxRows)
		}
	}
}

// decodeText returns the file as UTF-8 without a BOM, or says which encoding to use.
func decodeText(raw []byte) ([]byte, error) {
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		// UseBOM picks little or big endian from the BOM and drops it.
		out, _, err := transform.Bytes(unicodeenc.UTF16(unicodeenc.LittleEndian, unicodeenc.UseBOM).NewDecoder(), raw)
		if err != nil {
			return nil, fault.Invalid("file", "import.encoding", "The file is not valid UTF-16.")
		}
		raw = out
	}
	raw = bytes.TrimPrefix(raw, utf8BOM)
	if line := firstInvalidLine(raw); line > 0 {
		return nil, fault.Invalid("file", "import.not_utf8", "The file is not UTF-8 (line %d): save it as \"CSV UTF-8\".", line)
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, fault.Invalid("file", "import.binary", "The file is not a text CSV (it holds NUL bytes; UTF-16 without a byte order mark?): save it as \"CSV UTF-8\".")
	}
	if bytes.IndexByte(raw, '\n') < 0 { // old Mac line ends
		raw = bytes.ReplaceAll(raw, []byte{'\r'}, []byte{'\n'})
	}
	return raw, nil
}

// firstInvalidLine is the line of the first byte that is not UTF-8, or 0.
func firstInvalidLine(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	line := 1
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[n:]
	}
	return line
}

// sniffDelimiter picks the separator the first non-blank line uses most, outside
// quotes: Excel writes ';' where the decimal mark is ',' (Vietnamese settings).
func sniffDelimiter(text []byte) rune {
	var header []byte
	for len(header) == 0 && len(text) > 0 {
		header, text, _ = bytes.Cut(text, []byte{'\n'})
		header = bytes.TrimSpace(header)
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(header) {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// readHeader maps the header's cells to the columns of set and checks that every
// required column is there.
func readHeader(cr *csv.Reader, set columnSet) (*csvFile, error) {
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fault.Invalid("file", "import.empty", "The file has no header row.")
	}
	if err != nil {
		return nil, fault.Invalid("file", "import.broken", "The file cannot be read as CSV: %v", "the header row has misplaced quotes")
	}
	f := &csvFile{cols: map[string]int{}, width: len(head)}
	for i, h := range head {
		name, ok := set.byKey[headerKey(h)]
		if !ok {
			continue // extra columns (row numbers, notes) are allowed
		}
		if _, dup := f.cols[name]; dup {
			return nil, fault.Invalid("file", "import.duplicate_column", "The header names the column %s twice.", name)
		}
		f.cols[name] = i
	}
	var missing []string
	for _, c := range set.cols {
		if _, ok := f.cols[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return nil, fault.Invalid("file", "import.columns", "Missing columns: %s.", strings.Join(missing, ", "))
	}
	return f, nil
}

// addRow keeps a data line, or reports it when its fields do not line up with the
// header. Empty lines (Excel writes ";;;" for them) are skipped; empty cells past the
// header's last column are dropped.
func (f *csvFile) addRow(line int, rec []string, comma rune) {
	blank := true
	for i, v := range rec {
		rec[i] = norm.NFC.String(strings.TrimSpace(v))
		blank = blank && rec[i] == ""
	}
	if blank {
		return
	}
	for len(rec) > f.width && rec[len(rec)-1] == "" {
		rec = rec[:len(rec)-1]
	}
	if len(rec) != f.width {
		f.bad = append(f.bad, fieldCountError(line, len(rec), f.width, comma))
		return
	}
	for name, i := range f.cols {
		if strings.ContainsFunc(rec[i], unicode.IsControl) {
			f.bad = append(f.bad, RowError{Line: line, Field: name, Key: "import.control", Args: []any{name},
				Message: fmt.Sprintf("The %s cell holds a line break or another control character.", name)})
			return
		}
	}
	f.rows = append(f.rows, csvRow{line: line, fields: rec})
}

func fieldCountError(line, got, want int, comma rune) RowError {
	sep := string(comma)
	if comma == '\t' {
		sep = "tab"
	}
	return RowError{Line: line, Key: "import.field_count", Args: []any{got, want, sep},
		Message: fmt.Sprintf("This line has %d columns but the header has %d: check for a missing or extra %q, or put a cell that contains one in quotes.", got, want, sep)}
}

// quoteError explains a line the CSV reader could not split.
func quoteError(pe *csv.ParseError, offset int) RowError {
	line := pe.StartLine + offset
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return RowError{Line: line, Key: "import.bare_quote",
			Message: `A quote (") is inside a cell that does not start with one: put the cell in quotes and write the quote twice ("").`}
	case errors.Is(pe.Err, csv.ErrQuote) && pe.Line > pe.StartLine:
		return RowError{Line: line, Key: "import.unclosed_quote", Args: []any{pe.Line + offset},
			Message: fmt.Sprintf(`A quote (") opened on this line is still open at line %d: the lines in between were not imported.`, pe.Line+offset)}
	default:
		return RowError{Line: line, Key: "import.quote", Message: `A quoted cell has text after its closing quote (").`}
	}
}
