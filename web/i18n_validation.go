package web

// Vietnamese texts of the domains' validation errors that had only their English
// message (the fallback). The %v verbs take the same arguments, in the same order.
func init() {
	addMessages(map[string][2]string{
		"blob.content_type":       {"%q không phải là một kiểu dữ liệu hợp lệ.", "%q is not a valid media type."},
		"blob.presign_ttl":        {"Liên kết tải về phải có hạn từ %v đến %v.", "A download link must live between %v and %v."},
		"blob.size":               {"Kích thước %d không hợp lệ.", "The size %d is not valid."},
		"blob.size_mismatch":      {"Tệp tải lên kết thúc trước khi đủ %d byte đã báo.", "The upload ended before the %d bytes announced."},
		"import.binary":           {"Tệp không phải CSV dạng văn bản (có byte NUL; có thể là UTF-16 không có BOM?): hãy lưu lại dưới dạng \"CSV UTF-8\".", "The file is not a text CSV (it holds NUL bytes; UTF-16 without a byte order mark?): save it as \"CSV UTF-8\"."},
		"import.duplicate":        {"Trùng với dòng %d (cùng mã định danh).", "Duplicate of line %d (same person ID)."},
		"import.duplicate_column": {"Dòng tiêu đề có hai cột %s.", "The header names the column %s twice."},
		"import.duplicate_member": {"Trùng với dòng %d (cùng lớp, người và vai trò trong lớp).", "Duplicate of line %d (same class, person and class role)."},
		"import.grade_mismatch":   {"Lớp %s của %s thuộc khối %d, không phải khối %d.", "Class %s of %s is grade %d, not %d."},
		"import.not_school":       {"%s là %s, không phải trường học.", "%s is a %s, not a school."},
		"import.role":             {"Vai trò %s không có: dùng student, teacher, librarian, reviewer, parent hoặc school_admin.", "Unknown role %s: use student, teacher, librarian, reviewer, parent or school_admin."},
		"import.school":           {"Không có trường mã %s.", "Unknown school code %s."},
		"import.school_required":  {"Cần mã trường.", "The school code is required."},
		"import.unknown_person":   {"Không có người dùng mang mã định danh %s; hãy nhập danh sách người dùng trước.", "No user has the person ID %s; import the users first."},
		"panel.name":              {"Hãy nhập tên tổ chuyên môn.", "Enter the panel's name."},
		"resource.description":    {"Mô tả quá dài (tối đa 20.000 ký tự).", "The description is too long (at most 20,000 characters)."},
		"resource.grades":         {"Khối lớp từ 1 đến 12.", "Grades are 1 to 12."},
		"resource.quota":          {"Hạn mức dung lượng không được âm.", "A quota cannot be negative."},
		"review.comment":          {"Hãy viết nhận xét (tối đa 10.000 ký tự).", "Write a comment (at most 10,000 characters)."},
		"review.not_member":       {"Hãy chọn một thành viên của tổ, không phải tác giả.", "Choose a member of the panel who is not the author."},
		"sniff.disguised":         {"Tệp này mang tên ảnh (%s) nhưng chứa %s, loại có thể chạy mã lệnh.", "This file is named as an image (%s) but contains %s, which can run scripts."},
		"sniff.empty":             {"Tệp trống.", "The file is empty."},
		"sniff.executable":        {"Không nhận tệp chương trình chạy được (%s).", "Executable files (%s) are not accepted."},
		"sniff.program_name":      {"Tệp có đuôi %s là chương trình chạy được nên không được nhận.", "Files ending in %s run as programs and are not accepted."},
		"sniff.script":            {"Không nhận tệp kịch bản lệnh (%s).", "Scripts (%s) are not accepted."},
	})
}
