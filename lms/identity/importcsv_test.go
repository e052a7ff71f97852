package identity_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// The name of line 3 is typed decomposed (NFD), as some keyboards produce it.
var usersCSV = "person_id,full_name,email,school_code,roles\n" +
	"HS1000001,Nguyễn Thị Ánh Dương,duong@example.vn,THPT-LQD,student\n" +
	"HS1000002," + norm.NFD.String("Trần Văn Đức") + ",,THPT-LQD,student\n" +
	"HS1000003,Lê Bad Email,not-an-email,THPT-LQD,student\n" +
	"HS1000004,Phạm Unknown School,,NO-SUCH,student\n" +
	"HS1000005,Võ Bad Role,,THPT-LQD,wizard\n" +
	"HS1000006,,,THPT-LQD,student\n" +
	"HS1000001,Nguyễn Trùng Lặp,,THPT-LQD,student\n" +
	"GV1000001,Đỗ Minh Tâm,,THPT-LQD,teacher;reviewer\n"

func TestImportUsers(t *testing.T) {
	t.Parallel()
	svc, pool := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	rep, err := svc.ImportUsers(ctx, admin, strings.NewReader(usersCSV))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 8 || rep.Created != 3 || len(rep.Errors) != 5 {
		t.Fatalf("report %+v", rep)
	}
	for i, want := range []struct {
		line  int
		field string
	}{{4, "email"}, {5, "school_code"}, {6, "roles"}, {7, "name"}, {8, "person_id"}} {
		got := rep.Errors[i]
		if got.Line != want.line || got.Field != want.field || got.Message == "" {
			t.Errorf("error %d = %+v, want line %d field %s", i, got, want.line, want.field)
		}
	}
	var name string
	if err := pool.QueryRow(ctx, `SELECT full_name FROM users WHERE person_id = 'HS1000002'`).Scan(&name); err != nil || name != "Trần Văn Đức" || !norm.NFC.IsNormalString(name) {
		t.Fatalf("NFD name stored as %q (%v)", name, err)
	}
	again, err := svc.ImportUsers(ctx, admin, strings.NewReader(usersCSV))
	if err != nil || again.Created != 0 || again.Updated != 0 || again.Unchanged != 3 {
		t.Fatalf("re-run must change nothing: %+v %v", again, err)
	}
}

func TestImportEncodingsAndDelimiters(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	semicolon := "Mã định danh;Họ và tên;Mã trường\nHS2000001;Bùi Thị Hương;THPT-LQD\n"
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("person_id,full_name,school_code\nHS2000002,Ngô Bảo Châu,THPT-LQD\n")
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"semicolon with Vietnamese headers", []byte(semicolon)},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, "person_id,full_name,school_code\nHS2000003,Lý Công Uẩn,THPT-LQD\n"...)},
		{"UTF-16 with BOM", []byte(utf16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := svc.ImportUsers(ctx, admin, bytes.NewReader(tc.data))
			if err != nil || rep.Created != 1 || len(rep.Errors) != 0 {
				t.Fatalf("%+v %v", rep, err)
			}
		})
	}
	for _, tc := range []struct{ name, data, key string }{
		{"Windows-1258 bytes", "person_id,full_name,school_code\nHS3,Tr\xe2n,THPT-LQD\n", "import.not_utf8"},
		{"missing columns", "person_id,name\nHS4,A\n", "import.columns"},
		{"empty", "", "import.empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.ImportUsers(ctx, admin, strings.NewReader(tc.data))
			if v, ok := fault.AsValidation(err); !ok || v.Key != tc.key {
				t.Fatalf("got %v, want %s", err, tc.key)
			}
		})
	}
}

func TestImportRespectsTenancyAndRoster(t *testing.T) {
	t.Parallel()
	svc, _ := seeded(t)
	ctx := context.Background()
	admin := login(t, svc, "school.admin")
	rep, err := svc.ImportUsers(ctx, admin, strings.NewReader("person_id,full_name,school_code\nHS4000001,Mai Anh,THPT-NTMK\nHS4000002,Mai Chi,THPT-LQD\n"))
	if err != nil || rep.Created != 1 || len(rep.Errors) != 1 || rep.Errors[0].Line != 2 {
		t.Fatalf("another school's row must be refused: %+v %v", rep, err)
	}
	roster := "school_code,class,school_year,grade,person_id,class_role\nTHPT-LQD,11A3,2026-2027,11,HS4000002,student\nTHPT-LQD,11A3,2026-2027,11,NOPE,student\nTHPT-NTMK,10A2,2026-2027,10,HS0000002,student\n"
	rep, err = svc.ImportRoster(ctx, admin, strings.NewReader(roster))
	if err != nil || rep.Created != 1 || len(rep.Errors) != 2 {
		t.Fatalf("roster: %+v %v", rep, err)
	}
	again, err := svc.ImportRoster(ctx, admin, strings.NewReader(roster))
	if err != nil || again.Created != 0 || again.Unchanged != 1 {
		t.Fatalf("roster re-run: %+v %v", again, err)
	}
	classes, err := svc.MyClasses(ctx, login(t, svc, "student1"))
	if err != nil || len(classes) != 1 {
		t.Fatal(classes, err)
	}
	_ = identity.ImportReport{}
}
