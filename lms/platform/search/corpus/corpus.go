// Package corpus generates realistic Vietnamese school documents for search
// benchmarks: titles from the programme's subjects and topics, descriptions, and
// bodies of about 200 words built from Vietnamese sentences. It is deterministic for
// a seed, so two runs measure the same corpus. It is for benchmarks and tests only.
package corpus

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Subject is a subject with the topics its documents are about.
type Subject struct {
	Code, Name string
	Grades     []int
	Topics     []string
}

// Subjects of the generated corpus.
var Subjects = []Subject{
	{"toan", "Toán", []int{6, 7, 8, 9, 10, 11, 12}, []string{"Phương trình bậc hai", "Hệ thức Vi-ét", "Bất phương trình", "Hàm số bậc nhất", "Hàm số bậc hai và đồ thị",
		"Phương trình lượng giác", "Nguyên hàm và tích phân", "Vectơ trong mặt phẳng", "Định lí Py-ta-go", "Xác suất của biến cố", "Thống kê và biểu đồ",
		"Dãy số và cấp số cộng", "Đạo hàm và ứng dụng", "Hình học không gian", "Số phức", "Tổ hợp và chỉnh hợp", "Giới hạn của hàm số", "Phân số và số thập phân"}},
	{"vat-ly", "Vật lí", []int{10, 11, 12}, []string{"Ba định luật Newton", "Chuyển động thẳng biến đổi đều", "Định luật Ôm", "Dao động điều hoà", "Khúc xạ ánh sáng",
		"Động năng và thế năng", "Điện trường", "Từ trường", "Sóng cơ", "Định luật bảo toàn động lượng", "Mạch điện xoay chiều", "Thuyết tương đối hẹp"}},
	{"hoa-hoc", "Hoá học", []int{10, 11, 12}, []string{"Bảng tuần hoàn các nguyên tố", "Cân bằng hoá học", "Este và lipit", "Liên kết cộng hoá trị", "Phản ứng oxi hoá khử",
		"Ankan và anken", "Axit và bazơ", "Kim loại kiềm", "Polime", "Tốc độ phản ứng"}},
	{"sinh-hoc", "Sinh học", []int{10, 11, 12}, []string{"Quang hợp ở thực vật", "Cấu trúc tế bào", "Di truyền học Men-đen", "Hô hấp tế bào", "Tiến hoá",
		"Hệ sinh thái", "Nguyên phân và giảm phân", "Enzim và chuyển hoá", "Vi sinh vật"}},
	{"ngu-van", "Ngữ văn", []int{6, 7, 8, 9, 10, 11, 12}, []string{"Truyện Kiều", "Chí Phèo", "Vợ chồng A Phủ", "Tây Tiến", "Thơ Đường luật", "Lão Hạc", "Bình Ngô đại cáo",
		"Việt Bắc", "Đất Nước", "Người lái đò sông Đà", "Nghị luận xã hội", "Văn bản thông tin"}},
	{"lich-su", "Lịch sử", []int{10, 11, 12}, []string{"Chiến dịch Điện Biên Phủ", "Cách mạng tháng Tám", "Văn minh Văn Lang – Âu Lạc", "Kháng chiến chống Mỹ",
		"Các cuộc cách mạng công nghiệp", "Văn minh Đông Nam Á", "Công cuộc Đổi mới"}},
	{"dia-ly", "Địa lí", []int{10, 11, 12}, []string{"Khí hậu nhiệt đới ẩm gió mùa", "Dân số và đô thị hoá", "Địa hình Việt Nam", "Kinh tế biển", "Vùng Đồng bằng sông Cửu Long",
		"Tài nguyên nước", "Thạch quyển"}},
	{"tin-hoc", "Tin học", []int{6, 7, 8, 9, 10, 11, 12}, []string{"Lập trình Python", "Cơ sở dữ liệu", "Thuật toán sắp xếp", "Mạng máy tính", "An toàn thông tin", "Trí tuệ nhân tạo"}},
	{"ngoai-ngu", "Tiếng Anh", []int{6, 7, 8, 9, 10, 11, 12}, []string{"Family life", "Environment", "Global warming", "Cultural diversity", "Ecotourism", "Inventions"}},
	{"gdcd", "Giáo dục công dân", []int{6, 7, 8, 9}, []string{"Quyền và nghĩa vụ công dân", "Tiết kiệm", "Tôn trọng pháp luật", "Phòng chống tệ nạn xã hội"}},
}

var kinds = []string{"Bài giảng", "Phiếu bài tập", "Đề kiểm tra", "Giáo án", "Tài liệu tham khảo", "Video bài học", "Chuyên đề", "Ôn tập"}

