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
