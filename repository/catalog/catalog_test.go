package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/deploy/devstack/devtest"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/jobs"
	"github.com/hoclieu/hoclieu/lms/platform/search"
	"github.com/hoclieu/hoclieu/repository/blob"
	"github.com/hoclieu/hoclieu/repository/catalog"
)

func TestMain(m *testing.M) { devtest.Main(m) }

const pw = "demo-password-123"

// fixtures is shared/fixtures beside the clone (CI has it there too).
const fixtures = "../../../shared/fixtures/marc"

type world struct {
	t     testing.TB
	db    *pgxpool.Pool
	ids   *identity.Service
	blobs *blob.Store
	cat   *catalog.Service
	index *search.Postgres
	// school2 is the second demo school, with its own librarian (librarian2).
	school2 int64
}

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := context.Background()
	pool, _ := devtest.Pool(t)
	ids := identity.New(pool, nil)
	if _, err := ids.SeedDemo(ctx, pw); err != nil {
		t.Fatal(err)
	}
	s3, bucket := devtest.Bucket(t)
	blobs := blob.New(pool, s3, bucket)
	q, err := jobs.New(pool, jobs.Options{}) // inserts only: the tests run the imports
	if err != nil {
		t.Fatal(err)
	}
	index := search.NewPostgres(pool, search.Options{})
	w := &world{t: t, db: pool, ids: ids, blobs: blobs, index: index,
		cat: catalog.New(pool, blobs, q, nil).WithSearch(index)}
	if err := pool.QueryRow(ctx, `SELECT id FROM organizations WHERE name = 'Trường THPT Nguyễn Thị Minh Khai'`).Scan(&w.school2); err != nil {
		t.Fatal(err)
	}
	_, err = ids.CreateUser(ctx, identity.SystemActor(), identity.NewUser{PersonID: "NV0000002", Username: "librarian2",
		Name: "Lý Thị Thanh", OrgID: w.school2, Roles: []identity.Role{identity.RoleLibrarian}, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) as(name string) *identity.Actor {
	w.t.Helper()
	a, err := w.ids.Authenticate(context.Background(), name, pw, "127.0.0.1")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// store puts a file's bytes in the blob store, as an upload does.
func (w *world) store(data []byte) blob.Blob {
	w.t.Helper()
	b, err := w.blobs.Put(context.Background(), bytes.NewReader(data), int64(len(data)), "application/marc")
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// importFile stores data and runs its import to the end as a.
func (w *world) importFile(a *identity.Actor, name string, data []byte, scope string) *catalog.Import {
	w.t.Helper()
	ctx := context.Background()
	b := w.store(data)
	im, err := w.cat.StartImport(ctx, a, catalog.NewImport{FileName: name, SHA256: b.SHA256, Size: b.Size, Scope: scope})
	if err != nil {
		w.t.Fatal(err)
	}
	if im.Status != catalog.StatusQueued {
		w.t.Fatalf("new import is %s", im.Status)
	}
	if err := w.cat.RunImport(ctx, im.ID); err != nil {
		w.t.Fatal(err)
	}
	im, err = w.cat.GetImport(ctx, a, im.ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return im
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatalf("fixture %s (shared/fixtures must be beside the clone): %v", name, err)
	}
	return b
}

// vietnamese is a small school library's file: Vietnamese titles, authors and
// subjects, written by marc.Encode (UTF-8).
func vietnamese(t *testing.T) []byte { return vietnameseWith(t, "Tiếng Việt thực hành") }

// vietnameseWith is the same file with another title for the fourth record.
func vietnameseWith(t *testing.T, fourth string) []byte {
	t.Helper()
	rec := func(cn, title, author, year, subject, isbn string) marc.Record {
		return marc.Record{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{
			{Tag: "001", Value: cn},
			{Tag: "003", Value: "VN-LQD"},
			{Tag: "008", Value: "261202s" + year + "    vm            000 0 vie d"},
			{Tag: "020", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: isbn}}},
			{Tag: "100", Ind1: '1', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: author}}},
			{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: title}}},
			{Tag: "264", Ind1: ' ', Ind2: '1', Subfields: []marc.Subfield{{Code: 'a', Value: "Hà Nội :"}, {Code: 'b', Value: "Giáo dục Việt Nam,"}, {Code: 'c', Value: year + "."}}},
			{Tag: "650", Ind1: ' ', Ind2: '7', Subfields: []marc.Subfield{{Code: 'a', Value: subject}}},
		}}
	}
	recs := []marc.Record{
		rec("LQD0001", "Truyện Kiều", "Nguyễn Du", "2019", "Văn học Việt Nam", "9786040000002"),
		rec("LQD0002", "Lịch sử Việt Nam thời Lý – Trần", "Trần Quốc Vượng", "2020", "Lịch sử", "9786040000019"),
		rec("LQD0003", "Phương trình bậc hai và ứng dụng", "Lê Văn Thiêm", "2021", "Toán học", "9786040000026"),
		rec("LQD0004", fourth, "Đào Duy Anh", "2018", "Ngôn ngữ học", "9786040000033"),
	}
	var buf bytes.Buffer
	if err := marc.Encode(&buf, recs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func titles(recs []catalog.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Title
	}
	slices.Sort(out)
	return out
}

