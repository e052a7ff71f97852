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

// Texts of the question import.
func init() {
	addMessages(map[string][2]string{
		"qimport.title":         {"Nhập câu hỏi từ tệp", "Import questions from a file"},
		"qimport.hint":          {"Tải lên tệp CSV hoặc Excel (XLSX) theo mẫu, mỗi dòng một câu hỏi, hoặc một câu hỏi IMS QTI 2.1/2.2/3.0 (.xml) hay gói nội dung QTI (.zip). Các câu được thêm vào ngân hàng dưới dạng bản nháp của thầy cô.", "Upload a CSV or Excel (XLSX) file in the template's layout, one question a line, or an IMS QTI 2.1/2.2/3.0 item (.xml) or QTI content package (.zip). The questions are added to the bank as your drafts."},
		"qimport.template":      {"Tải tệp mẫu (CSV)", "Download the template (CSV)"},
		"qimport.file":          {"Tệp câu hỏi", "Question file"},
		"qimport.columns":       {"Các cột của mẫu", "The template's columns"},
		"qimport.columns_hint":  {"loai: trắc nghiệm, nhiều đáp án, đúng sai, trả lời ngắn, số, tự luận; muc_do: nhận biết, thông hiểu, vận dụng, vận dụng cao; A–F: phương án hoặc 4 mệnh đề; dap_an: chữ cái (B hoặc A,C), Đ/S cho từng mệnh đề, các đáp án chấp nhận cách nhau bằng |, hoặc một số.", "loai (type): single choice, multiple response, true/false, short text, numeric, essay; muc_do (level): the four Vietnamese levels; A–F: options or the four statements; dap_an (key): letters (B or A,C), Đ/S per statement, accepted answers separated by |, or a number."},
		"qimport.submit":        {"Nhập câu hỏi", "Import"},
		"qimport.done":          {"Đã thêm %d câu hỏi.", "%d questions added."},
		"qimport.errors":        {"Tệp có lỗi", "The file has errors"},
		"qimport.line":          {"Dòng %d", "Line %d"},
		"qimport.nothing_added": {"Chưa câu nào được thêm: sửa các dòng trên rồi tải lại tệp.", "Nothing was added: fix these lines and upload the file again."},
		"bank.import":           {"Nhập từ tệp CSV/Excel", "Import from CSV/Excel"},
		// errors of the sheet parser (keys from the assessment domain)
		"qimport.too_big":     {"Tệp lớn hơn %d MB.", "The file is larger than %d MB."},
		"qimport.encoding":    {"Hãy lưu tệp CSV với bảng mã UTF-8.", "Save the CSV file as UTF-8."},
		"qimport.csv":         {"Tệp không phải CSV.", "The file is not a CSV file."},
		"qimport.csv_line":    {"Không đọc được tệp CSV ở đây: %s.", "The CSV file cannot be read here: %s."},
		"qimport.xlsx":        {"Tệp không phải bảng tính Excel (XLSX).", "The file is not an Excel workbook (XLSX)."},
		"qimport.empty":       {"Tệp không có dòng tiêu đề.", "The file has no header row."},
		"qimport.too_many":    {"Mỗi lần nhập tối đa %d câu.", "Import at most %d questions at once."},
		"qimport.no_rows":     {"Tệp không có câu hỏi nào dưới dòng tiêu đề.", "The file has no questions under the header row."},
		"qimport.no_column":   {"Dòng tiêu đề thiếu cột %q (xem tệp mẫu).", "The header row has no %q column (see the template)."},
		"qimport.type":        {"Không rõ loại câu hỏi %q (trắc nghiệm, nhiều đáp án, đúng sai, trả lời ngắn, số, tự luận).", "Unknown question type %q (single_choice, multiple_response, true_false, short_text, numeric, essay)."},
		"qimport.level":       {"Không rõ mức độ %q (nhận biết, thông hiểu, vận dụng, vận dụng cao).", "Unknown cognitive level %q (nhận biết, thông hiểu, vận dụng, vận dụng cao)."},
		"qimport.grade":       {"Lớp %q không phải số từ 1 đến 12.", "The grade %q is not a number from 1 to 12."},
		"qimport.number":      {"%q không phải là số.", "%q is not a number."},
		"qimport.difficulty":  {"Độ khó %q không phải số từ 1 đến 5.", "The difficulty %q is not a number from 1 to 5."},
		"qimport.key_letters": {"Đáp án %q không ứng với phương án nào (ghi chữ cái như B hoặc A,C).", "The key %q names no option (write letters such as B or A,C)."},
		"qimport.key_truth":   {"Đáp án %q không phải Đ hoặc S.", "The key %q is not Đ or S."},
		"qimport.key_count":   {"Ghi một Đ hoặc S cho mỗi mệnh đề (%d mệnh đề, đáp án %q).", "Give one Đ or S per statement (%d statements, key %q)."},
		"qimport.key_number":  {"Đáp số %q không phải là số.", "The answer %q is not a number."},
		"qimport.qti":         {"Câu hỏi QTI %s không đọc được: %s", "The QTI item %s cannot be read: %s"},
		"qimport.qti_legend":  {"Với tệp QTI (.xml hoặc gói .zip)", "For QTI files (.xml or a .zip package)"},
		"qimport.qti_hint":    {"Tệp QTI không ghi môn, lớp và mức độ: chọn ở đây cho mọi câu trong tệp.", "QTI files do not say the subject, grade and level: choose them here for every question in the file."},
		"qimport.zip":         {"Không đọc được tệp zip: %s", "The zip file cannot be read: %s"},
		"qimport.manifest":    {"Tệp zip không có imsmanifest.xml hợp lệ ở thư mục gốc.", "The zip file has no valid imsmanifest.xml at its root."},
		"qimport.missing":     {"imsmanifest.xml ghi tệp %s nhưng tệp zip không có.", "imsmanifest.xml lists %s, which is not in the zip file."},
		"qimport.no_items":    {"imsmanifest.xml không ghi câu hỏi QTI nào.", "imsmanifest.xml lists no QTI items."},
		"qexport.type":        {"Loại câu hỏi này chưa xuất được sang QTI.", "Questions of this type cannot be exported as QTI yet."},
		"qexport.qti":         {"Tải về dạng QTI", "Download as QTI"},
		"qimport.subject":     {"Không có môn học mã %q.", "Unknown subject code %q."},
		"qimport.row":         {"%s", "%s"},
	})
}

