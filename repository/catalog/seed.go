package catalog

import (
	"bytes"
	"context"
	"fmt"

	"github.com/hoclieu/hoclieu/content-standards/marc"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/repository/blob"
)

// demoBooks are the demo school library's records: title, author, publisher, year,
// subject and summary.
var demoBooks = []struct{ id, title, author, publisher, year, subject, summary string }{
	{"LQD000001", "Truyện Kiều", "Nguyễn Du", "Văn học", "2019", "Văn học Việt Nam", "Truyện thơ Nôm 3.254 câu lục bát, kiệt tác của văn học Việt Nam."},
	{"LQD000002", "Dế Mèn phiêu lưu ký", "Tô Hoài", "Kim Đồng", "2020", "Văn học thiếu nhi", "Những cuộc phiêu lưu của chú Dế Mèn qua thế giới loài vật."},
	{"LQD000003", "Tắt đèn", "Ngô Tất Tố", "Văn học", "2018", "Văn học Việt Nam", "Tiểu thuyết về người nông dân trước Cách mạng tháng Tám."},
	{"LQD000004", "Đất rừng phương Nam", "Đoàn Giỏi", "Kim Đồng", "2021", "Văn học thiếu nhi", "Cuộc đời lưu lạc của cậu bé An ở miền Tây Nam Bộ."},
	{"LQD000005", "Việt Nam sử lược", "Trần Trọng Kim", "Hồng Đức", "2017", "Lịch sử Việt Nam", "Bộ sử Việt Nam viết bằng chữ quốc ngữ từ thời thượng cổ đến thời Pháp thuộc."},
	{"LQD000006", "Toán 10. Tập một", "Hà Huy Khoái", "Giáo dục Việt Nam", "2022", "Toán học", "Sách giáo khoa Toán lớp 10: mệnh đề, tập hợp, hàm số bậc hai, hệ thức lượng trong tam giác."},
	{"LQD000007", "Ngữ văn 10. Tập một", "Bùi Mạnh Hùng", "Giáo dục Việt Nam", "2022", "Ngữ văn", "Sách giáo khoa Ngữ văn lớp 10."},
	{"LQD000008", "Vật lí 10", "Vũ Văn Hùng", "Giáo dục Việt Nam", "2022", "Vật lí", "Sách giáo khoa Vật lí lớp 10: động học, động lực học, năng lượng."},
	{"LQD000009", "Từ điển tiếng Việt", "Hoàng Phê", "Đà Nẵng", "2018", "Tiếng Việt", "Từ điển giải thích tiếng Việt của Viện Ngôn ngữ học."},
	{"LQD000010", "Sổ tay phương trình bậc hai", "Lê Văn Thiêm", "Giáo dục Việt Nam", "2021", "Toán học", "Giải và biện luận phương trình bậc hai, định lí Vi-ét, bài tập có lời giải."},
}

// DemoMARC is the demo library's file (ISO 2709, UTF-8).
func DemoMARC() ([]byte, error) {
	recs := make([]marc.Record, len(demoBooks))
	for i, b := range demoBooks {
		recs[i] = marc.Record{Leader: "00000nam a2200000 a 4500", Fields: []marc.Field{
			{Tag: "001", Value: b.id},
			{Tag: "003", Value: "VN-THPTLQD"},
			{Tag: "008", Value: "261202s" + b.year + "    vm            000 0 vie d"},
			{Tag: "041", Ind1: '0', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: "vie"}}},
			{Tag: "100", Ind1: '1', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: b.author}}},
			{Tag: "245", Ind1: '1', Ind2: '0', Subfields: []marc.Subfield{{Code: 'a', Value: b.title + " /"}, {Code: 'c', Value: b.author + "."}}},
			{Tag: "264", Ind1: ' ', Ind2: '1', Subfields: []marc.Subfield{{Code: 'a', Value: "Hà Nội :"}, {Code: 'b', Value: b.publisher + ","}, {Code: 'c', Value: b.year + "."}}},
			{Tag: "520", Ind1: ' ', Ind2: ' ', Subfields: []marc.Subfield{{Code: 'a', Value: b.summary}}},
			{Tag: "650", Ind1: ' ', Ind2: '7', Subfields: []marc.Subfield{{Code: 'a', Value: b.subject}}},
		}}
	}
	var buf bytes.Buffer
	if err := marc.Encode(&buf, recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SeedDemo loads the demo library's records as the librarian, shared with the whole
// city, when the catalog is empty; put stores the file's bytes.
func (s *Service) SeedDemo(ctx context.Context, librarian *identity.Actor, put func(ctx context.Context, data []byte) (blob.Blob, error)) error {
	var any bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM catalog_imports)`).Scan(&any); err != nil || any {
		return err
	}
	data, err := DemoMARC()
	if err != nil {
		return fmt.Errorf("catalog: seed: %w", err)
	}
	b, err := put(ctx, data)
	if err != nil {
		return fmt.Errorf("catalog: seed: %w", err)
	}
	im, err := s.StartImport(ctx, librarian, NewImport{FileName: "thu-vien-le-quy-don.mrc", SHA256: b.SHA256, Size: b.Size, Scope: DefaultScope})
	if err != nil {
		return fmt.Errorf("catalog: seed: %w", err)
	}
	return s.RunImport(ctx, im.ID)
}
