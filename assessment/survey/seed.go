package survey

import (
	"context"
	"fmt"

	"github.com/hoclieu/hoclieu/lms/identity"
)

// DemoSurvey is the survey SeedDemo creates: anonymous, for the teachers and students
// of the owner's school, one question of each kind.
func DemoSurvey(schoolID int64) NewSurvey {
	return NewSurvey{
		Title:       "Khảo sát mức độ hài lòng về học trực tuyến",
		Description: "Ý kiến của thầy cô và các em giúp nhà trường cải thiện việc dạy và học trực tuyến. Khảo sát ẩn danh.",
		Anonymous:   true,
		Audience:    Audience{OrgID: schoolID, Roles: []identity.Role{identity.RoleStudent, identity.RoleTeacher}},
		Questions: []Question{
			{Kind: Likert, Text: "Nền tảng học trực tuyến dễ sử dụng.", Required: true},
			{Kind: Single, Text: "Bạn thường học trực tuyến bằng thiết bị nào?", Options: []string{"Điện thoại", "Máy tính bảng", "Máy tính"}},
			{Kind: Multiple, Text: "Những tính năng nào bạn dùng nhiều nhất?", Options: []string{"Bài giảng", "Bài kiểm tra", "Thư viện học liệu", "Tìm kiếm"}},
			{Kind: Matrix, Text: "Đánh giá các mặt sau:", Rows: []string{"Tốc độ tải trang", "Chất lượng học liệu", "Hỗ trợ của giáo viên"}},
			{Kind: Text, Text: "Góp ý khác của bạn"},
		},
	}
}

// SeedDemo creates DemoSurvey, owned by owner for their home school, when there is no
// survey yet.
func (s *Service) SeedDemo(ctx context.Context, owner *identity.Actor) error {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM surveys`).Scan(&n); err != nil {
		return fmt.Errorf("survey: seed: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := s.Create(ctx, owner, DemoSurvey(owner.User.HomeOrgID)); err != nil {
		return fmt.Errorf("survey: seed: %w", err)
	}
	return nil
}
