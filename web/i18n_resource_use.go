package web

func init() {
	addMessages(map[string][2]string{
		"resource.use":        {"Dùng trong khoá học của tôi", "Use in my course"},
		"resource.use_button": {"Thêm vào khoá học", "Add to course"},
		"resource.use_help":   {"Thêm phiên bản đã duyệt mới nhất thành một mục ở cuối khoá học.", "Adds the newest published version as an item at the end of the course."},
		"resource.used":       {"Đã thêm học liệu vào khoá học.", "Resource added to the course."},
		"resource.use_course": {"Hãy chọn một khoá học bạn dạy.", "Choose a course you teach."},
	})
}
