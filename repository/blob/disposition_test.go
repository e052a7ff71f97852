package blob_test

import (
	"mime"
	"testing"

	"github.com/hoclieu/hoclieu/repository/blob"
)

func TestContentDisposition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		disposition string
		filename    string
		want        string
		wantName    string // what a client decodes; "" means filename itself
	}{
		{
			name:        "vietnamese",
			disposition: "attachment",
			filename:    "Bài giảng Toán lớp 10 – Hàm số.pdf",
			want: `attachment; filename="Bai giang Toan lop 10 - Ham so.pdf"; ` +
				`filename*=UTF-8''B%C3%A0i%20gi%E1%BA%A3ng%20To%C3%A1n%20l%E1%BB%9Bp%2010%20%E2%80%93%20H%C3%A0m%20s%E1%BB%91.pdf`,
		},
		{
			name:        "d with stroke and capitals",
			disposition: "attachment",
			filename:    "ĐỀ KIỂM TRA Đạo đức – Ưu tiên.docx",
			want: `attachment; filename="DE KIEM TRA Dao duc - Uu tien.docx"; ` +
				`filename*=UTF-8''%C4%90%E1%BB%80%20KI%E1%BB%82M%20TRA%20%C4%90%E1%BA%A1o%20%C4%91%E1%BB%A9c%20%E2%80%93%20%C6%AFu%20ti%C3%AAn.docx`,
		},
		{
			name:        "decomposed (NFD) name from a Mac",
			disposition: "inline",
			filename:    "Vật li\u0301.pdf",
			want:        `inline; filename="Vat li.pdf"; filename*=UTF-8''V%E1%BA%ADt%20li%CC%81.pdf`,
		},
		{
			name:        "plain ascii needs no extended form",
			disposition: "",
			filename:    "report-2026.pdf",
			want:        `attachment; filename="report-2026.pdf"`,
		},
		{
			name:        "quotes and backslash path",
			disposition: "INLINE",
			filename:    `C:\Users\gv\Bài "mẫu".pptx`,
			want:        `inline; filename="Bai 'mau'.pptx"; filename*=UTF-8''B%C3%A0i%20%22m%E1%BA%ABu%22.pptx`,
			wantName:    `Bài "mẫu".pptx`,
		},
		{
			name:        "header injection",
			disposition: "attachment",
			filename:    "a\r\nSet-Cookie: x=1.txt",
			want:        `attachment; filename="a  Set-Cookie: x=1.txt"`,
			wantName:    "a  Set-Cookie: x=1.txt",
		},
		{
			name:        "other script",
			disposition: "attachment",
			filename:    "教材.pdf",
			want:        `attachment; filename="download.pdf"; filename*=UTF-8''%E6%95%99%E6%9D%90.pdf`,
		},
		{
			name:        "unix path and no name",
			disposition: "attachment",
			filename:    "../../",
			want:        `attachment`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := blob.ContentDisposition(tt.disposition, tt.filename)
			if got != tt.want {
				t.Fatalf("ContentDisposition(%q, %q)\n got %s\nwant %s", tt.disposition, tt.filename, got, tt.want)
			}
			for _, c := range got {
				if c < 0x20 || c > 0x7e {
					t.Fatalf("header value has %q", c)
				}
			}
			if tt.want == "attachment" {
				return
			}
			// A conforming client (Go's mime package decodes RFC 2231/5987) gets the name back.
			_, params, err := mime.ParseMediaType(got)
			if err != nil {
				t.Fatalf("parse %s: %v", got, err)
			}
			want := tt.wantName
			if want == "" {
				want = tt.filename
			}
			if params["filename"] != want {
				t.Fatalf("decoded filename %q, want %q", params["filename"], want)
			}
		})
	}
}
