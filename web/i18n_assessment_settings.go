package web

// Texts of the test settings: access code, IP ranges, sequential navigation.
func init() {
	addMessages(map[string][2]string{
		"test.navigation":       {"Cách chuyển câu", "Navigation"},
		"navigation.free":       {"Tự do (quay lại được)", "Free (can go back)"},
		"navigation.sequential": {"Tuần tự (không quay lại)", "Sequential (no going back)"},
		"test.code_label":       {"Mã vào bài", "Access code"},
		"test.code_hint":        {"Để trống nếu không cần. Giáo viên đọc mã cho học sinh trong phòng thi.", "Leave empty for none. The teacher gives the code out in the room."},
		"test.ip_ranges":        {"Mạng được phép (IP)", "Allowed networks (IP)"},
		"test.ip_ranges_hint":   {"Địa chỉ hoặc dải CIDR, cách nhau bằng dấu phẩy; để trống: mọi nơi.", "Addresses or CIDR ranges, separated by commas; empty: anywhere."},
		"test.sequential_hint":  {"Bài này làm lần lượt từng câu: đã sang câu sau thì không quay lại được.", "This test goes one question at a time: once you move on you cannot go back."},
		// validation (keys from the assessment domain)
		"test.bad_code":        {"Mã vào bài dài tối đa 40 ký tự.", "The access code has at most 40 characters."},
		"test.bad_navigation":  {"Cách chuyển câu là tự do hoặc tuần tự.", "Navigation is free or sequential."},
		"test.bad_ip_range":    {"%q không phải địa chỉ hoặc dải IP (ví dụ 10.1.2.0/24).", "%q is not an IP address or range (e.g. 10.1.2.0/24)."},
		"test.too_many_ranges": {"Một bài kiểm tra có tối đa %d dải IP.", "A test lists at most %d IP ranges."},
		"test.access_code":     {"Mã vào bài chưa đúng: hãy hỏi giáo viên.", "The access code is not right: ask your teacher for it."},
		"test.ip_range":        {"Bài kiểm tra này chỉ làm được từ mạng của trường.", "This test can only be taken from the school's network."},
		"attempt.passed":       {"Bài này không cho quay lại câu trước.", "In this test you cannot go back to an earlier question."},
	})
}

// Texts of score overrides, regrading and the score audit.
func init() {
	addMessages(map[string][2]string{
		"override.new":             {"Sửa điểm", "New result"},
		"override.badge":           {"đã sửa", "overridden"},
		"override.computed":        {"điểm tính", "computed"},
		"override.clear":           {"bỏ sửa", "remove"},
		"override.reason_label":    {"Lý do sửa điểm", "Reason for the change"},
		"override.save":            {"Lưu điểm đã sửa", "Save the changes"},
		"override.saved":           {"Đã lưu điểm đã sửa.", "The changed results are saved."},
		"grade.blind":              {"Chấm ẩn danh (ẩn tên học sinh)", "Blind grading (hide the students' names)"},
		"grade.show_names":         {"Hiện tên học sinh", "Show the students' names"},
		"grade.anonymous":          {"Bài làm ẩn danh", "Anonymous answer"},
		"regrade.title":            {"Chấm lại", "Regrade"},
		"regrade.reason":           {"Lý do (ví dụ: sửa đáp án)", "Reason (e.g. key fixed)"},
		"regrade.button":           {"Chấm lại", "Regrade"},
		"regrade.hint":             {"Sửa đáp án bằng cách lưu phiên bản mới của câu hỏi, rồi bấm Chấm lại: mọi bài đã nộp được chấm lại và mỗi điểm thay đổi được ghi lại.", "Fix the key by saving a new version of the question, then press Regrade: every finished attempt is scored again and each changed score is recorded."},
		"regrade.done":             {"Đã chấm lại.", "Regraded."},
		"changes.title":            {"Lịch sử thay đổi điểm", "Score changes"},
		"changes.none":             {"Chưa có thay đổi nào.", "No changes yet."},
		"changes.override":         {"Sửa điểm", "Override"},
		"changes.override_removed": {"Bỏ sửa điểm", "Override removed"},
		"changes.grade":            {"Chấm lại tự luận", "Essay graded again"},
		"changes.regrade":          {"Chấm lại sau khi sửa đáp án", "Regraded after a key fix"},
		// validation (keys from the assessment domain)
		"override.count":       {"Mỗi lần sửa từ 1 đến %d kết quả.", "Change from 1 to %d results at once."},
		"override.reason":      {"Ghi lý do thay đổi (tối đa 500 ký tự).", "Give the reason for the change (at most 500 characters)."},
		"override.range":       {"Kết quả từ 0 đến %v.", "A result is from 0 to %v."},
		"override.not_student": {"Người dùng %d không phải học sinh của các lớp làm bài này.", "User %d is not a student of this test's classes."},
		"regrade.open":         {"Còn %d học sinh đang làm bài: hãy chấm lại khi mọi bài đã nộp.", "%d students are still taking the test: regrade when every attempt is finished."},
		"regrade.same":         {"Bài kiểm tra đang dùng phiên bản này: hãy lưu phiên bản mới của câu hỏi với đáp án đã sửa trước.", "The test already uses this version: fix the key by saving a new version of the question first."},
		"regrade.shape":        {"Phiên bản mới phải cùng loại và cùng số phần, nếu không câu trả lời của học sinh sẽ đổi nghĩa.", "The new version must have the same type and number of parts, or the students' answers would change meaning."},
	})
}

// Texts of the item analysis' group figures and mastery.
func init() {
	addMessages(map[string][2]string{
		"analysis.upper_lower":   {"Độ phân biệt (nhóm 27%)", "Upper-lower 27%"},
		"analysis.options":       {"Số lần chọn phương án", "Option choices"},
		"analysis.option_groups": {"nhóm trên %d, nhóm dưới %d", "upper group %d, lower group %d"},
		"analysis.options_hint":  {"* là đáp án đúng; rê chuột lên để xem số lần chọn ở nhóm 27% điểm cao và thấp.", "* marks the key; hover for the choices of the top and bottom 27% by score."},
		"analysis.mastery":       {"Mức độ nắm vững theo lớp, chủ đề và mức độ nhận thức", "Mastery by class, topic and cognitive level"},
		"analysis.share":         {"Tỉ lệ điểm đạt", "Share of points"},
	})
}