func TestImportAndReimport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	lib := w.as("librarian1")
	data := vietnamese(t)
	im := w.importFile(lib, "thu-vien.mrc", data, "")
	if im.Status != catalog.StatusDone || im.Total != 4 || im.Done != 4 || im.Created != 4 || im.Refused != 0 {
		t.Fatalf("import: %+v", im)
	}
	if im.Scope != "city" {
		t.Fatalf("default scope %q, want the union catalog (city)", im.Scope)
	}
	recs, err := w.cat.List(ctx, lib, catalog.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Lịch sử Việt Nam thời Lý – Trần", "Phương trình bậc hai và ứng dụng", "Tiếng Việt thực hành", "Truyện Kiều"}
	if got := titles(recs); !slices.Equal(got, want) {
		t.Fatalf("titles %q, want %q", got, want)
	}
	var kieu catalog.Record
	for _, r := range recs {
		if r.Title == "Truyện Kiều" {
			kieu = r
		}
	}
	if kieu.Kind != "book" || kieu.Language != "vi" || kieu.Year != "2019" || !slices.Equal(kieu.Authors, []string{"Nguyễn Du"}) {
		t.Fatalf("record: %+v", kieu)
	}

	// The same file again changes nothing; a corrected record replaces its old self.
	again := w.importFile(lib, "thu-vien.mrc", data, "")
	if again.Unchanged != 4 || again.Created != 0 || again.Updated != 0 {
		t.Fatalf("same file again: %+v", again)
	}
	fixed := vietnameseWith(t, "Tiếng Việt thực hành (tái bản)")
	third := w.importFile(lib, "thu-vien-sua.mrc", fixed, "")
	if third.Updated != 1 || third.Unchanged != 3 {
		t.Fatalf("corrected file: %+v", third)
	}
	recs, _ = w.cat.List(ctx, lib, catalog.Filter{})
	if len(recs) != 4 || !slices.Contains(titles(recs), "Tiếng Việt thực hành (tái bản)") {
		t.Fatalf("after the correction: %q", titles(recs))
	}

	// The record page's detail, and the export reads back as the same record.
	got, err := w.cat.Get(ctx, lib, kieu.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bib.Publisher != "Giáo dục Việt Nam" || !slices.Contains(got.Bib.Subjects, "Văn học Việt Nam") || !got.MayEdit || len(got.Fields) != 8 {
		t.Fatalf("detail: %+v %+v", got.Bib, got.Fields)
	}
	raw, err := w.cat.Export(ctx, lib, kieu.ID)
	if err != nil {
		t.Fatal(err)
	}
	back, bad, err := marc.Read(raw)
	if err != nil || len(bad) != 0 || len(back) != 1 || back[0].Bib().Title != "Truyện Kiều" {
		t.Fatalf("export reads back as %+v %v %v", back, bad, err)
	}
}

func TestFixtureFiles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	lib := w.as("librarian1")
	for _, tc := range []struct {
		file             string
		created, refused int
	}{
		{"marc.dat", 20, 0},
		{"utf8.xml", 1, 0},
		{"marc8.dat", 1, 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			im := w.importFile(lib, tc.file, fixture(t, tc.file), "school")
			if im.Status != catalog.StatusDone || im.Created != tc.created || im.Refused != tc.refused || im.Done != im.Total {
				t.Fatalf("%s: %+v", tc.file, im)
			}
		})
	}
}

