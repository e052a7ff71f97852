package identity_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

var update = flag.Bool("update", false, "rewrite the golden import reports under testdata/import")

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// golden compares a report with testdata/import/<name> (go test -update rewrites it).
func golden(t *testing.T, name string, rep *identity.ImportReport) {
	t.Helper()
	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "import", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := testdata(t, name); !bytes.Equal(got, want) {
		t.Errorf("report differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

// countAudit counts audit entries whose action matches one of the LIKE patterns.
func countAudit(t *testing.T, pool *pgxpool.Pool, patterns ...string) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action LIKE ANY ($1)`, patterns).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// storedUser is what the database holds of a person, roles as "role@ORGCODE".
type storedUser struct {
	Name, Email, Locale, School string
	Roles                       []string
}

func userByPersonID(t *testing.T, pool *pgxpool.Pool, personID string) (storedUser, bool) {
	t.Helper()
	var u storedUser
	err := pool.QueryRow(context.Background(), `
		SELECT u.full_name, COALESCE(u.email, ''), u.locale, o.code,
		       COALESCE(array_agg(r.role || '@' || ro.code ORDER BY r.role, ro.code) FILTER (WHERE r.role IS NOT NULL), '{}')
		FROM users u JOIN organizations o ON o.id = u.home_org_id
		LEFT JOIN role_assignments r ON r.user_id = u.id LEFT JOIN organizations ro ON ro.id = r.org_id
		WHERE u.person_id = $1 GROUP BY u.id, o.code`, personID).Scan(&u.Name, &u.Email, &u.Locale, &u.School, &u.Roles)
	if err != nil {
		return u, false
	}
	return u, true
}

func checkTotals(t *testing.T, rep *identity.ImportReport, created, updated, unchanged, errs int) {
	t.Helper()
	if rep.Created != created || rep.Updated != updated || rep.Unchanged != unchanged || len(rep.Errors) != errs ||
		rep.Total != rep.Created+rep.Updated+rep.Unchanged+len(rep.Errors) {
		t.Fatalf("report %d created, %d updated, %d unchanged, %d errors of %d; want %d, %d, %d, %d; errors %+v",
			rep.Created, rep.Updated, rep.Unchanged, len(rep.Errors), rep.Total, created, updated, unchanged, errs, rep.Errors)
	}
}

// The mixed file is what a district office sends: Vietnamese names (two typed
// decomposed), good lines and every common mistake. See the golden report for the
// line-by-line verdict.
func TestImportUsersMixedFile(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "district.admin")
	data := testdata(t, "users_mixed.csv")
	if norm.NFC.IsNormal(data) {
		t.Fatal("users_mixed.csv must keep its decomposed (NFD) names; was it re-saved by an editor?")
	}
	rep, err := svc.ImportUsers(ctx, admin, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, rep, 6, 1, 1, 11)
	golden(t, "users_mixed.report.json", rep)

	for _, tc := range []struct {
		personID string
		want     storedUser
	}{
		{"HS1000001", storedUser{"Nguyễn Thị Ánh Dương", "duong@example.vn", "vi", "THPT-LQD", []string{"student@THPT-LQD"}}},
		{"HS1000002", storedUser{"Trần Văn Đức", "", "vi", "THCS-TVO", []string{"student@THCS-TVO"}}},
		{"GV1000001", storedUser{"Đỗ Minh Tâm", "tam.do@example.vn", "en", "THPT-LQD", []string{"reviewer@THPT-LQD", "teacher@THPT-LQD"}}},
		{"HS1000009", storedUser{"Lê Thị Tám", "", "vi", "THPT-LQD", []string{"parent@THPT-LQD", "student@THPT-LQD"}}},
		{"CB1000001", storedUser{"Phan Văn Quản", "quan@example.vn", "vi", "THCS-TVO", []string{"school_admin@THCS-TVO"}}},
		{"HS1000010", storedUser{"Mai Anh", "", "vi", "THPT-LQD", []string{"student@THPT-LQD"}}},
		// teacher1 existed as a teacher: the file added reviewer and changed nothing else.
		{"GV0000001", storedUser{"Nguyễn Văn Bình", "teacher1@demo.hoclieu.local", "vi", "THPT-LQD", []string{"reviewer@THPT-LQD", "teacher@THPT-LQD"}}},
	} {
		t.Run(tc.personID, func(t *testing.T) {
			got, ok := userByPersonID(t, pool, tc.personID)
			if !ok || got.Name != tc.want.Name || got.Email != tc.want.Email || got.Locale != tc.want.Locale ||
				got.School != tc.want.School || !slices.Equal(got.Roles, tc.want.Roles) {
				t.Fatalf("stored %+v, want %+v", got, tc.want)
			}
			if !norm.NFC.IsNormalString(got.Name) {
				t.Fatalf("name %q is not NFC", got.Name)
			}
		})
	}
	for _, pid := range []string{"HS1000003", "HS1000004", "HS1000005", "HS1000006", "HS1000007", "HS1000008", "CB1000002", "HS1000011", "HS1000012"} {
		if _, ok := userByPersonID(t, pool, pid); ok {
			t.Errorf("refused line created %s", pid)
		}
	}
	if _, err := svc.Authenticate(ctx, "gv1000001", "mat-khau-2026", "127.0.0.1"); err != nil {
		t.Fatalf("the imported password does not log in: %v", err)
	}
	var leaked bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM audit_log WHERE detail::text LIKE '%mat-khau%')`).Scan(&leaked); err != nil || leaked {
		t.Fatalf("a password reached the audit log (%v)", err)
	}

	userAudit, importAudit := countAudit(t, pool, "user.%", "role.%"), countAudit(t, pool, "import.users")
	again, err := svc.ImportUsers(ctx, admin, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, again, 0, 0, 8, 11)
	if !errorsSameLines(again.Errors, rep.Errors) {
		t.Fatalf("re-run reports other errors: %+v", again.Errors)
	}
	if n := countAudit(t, pool, "user.%", "role.%"); n != userAudit {
		t.Fatalf("re-run wrote %d user audit entries", n-userAudit)
	}
	if n := countAudit(t, pool, "import.users"); n != importAudit+1 {
		t.Fatalf("re-run wrote %d import entries, want 1", n-importAudit)
	}
	entries, err := svc.ListAudit(ctx, admin, identity.AuditFilter{Action: "import.users", Limit: 1})
	if err != nil || len(entries) != 1 || entries[0].Detail["unchanged"] != float64(8) || entries[0].Detail["errors"] != float64(11) {
		t.Fatalf("import audit entry: %+v %v", entries, err)
	}
}

func errorsSameLines(a, b []identity.RowError) bool {
	return slices.EqualFunc(a, b, func(x, y identity.RowError) bool { return x.Line == y.Line && x.Key == y.Key })
}

// A known person ID updates name, email and locale, adds roles, never removes one,
// and keeps the password.
func TestImportUsersUpdates(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	for _, tc := range []struct {
		name, csv                   string
		created, updated, unchanged int
		want                        storedUser
	}{
		{"name, email, locale and a role", "person_id,full_name,email,locale,school_code,roles,password\n" +
			"HS0000001,Hoàng Gia Bảo Anh,bao@example.vn,en,THPT-LQD,librarian,another-password-1\n",
			0, 1, 0, storedUser{"Hoàng Gia Bảo Anh", "bao@example.vn", "en", "THPT-LQD", []string{"librarian@THPT-LQD", "student@THPT-LQD"}}},
		{"empty email and locale keep what is stored", "person_id,full_name,email,locale,school_code,roles\n" +
			"HS0000001,Hoàng Gia Bảo Anh,,,THPT-LQD,student\n",
			0, 0, 1, storedUser{"Hoàng Gia Bảo Anh", "bao@example.vn", "en", "THPT-LQD", []string{"librarian@THPT-LQD", "student@THPT-LQD"}}},
		{"decomposed name is the same name", "person_id,full_name,school_code\n" +
			"HS0000001," + norm.NFD.String("Hoàng Gia Bảo Anh") + ",THPT-LQD\n",
			0, 0, 1, storedUser{"Hoàng Gia Bảo Anh", "bao@example.vn", "en", "THPT-LQD", []string{"librarian@THPT-LQD", "student@THPT-LQD"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := svc.ImportUsers(ctx, admin, strings.NewReader(tc.csv))
			if err != nil {
				t.Fatal(err)
			}
			checkTotals(t, rep, tc.created, tc.updated, tc.unchanged, 0)
			if got, _ := userByPersonID(t, pool, "HS0000001"); got.Name != tc.want.Name || got.Email != tc.want.Email ||
				got.Locale != tc.want.Locale || !slices.Equal(got.Roles, tc.want.Roles) {
				t.Fatalf("stored %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := svc.Authenticate(ctx, "student1", demoPassword, "127.0.0.1"); err != nil {
		t.Fatalf("an import changed an existing password: %v", err)
	}
}

// Every encoding and separator a spreadsheet saves in: one user each.
func TestImportEncodingsAndDelimiters(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	for _, tc := range []struct{ file, personID, name string }{
		{"users_bom.csv", "HS2000001", "Lý Công Uẩn"},
		{"users_utf16le.csv", "HS2000002", "Ngô Bảo Châu"},
		{"users_utf16be.csv", "HS2000003", "Hồ Xuân Hương"},
		{"users_excel_unicode.txt", "HS2000004", "Trịnh Công Sơn"},
		{"users_semicolon_vi.csv", "HS2000005", "Nguyễn Du"},
		{"users_sep_line.csv", "HS2000006", "Nguyễn Đình Chiểu"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			rep, err := svc.ImportUsers(ctx, admin, bytes.NewReader(testdata(t, tc.file)))
			if err != nil {
				t.Fatal(err)
			}
			checkTotals(t, rep, 1, 0, 0, 0)
			if got, ok := userByPersonID(t, pool, tc.personID); !ok || got.Name != tc.name || got.School != "THPT-LQD" {
				t.Fatalf("stored %+v", got)
			}
		})
	}
}

// A file that cannot be imported as a whole is refused before any line is applied.
func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	manyRows := "person_id,full_name,school_code\n" + strings.Repeat("HS9,Tên,THPT-LQD\n", 20001)
	tooBig := "person_id,full_name,school_code,ghi chú\nHS9,Tên,THPT-LQD," + strings.Repeat("x", 10<<20) + "\n"
	for _, tc := range []struct {
		name, data, key, message string
	}{
		{"Windows-1258 bytes", string(testdata(t, "users_cp1258.csv")), "import.not_utf8", `The file is not UTF-8 (line 3): save it as "CSV UTF-8".`},
		{"missing columns", "person_id,ho_ten_hs\nHS4,A\n", "import.columns", "Missing columns: full_name, school_code."},
		{"empty", "", "import.empty", "The file has no header row."},
		{"only blank lines", "\r\n\r\n", "import.empty", "The file has no header row."},
		{"a column twice", "person_id,full_name,Họ và tên,school_code\n", "import.duplicate_column", "The header names the column full_name twice."},
		{"UTF-16 without BOM", "p\x00e\x00r\x00s\x00o\x00n\x00", "import.binary", ""},
		{"more than 20000 rows", manyRows, "import.too_many", "The file has more than 20000 rows; split it."},
		{"more than 10 MiB", tooBig, "import.too_large", "The file is larger than 10 MiB; split it."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := svc.ImportUsers(ctx, admin, strings.NewReader(tc.data))
			v, ok := fault.AsValidation(err)
			if !ok || rep != nil || v.Key != tc.key || (tc.message != "" && v.Error() != "file: "+tc.message) {
				t.Fatalf("got %v (%+v), want %s %q", err, v, tc.key, tc.message)
			}
		})
	}
	if n := countAudit(t, pool, "import.%", "user.create"); n != 10 { // the seed's users only
		t.Fatalf("refused files left %d audit entries", n-10)
	}
}

// An administrator of one school cannot import people or rosters into another, and
// one who administers nothing can import nothing.
func TestImportRefusesOtherSchools(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	users := "person_id,full_name,school_code\n" +
		"HS6000001,Mai Anh,THPT-LQD\n" +
		"HS6000002,Mai Chi,THPT-NTMK\n" +
		"HS0000002,Võ Ngọc Ánh Đổi Tên,THPT-LQD\n" // homed in school 2
	roster := "school_code,class,school_year,person_id\n" +
		"THPT-NTMK,10A2,2026-2027,HS0000002\n" +
		"THPT-NTMK,12A9,2026-2027,HS0000002\n"
	for _, tc := range []struct {
		actor              string
		usersCreated       int
		usersErrs, rosterE []string // keys, one per refused line in order
	}{
		{"school.admin", 1, []string{"import.forbidden_school", "import.forbidden_person"}, []string{"import.forbidden_school", "import.forbidden_school"}},
		{"teacher2", 0, []string{"import.forbidden_school", "import.forbidden_school", "import.forbidden_school"}, []string{"import.forbidden_school", "import.forbidden_school"}},
	} {
		t.Run(tc.actor, func(t *testing.T) {
			a := login(t, svc, tc.actor)
			rep, err := svc.ImportUsers(ctx, a, strings.NewReader(users))
			if err != nil {
				t.Fatal(err)
			}
			checkTotals(t, rep, tc.usersCreated, 0, 0, len(tc.usersErrs))
			var keys []string
			for _, e := range rep.Errors {
				keys = append(keys, e.Key)
			}
			if !slices.Equal(keys, tc.usersErrs) || rep.Errors[len(rep.Errors)-1].Line != 4 {
				t.Fatalf("user errors %+v", rep.Errors)
			}
			rrep, err := svc.ImportRoster(ctx, a, strings.NewReader(roster))
			if err != nil {
				t.Fatal(err)
			}
			checkTotals(t, rrep, 0, 0, 0, 2)
			if rrep.Errors[0].Line != 2 || rrep.Errors[1].Line != 3 || rrep.Errors[0].Key != tc.rosterE[0] || rrep.Errors[0].Field != "school_code" {
				t.Fatalf("roster errors %+v", rrep.Errors)
			}
		})
	}
	if got, _ := userByPersonID(t, pool, "HS0000002"); got.Name != "Võ Ngọc Ánh" {
		t.Fatalf("a refused line renamed another school's student: %+v", got)
	}
	if _, ok := userByPersonID(t, pool, "HS6000002"); ok {
		t.Fatal("a refused line created a user in another school")
	}
	var classes int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM classes WHERE name = '12A9'`).Scan(&classes); err != nil || classes != 0 {
		t.Fatalf("a refused roster line created a class (%v)", err)
	}
}

func TestImportRoster(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	urep, err := svc.ImportUsers(ctx, admin, bytes.NewReader(testdata(t, "roster_users.csv")))
	if err != nil || urep.Created != 2 {
		t.Fatalf("users: %+v %v", urep, err)
	}
	data := testdata(t, "roster.csv")
	rep, err := svc.ImportRoster(ctx, admin, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, rep, 5, 0, 0, 8)
	golden(t, "roster.report.json", rep)

	classID := func(name string) int64 {
		var id int64
		_ = pool.QueryRow(ctx, `SELECT id FROM classes WHERE name = $1`, name).Scan(&id)
		return id
	}
	if classID("11a3") != 0 || classID("11A9") != 0 || classID("11A4") != 0 || classID("12A1") != 0 {
		t.Fatal("a refused or case-different line created a class")
	}
	members, err := svc.ClassMembers(ctx, admin, classID("11A3"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range members {
		got = append(got, m.PersonID+":"+m.Role+":"+m.Subject)
	}
	slices.Sort(got)
	want := []string{"GV0000001:homeroom:", "GV4000001:homeroom:", "GV4000001:teacher:Toán", "HS4000001:student:"}
	if !slices.Equal(got, want) {
		t.Fatalf("members of 11A3: %v, want %v", got, want)
	}
	student := login(t, svc, "student1") // in 10A1 from the seed
	if classes, err := svc.MyClasses(ctx, student); err != nil || len(classes) != 1 || classes[0].Students != 2 {
		t.Fatalf("10A1 must have gained HS4000001: %+v %v", classes, err)
	}

	before := countAudit(t, pool, "class.%")
	again, err := svc.ImportRoster(ctx, admin, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, again, 0, 0, 5, 8)
	if countAudit(t, pool, "class.%") != before {
		t.Fatal("re-running the roster changed classes")
	}

	subject := "Mã trường;Lớp;Năm học;Mã định danh;Vai trò;Môn học\nTHPT-LQD;11A3;2026-2027;GV4000001;giáo viên;Vật lý\n"
	rep, err = svc.ImportRoster(ctx, admin, strings.NewReader(subject))
	if err != nil {
		t.Fatal(err)
	}
	checkTotals(t, rep, 0, 1, 0, 0)
}

// An import stopped by the caller keeps what it did and says so in the audit log.
func TestImportCancelled(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	admin := login(t, svc, "school.admin")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := svc.ImportUsers(ctx, admin, strings.NewReader("person_id,full_name,school_code\nHS7000001,Lê Lợi,THPT-LQD\n"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	var interrupted bool
	if err := pool.QueryRow(context.Background(), `SELECT (detail->>'interrupted')::bool FROM audit_log WHERE action = 'import.users'`).Scan(&interrupted); err != nil || !interrupted {
		t.Fatalf("audit of the cancelled import: %v %v", interrupted, err)
	}
}