// Texts of the subject-panel review of questions.
func init() {
	addMessages(map[string][2]string{
		"qreview.title":          {"Thẩm định câu hỏi", "Question review"},
		"qreview.hint":           {"Câu hỏi thầy cô trong tổ bộ môn gửi thẩm định. Chỉ câu đã duyệt mới được người khác thấy và dùng trong bài kiểm tra.", "Questions sent for review by the subject panel's teachers. Only approved questions are seen and used in tests by other people."},
		"qreview.none":           {"Không có câu hỏi nào chờ thẩm định.", "No question is waiting for review."},
		"qreview.approve":        {"Duyệt", "Approve"},
		"qreview.return":         {"Trả lại để sửa", "Send back"},
		"qreview.send":           {"Gửi thẩm định", "Send for review"},
		"qreview.accepted":       {"Đáp án chấp nhận", "Accepted answers"},
		"qreview.done.in_review": {"Đã gửi câu hỏi đi thẩm định.", "The question is sent for review."},
		"qreview.done.approved":  {"Đã duyệt câu hỏi.", "The question is approved."},
		"qreview.done.draft":     {"Đã trả câu hỏi lại cho tác giả.", "The question is sent back to its author."},
		"item.not_in_review":     {"Chỉ duyệt hoặc trả lại câu hỏi đã được gửi thẩm định.", "Only a question sent for review can be approved or returned."},
	})
}
