package identity

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Import limits: a school's roster fits easily; a bigger file is split by the admin.
const (
	importMaxBytes = 10 << 20
	importMaxRows  = 20000
)

// ImportReport says what an import did, row by row for the rows it refused.
type ImportReport struct {
	Total     int        `json:"total"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
}

// RowError is one refused row: Line is the line in the file (the header is line 1).
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// csvTable is a decoded CSV file: the header's column positions and the rows with
// their line numbers.
type csvTable struct {
	cols map[string]int
	rows [][]string
	line []int
	bad  []RowError // rows that could not even be split into fields
}

func (t *csvTable) get(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// columnAliases maps accepted header names (lower-case, Vietnamese too) to columns.
var columnAliases = map[string]string{
	"person_id": "person_id", "mã định danh": "person_id", "ma dinh danh": "person_id", "mã học sinh": "person_id",
	"full_name": "full_name", "name": "full_name", "họ và tên": "full_name", "họ tên": "full_name", "ho va ten": "full_name",
	"username": "username", "tên đăng nhập": "username", "email": "email",
	"school_code": "school_code", "mã trường": "school_code", "ma truong": "school_code",
	"roles": "roles", "role": "roles", "vai trò": "roles", "locale": "locale", "password": "password", "mật khẩu": "password",
	"class": "class", "lớp": "class", "school_year": "school_year", "năm học": "school_year", "grade": "grade", "khối": "grade",
	"class_role": "class_role", "subject": "subject", "môn": "subject",
}

// parseCSV decodes an uploaded file: UTF-8 (BOM stripped) or UTF-16 with a BOM,
// comma or semicolon separated, normalized to NFC. required lists the columns that
// must be in the header.
func parseCSV(r io.Reader, required ...string) (*csvTable, error) {
	raw, err := io.ReadAll(io.LimitReader(r, importMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("identity: read csv: %w", err)
	}
	if len(raw) > importMaxBytes {
		return nil, fault.Invalid("file", "import.too_large", "The file is larger than %d MiB; split it.", importMaxBytes>>20)
	}
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		if raw, _, err = transform.Bytes(dec, raw); err != nil {
			return nil, fault.Invalid("file", "import.encoding", "The file is not valid UTF-16.")
		}
	}
	raw = bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
	if !utf8.Valid(raw) {
		line := 1 + bytes.Count(raw[:firstInvalid(raw)], []byte{'\n'})
		return nil, fault.Invalid("file", "import.not_utf8", "The file is not UTF-8 (line %d): save it as \"CSV UTF-8\".", line)
	}
	raw = norm.NFC.Bytes(raw)
	header, _, _ := bufio.NewReader(bytes.NewReader(raw)).ReadLine()
	cr := csv.NewReader(bytes.NewReader(raw))
	if strings.Count(string(header), ";") > strings.Count(string(header), ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	t := &csvTable{cols: map[string]int{}}
	head, err := cr.Read()
	if err != nil {
		return nil, fault.Invalid("file", "import.empty", "The file has no header row.")
	}
	for i, h := range head {
		if col, ok := columnAliases[strings.ToLower(strings.TrimSpace(h))]; ok {
			t.cols[col] = i
		}
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fault.Invalid("file", "import.columns", "Missing columns: %s.", strings.Join(missing, ", "))
	}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.bad = append(t.bad, RowError{Line: pe.StartLine, Message: pe.Err.Error()})
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					continue
				}
			}
			return nil, fault.Invalid("file", "import.broken", "The file cannot be read as CSV: %v", err)
		}
		line, _ := cr.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		if len(t.rows) >= importMaxRows {
			return nil, fault.Invalid("file", "import.too_many", "The file has more than %d rows; split it.", importMaxRows)
		}
		t.rows, t.line = append(t.rows, row), append(t.line, line)
	}
	return t, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// rowError turns a row's failure into what the report shows.
func rowError(line int, err error) RowError {
	if v, ok := fault.AsValidation(err); ok {
		return RowError{Line: line, Field: v.Field, Message: fmt.Sprintf(v.Message, v.Args...)}
	}
	if errors.Is(err, ErrForbidden) {
		return RowError{Line: line, Message: "You may not manage users of this school."}
	}
	if errors.Is(err, ErrNotFound) {
		return RowError{Line: line, Message: "Not found: " + err.Error()}
	}
	return RowError{Line: line, Message: "Could not save this row; try again."}
}

// ImportUsers creates or updates users from a CSV file (columns person_id, full_name,
// school_code; optional username, email, roles, locale, password). Each row is saved
// on its own, so bad rows are reported and good ones kept; running the same file
// again changes nothing.
func (s *Service) ImportUsers(ctx context.Context, a *Actor, r io.Reader) (*ImportReport, error) {
	t, err := parseCSV(r, "person_id", "full_name", "school_code")
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Total: len(t.rows) + len(t.bad), Errors: append([]RowError{}, t.bad...)}
	seen := map[string]int{}
	for i, row := range t.rows {
		line := t.line[i]
		pid := t.get(row, "person_id")
		if first, dup := seen[pid]; dup && pid != "" {
			rep.Errors = append(rep.Errors, RowError{Line: line, Field: "person_id", Message: fmt.Sprintf("Duplicate of line %d.", first)})
			continue
		}
		seen[pid] = line
		outcome, err := s.importUser(ctx, a, t, row)
		if err != nil {
			if !isRowError(err) {
				return nil, err
			}
			rep.Errors = append(rep.Errors, rowError(line, err))
			continue
		}
		switch outcome {
		case "created":
			rep.Created++
		case "updated":
			rep.Updated++
		default:
			rep.Unchanged++
		}
	}
	return rep, s.auditImport(ctx, a, "import.users", rep)
}

// isRowError: validation, permission and lookup failures belong to the row; anything
// else (the database is down) stops the import.
func isRowError(err error) bool {
	_, v := fault.AsValidation(err)
	return v || errors.Is(err, ErrForbidden) || errors.Is(err, ErrNotFound)
}

func splitRoles(s string) ([]Role, error) {
	var roles []Role
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ';' || r == '|' || r == ' ' || r == ',' }) {
		r := Role(f)
		if !r.Valid() {
			return nil, fault.Invalid("roles", "user.role", "Unknown role %s.", f)
		}
		roles = append(roles, r)
	}
	if len(roles) == 0 {
		roles = []Role{RoleStudent}
	}
	return roles, nil
}

func (s *Service) importUser(ctx context.Context, a *Actor, t *csvTable, row []string) (string, error) {
	org, err := s.OrgByCode(ctx, t.get(row, "school_code"))
	if err != nil {
		return "", fault.Invalid("school_code", "import.school", "Unknown school code %q.", t.get(row, "school_code"))
	}
	roles, err := splitRoles(t.get(row, "roles"))
	if err != nil {
		return "", err
	}
	n := NewUser{PersonID: t.get(row, "person_id"), Username: t.get(row, "username"), Email: t.get(row, "email"),
		Name: t.get(row, "full_name"), Locale: t.get(row, "locale"), OrgID: org.ID, Roles: roles, Password: t.get(row, "password")}
	if err := n.normalize(); err != nil {
		return "", err
	}
	var existing struct {
		id      int64
		name    string
		email   string
		locale  string
		homeOrg int64
	}
	err = s.db.QueryRow(ctx, `SELECT id, full_name, COALESCE(email, ''), locale, home_org_id FROM users WHERE person_id = $1`, n.PersonID).
		Scan(&existing.id, &existing.name, &existing.email, &existing.locale, &existing.homeOrg)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err := s.CreateUser(ctx, a, n)
		return "created", err
	}
	if err != nil {
		return "", fmt.Errorf("identity: import user: %w", err)
	}
	home, err := s.Org(ctx, existing.homeOrg)
	if err != nil {
		return "", err
	}
	if err := a.Require(ActionManageUsers, home.Path); err != nil {
		return "", err
	}
	changed := false
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if existing.name != n.Name || existing.email != n.Email || existing.locale != n.Locale {
			var email *string
			if n.Email != "" {
				email = &n.Email
			}
			if _, err := tx.Exec(ctx, `UPDATE users SET full_name = $2, email = $3, locale = $4, updated_at = now() WHERE id = $1`,
				existing.id, n.Name, email, n.Locale); err != nil {
				if _, dup := isUniqueViolation(err); dup {
					return fault.Invalid("email", "user.taken", "Another user already has this %s.", "email")
				}
				return fmt.Errorf("identity: import update: %w", err)
			}
			changed = true
		}
		for _, r := range n.Roles {
			if !a.mayGrant(r, org.Path) {
				return fmt.Errorf("identity: grant %s: %w", r, ErrForbidden)
			}
			tag, err := tx.Exec(ctx, `INSERT INTO role_assignments (user_id, org_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, existing.id, org.ID, r)
			if err != nil {
				return fmt.Errorf("identity: import role: %w", err)
			}
			changed = changed || tag.RowsAffected() > 0
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if changed {
		return "updated", nil
	}
	return "unchanged", nil
}