// sentences are written for this corpus; extra sentences (e.g. a Vietnamese treebank)
// can be added with Load.
var sentences = []string{
	"Học sinh cần nắm vững khái niệm cơ bản trước khi làm bài tập vận dụng.",
	"Giáo viên hướng dẫn các em thảo luận nhóm và trình bày kết quả trước lớp.",
	"Bài học gồm phần lí thuyết, ví dụ minh hoạ và bài tập tự luyện có đáp án.",
	"Các em hãy đọc kĩ đề bài, xác định dữ kiện và yêu cầu của câu hỏi.",
	"Phần này giúp học sinh ôn tập kiến thức đã học ở lớp dưới.",
	"Tài liệu được biên soạn theo chương trình giáo dục phổ thông năm 2018.",
	"Mỗi tiết học có mục tiêu rõ ràng về kiến thức, kĩ năng và phẩm chất.",
	"Học sinh làm việc cá nhân, sau đó trao đổi với bạn cùng bàn.",
	"Giáo viên nhận xét, đánh giá và chốt lại kiến thức trọng tâm.",
	"Bài tập về nhà giúp các em củng cố và mở rộng nội dung bài học.",
	"Hình ảnh và sơ đồ minh hoạ làm cho bài giảng sinh động, dễ hiểu hơn.",
	"Đề kiểm tra gồm câu hỏi trắc nghiệm và câu hỏi tự luận.",
	"Các em cần trình bày lời giải rõ ràng, lập luận chặt chẽ.",
	"Thí nghiệm được tiến hành trong phòng học bộ môn dưới sự hướng dẫn của giáo viên.",
	"Học sinh liên hệ kiến thức với thực tế cuộc sống ở địa phương.",
	"Bài giảng điện tử có thể dùng trên máy tính, máy chiếu và điện thoại.",
	"Phương pháp dạy học tích cực giúp học sinh chủ động tìm hiểu kiến thức.",
	"Cuối chương có bài ôn tập tổng hợp và đề tự kiểm tra.",
	"Câu hỏi mở đầu gợi sự tò mò và hứng thú của học sinh.",
	"Giáo viên có thể điều chỉnh thời lượng cho phù hợp với từng lớp.",
	"Ví dụ được chọn từ các kì thi tốt nghiệp trung học phổ thông những năm gần đây.",
	"Học sinh khá giỏi làm thêm các bài tập nâng cao ở cuối tài liệu.",
	"Nội dung tích hợp giáo dục bảo vệ môi trường và kĩ năng sống.",
	"Bảng tổng kết giúp các em hệ thống hoá kiến thức của cả chương.",
	"Sau bài học, học sinh tự đánh giá mức độ hiểu bài của mình.",
	"Các nhóm báo cáo sản phẩm học tập và nhận góp ý của cả lớp.",
	"Tổ chuyên môn đã thẩm định và đề nghị sử dụng tài liệu này trong nhà trường.",
	"Đáp án và hướng dẫn chấm được cung cấp kèm theo đề.",
	"Bài viết phân tích giá trị nội dung và nghệ thuật của tác phẩm.",
	"Học sinh vẽ sơ đồ tư duy để ghi nhớ các ý chính.",
}

// Generator makes documents. Not safe for concurrent use.
type Generator struct {
	rng       *rand.Rand
	sentences []string
}

// New returns a generator for a seed.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), sentences: sentences}
}

// Load adds sentences from a text file, one a line (e.g. the UD Vietnamese-VTB
// sentences under shared/fixtures/vietnamese). Tokenised punctuation is re-attached.
func (g *Generator) Load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		for _, p := range []string{" ,", " .", " !", " ?", " :", " ;"} {
			line = strings.ReplaceAll(line, p, p[1:])
		}
		if len(line) > 20 {
			g.sentences = append(g.sentences, line)
		}
	}
	return sc.Err()
}

// Doc is a generated document.
type Doc struct {
	Title, Description, Body string
	Subject                  string
	Grade                    int
	Kind                     string
}

// Next returns the next document.
func (g *Generator) Next() Doc {
	s := Subjects[g.rng.IntN(len(Subjects))]
	topic := s.Topics[g.rng.IntN(len(s.Topics))]
	grade := s.Grades[g.rng.IntN(len(s.Grades))]
	kind := kinds[g.rng.IntN(len(kinds))]
	d := Doc{Subject: s.Code, Grade: grade, Kind: kind}
	switch g.rng.IntN(3) {
	case 0:
		d.Title = fmt.Sprintf("%s: %s – %s %d", kind, topic, s.Name, grade)
	case 1:
		d.Title = fmt.Sprintf("%s (%s lớp %d)", topic, s.Name, grade)
	default:
		d.Title = fmt.Sprintf("%s %s – tiết %d", kind, lowerFirst(topic), 1+g.rng.IntN(5))
	}
	d.Description = fmt.Sprintf("%s môn %s lớp %d về %s. %s", kind, s.Name, grade, topic, g.sentence())
	var b strings.Builder
	words := 0
	for words < 200 {
		sent := g.sentence()
		if g.rng.IntN(4) == 0 {
			sent = fmt.Sprintf("Trong bài %s, %s", topic, lowerFirst(sent))
		}
		b.WriteString(sent)
		b.WriteByte(' ')
		words += len(strings.Fields(sent))
	}
	d.Body = strings.TrimSpace(b.String())
	return d
}

func (g *Generator) sentence() string { return g.sentences[g.rng.IntN(len(g.sentences))] }

// lowerFirst lower-cases the first letter (a whole rune: "Đề" -> "đề").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