func TestRefusedRecordsAndFiles(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	lib := w.as("librarian1")
	im := w.importFile(lib, "bad_records.mrc", fixture(t, "bad_records.mrc"), "")
	if im.Status != catalog.StatusDone || im.Refused == 0 || im.Created == 0 || len(im.Refusals) != im.Refused {
		t.Fatalf("bad records: %+v", im)
	}
	for _, r := range im.Refusals {
		if _, ok := marc.Reasons()[r.Key]; !ok || r.Position < 1 || r.Message == "" {
			t.Fatalf("refusal %+v: want a parser key, a position and a message", r)
		}
	}
	// A record without a title is refused by the catalog, the others kept.
	var buf bytes.Buffer
	_ = marc.Encode(&buf, []marc.Record{
		{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{{Tag: "001", Value: "X1"},
			{Tag: "500", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "Không có nhan đề"}}}}},
		{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{{Tag: "001", Value: "X2"},
			{Tag: "245", Ind1: '0', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: "Sổ tay thủ thư"}}}}},
	})
	im = w.importFile(lib, "no-title.mrc", buf.Bytes(), "")
	if im.Created != 1 || im.Refused != 1 || im.Refusals[0].Key != "catalog.no_title" || im.Refusals[0].Position != 1 {
		t.Fatalf("no title: %+v", im)
	}
	// Whole files that are not MARC fail with the parser's reason and write nothing.
	for name, data := range map[string][]byte{
		"random.mrc": []byte("this is not a MARC file at all, just text\n"),
		"entity.xml": []byte(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><collection xmlns="http://www.loc.gov/MARC21/slim"><record><datafield tag="245"><subfield code="a">&x;</subfield></datafield></record></collection>`),
		"broken.xml": []byte(`<collection xmlns="http://www.loc.gov/MARC21/slim"><record><datafield tag="245">`),
	} {
		im := w.importFile(lib, name, data, "")
		if im.Status != catalog.StatusFailed || im.Error == nil || im.Error.Key == "" || im.Created != 0 {
			t.Fatalf("%s: %+v", name, im)
		}
		if _, ok := marc.Reasons()[im.Error.Key]; !ok {
			t.Fatalf("%s: key %q is not the parser's", name, im.Error.Key)
		}
	}
}

func TestSharingByScope(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	lib1, lib2 := w.as("librarian1"), w.as("librarian2")
	student1, student2, teacher2 := w.as("student1"), w.as("student2"), w.as("teacher2")
	w.importFile(lib1, "school-only.mrc", vietnamese(t), "school")
	recs, err := w.cat.List(ctx, lib1, catalog.Filter{})
	if err != nil || len(recs) != 4 {
		t.Fatalf("librarian1: %d records, %v", len(recs), err)
	}
	var id int64 // Truyện Kiều's
	for _, r := range recs {
		if r.Title == "Truyện Kiều" {
			id = r.ID
		}
	}
	if got, _ := w.cat.List(ctx, student1, catalog.Filter{}); len(got) != 4 {
		t.Fatalf("a student of the school sees %d records", len(got))
	}
	for name, a := range map[string]*identity.Actor{"student2": student2, "teacher2": teacher2, "librarian2": lib2} {
		if got, _ := w.cat.List(ctx, a, catalog.Filter{}); len(got) != 0 {
			t.Fatalf("%s of another school sees %d records", name, len(got))
		}
		if _, err := w.cat.Get(ctx, a, id); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("%s of another school gets the record: %v", name, err)
		}
		if _, err := w.cat.Export(ctx, a, id); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("%s of another school exports the record: %v", name, err)
		}
		res, err := w.index.Search(ctx, a, search.Query{Text: "truyen kieu", Type: search.TypeRecord})
		if err != nil || res.Total != 0 {
			t.Fatalf("%s of another school finds %d records (%v)", name, res.Total, err)
		}
	}
	if err := w.cat.Delete(ctx, lib2, id); !errors.Is(err, catalog.ErrNotFound) {
		t.Fatalf("librarian2 deletes school 1's record: %v", err)
	}
	if err := w.cat.Delete(ctx, student1, id); !errors.Is(err, catalog.ErrForbidden) {
		t.Fatalf("a student deletes a record: %v", err)
	}

	// Shared with the city (the union catalog), the other school finds them, and
	// its librarian still may not change them.
	w.importFile(lib1, "union.mrc", vietnamese(t), "city")
	res, err := w.index.Search(ctx, student2, search.Query{Text: "truyen kieu", Type: search.TypeRecord})
	if err != nil || res.Total != 1 || res.Hits[0].Title != "Truyện Kiều" || res.Hits[0].Type != search.TypeRecord {
		t.Fatalf("student2 in the union catalog: %+v %v", res, err)
	}
	if err := w.cat.Delete(ctx, lib2, id); !errors.Is(err, catalog.ErrForbidden) {
		t.Fatalf("librarian2 deletes school 1's shared record: %v", err)
	}
	// A marked query finds the exact word only: "kiêu" is another word than "Kiều".
	if res, _ := w.index.Search(ctx, student2, search.Query{Text: "Kiêu", Type: search.TypeRecord}); res.Total != 0 {
		t.Fatalf("\"Kiêu\" found %d records", res.Total)
	}
	if err := w.cat.Delete(ctx, lib1, id); err != nil {
		t.Fatal(err)
	}
	if res, _ := w.index.Search(ctx, lib1, search.Query{Text: "truyen kieu", Type: search.TypeRecord}); res.Total != 0 {
		t.Fatalf("a deleted record is still found (%d)", res.Total)
	}
	// Imports are the librarians' (and administrators') business.
	ims, err := w.cat.Imports(ctx, lib2, 10)
	if err != nil || len(ims) != 0 {
		t.Fatalf("librarian2 sees %d imports of school 1 (%v)", len(ims), err)
	}
	if ims, _ := w.cat.Imports(ctx, w.as("school.admin"), 10); len(ims) != 2 {
		t.Fatalf("the school's administrator sees %d imports", len(ims))
	}
}

func TestWhoMayImport(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	b := w.store(vietnamese(t))
	n := catalog.NewImport{FileName: "a.mrc", SHA256: b.SHA256, Size: b.Size}
	for _, name := range []string{"student1", "teacher1", "reviewer1", "parent1"} {
		if _, err := w.cat.StartImport(ctx, w.as(name), n); !errors.Is(err, catalog.ErrForbidden) {
			t.Fatalf("%s imports: %v", name, err)
		}
	}
	other := n
	other.OrgID = w.school2
	if _, err := w.cat.StartImport(ctx, w.as("librarian1"), other); !errors.Is(err, catalog.ErrForbidden) {
		t.Fatalf("librarian1 imports into another school: %v", err)
	}
	bad := n
	bad.Scope = "private"
	if _, err := w.cat.StartImport(ctx, w.as("librarian1"), bad); err == nil {
		t.Fatal("a private catalog record was accepted")
	}
	missing := n
	missing.SHA256 = "0000000000000000000000000000000000000000000000000000000000000000"
	if _, err := w.cat.StartImport(ctx, w.as("librarian1"), missing); err == nil {
		t.Fatal("an import of bytes that were never stored was accepted")
	}
}