// ImportRoster creates classes as needed and adds members from a CSV file (columns
// school_code, class, school_year, person_id; optional grade, class_role, subject).
func (s *Service) ImportRoster(ctx context.Context, a *Actor, r io.Reader) (*ImportReport, error) {
	t, err := parseCSV(r, "school_code", "class", "school_year", "person_id")
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Total: len(t.rows) + len(t.bad), Errors: append([]RowError{}, t.bad...)}
	for i, row := range t.rows {
		outcome, err := s.importRosterRow(ctx, a, t, row)
		if err != nil {
			if !isRowError(err) {
				return nil, err
			}
			rep.Errors = append(rep.Errors, rowError(t.line[i], err))
			continue
		}
		if outcome == "created" {
			rep.Created++
		} else {
			rep.Unchanged++
		}
	}
	return rep, s.auditImport(ctx, a, "import.roster", rep)
}

func (s *Service) importRosterRow(ctx context.Context, a *Actor, t *csvTable, row []string) (string, error) {
	org, err := s.OrgByCode(ctx, t.get(row, "school_code"))
	if err != nil {
		return "", fault.Invalid("school_code", "import.school", "Unknown school code %q.", t.get(row, "school_code"))
	}
	if err := a.Require(ActionManageUsers, org.Path); err != nil {
		return "", err
	}
	nc := NewClass{OrgID: org.ID, Name: t.get(row, "class"), SchoolYear: t.get(row, "school_year")}
	if g := t.get(row, "grade"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			return "", fault.Invalid("grade", "class.grade", "The grade must be from 1 to 12.")
		}
		nc.Grade = &n
	}
	if err := nc.normalize(); err != nil {
		return "", err
	}
	var classID int64
	err = s.db.QueryRow(ctx, `SELECT id FROM classes WHERE org_id = $1 AND name = $2 AND school_year = $3`, org.ID, nc.Name, nc.SchoolYear).Scan(&classID)
	if errors.Is(err, pgx.ErrNoRows) {
		c, err := s.CreateClass(ctx, a, nc)
		if err != nil {
			return "", err
		}
		classID = c.ID
	} else if err != nil {
		return "", fmt.Errorf("identity: import roster: %w", err)
	}
	var userID int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM users WHERE person_id = $1`, t.get(row, "person_id")).Scan(&userID); err != nil {
		return "", fault.Invalid("person_id", "import.person", "No user has person ID %q; import the users first.", t.get(row, "person_id"))
	}
	role := strings.ToLower(t.get(row, "class_role"))
	if role == "" {
		role = "student"
	}
	var exists bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM class_members WHERE class_id = $1 AND user_id = $2 AND role = $3)`,
		classID, userID, role).Scan(&exists); err != nil {
		return "", fmt.Errorf("identity: import roster: %w", err)
	}
	if exists {
		return "unchanged", nil
	}
	return "created", s.AddClassMember(ctx, a, classID, userID, role, t.get(row, "subject"))
}

func (s *Service) auditImport(ctx context.Context, a *Actor, action string, rep *ImportReport) error {
	var org *int64
	if a.User.HomeOrgID != 0 {
		org = &a.User.HomeOrgID
	}
	return audit(ctx, s.db, a, action, "csv", org, map[string]any{"total": rep.Total, "created": rep.Created,
		"updated": rep.Updated, "unchanged": rep.Unchanged, "errors": len(rep.Errors)})
}
