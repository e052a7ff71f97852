package markdown

import (
	"strings"
	"testing"
)

// BenchmarkRenderLesson renders a lesson of about 6 KB (headings, a table, math,
// footnotes, task lists and two embeds), as a reader's request does.
func BenchmarkRenderLesson(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 12; i++ {
		sb.WriteString("## Phần " + strings.Repeat("I", i%4+1) + "\n\nHàm số $y = ax^2 + bx + c$ có đồ thị là parabol[^" + string(rune('a'+i)) + "].\n\n")
		sb.WriteString("| x | -1 | 0 | 1 |\n|---|---|---|---|\n| y | 1 | 0 | 1 |\n\n- [x] Đọc lý thuyết\n- [ ] Làm bài tập\n\n")
		sb.WriteString("[^" + string(rune('a'+i)) + "]: Sách giáo khoa Toán 10.\n\n")
	}
	sb.WriteString("![Video](resource:1@2)\n\n![Đề](resource:2)\n")
	src := sb.String()
	resolve := resolver(nil)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Render(src, resolve)
	}
}
