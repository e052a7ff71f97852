package web

import (
	"fmt"
	"net/http"

	"golang.org/x/text/language"
)

// Locales are the interface languages, the first being the default.
var Locales = []string{"vi", "en"}

var langMatcher = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})

// pickLocale chooses the language: the user's setting, then the "lang" cookie, then
// Accept-Language, then Vietnamese.
func pickLocale(r *http.Request, userLocale string) string {
	if userLocale == "vi" || userLocale == "en" {
		return userLocale
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "vi" || c.Value == "en") {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return Locales[idx]
			}
		}
	}
	return "vi"
}

// translator returns the message function for a locale; unknown keys show the key
// itself so a missing translation is visible in tests and screenshots.
func translator(locale string) func(key string, args ...any) string {
	return func(key string, args ...any) string {
		m, ok := messages[key]
		if !ok {
			return key
		}
		s := m[0]
		if locale == "en" {
			s = m[1]
		}
		if len(args) > 0 {
			return fmt.Sprintf(s, args...)
		}
		return s
	}
}

// addMessages merges a catalog of messages (key -> Vietnamese, English) into the
// interface texts. Each area of the product keeps its texts in its own file
// (i18n_<area>.go) and calls it from init; a key defined twice is a programming error.
func addMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("web: message " + k + " defined twice")
		}
		messages[k] = v
	}
}

// messages maps a key to its Vietnamese and English text.
var messages = map[string][2]string{
	"app.name":                        {"Học liệu", "Hoclieu"},
	"app.tagline":                     {"Nền tảng học tập và kho học liệu số của thành phố", "The city's learning platform and digital resource library"},
	"nav.home":                        {"Trang chủ", "Home"},
	"nav.account":                     {"Tài khoản", "Account"},
	"nav.admin":                       {"Quản trị", "Administration"},
	"nav.logout":                      {"Đăng xuất", "Log out"},
	"nav.login":                       {"Đăng nhập", "Log in"},
	"nav.menu":                        {"Menu", "Menu"},
	"nav.skip":                        {"Bỏ qua đến nội dung chính", "Skip to main content"},
	"lang.switch":                     {"English", "Tiếng Việt"},
	"login.title":                     {"Đăng nhập", "Log in"},
	"login.username":                  {"Tên đăng nhập, email hoặc mã định danh", "Username, email or person ID"},
	"login.password":                  {"Mật khẩu", "Password"},
	"login.submit":                    {"Đăng nhập", "Log in"},
	"login.sso":                       {"Đăng nhập bằng tài khoản một lần của thành phố (SSO)", "Log in with the city single sign-on (SSO)"},
	"login.or":                        {"hoặc", "or"},
	"login.failed":                    {"Tên đăng nhập hoặc mật khẩu không đúng.", "The username or password is not correct."},
	"login.missing":                   {"Hãy nhập tên đăng nhập và mật khẩu.", "Enter your username and password."},
	"login.throttled":                 {"Đăng nhập sai quá nhiều lần. Hãy thử lại sau %d phút.", "Too many failed attempts. Try again in %d minutes."},
	"logout.done":                     {"Bạn đã đăng xuất.", "You have logged out."},
	"home.hello":                      {"Xin chào, %s", "Hello, %s"},
	"home.roles":                      {"Vai trò của bạn", "Your roles"},
	"home.classes":                    {"Lớp học của bạn", "Your classes"},
	"home.no_classes":                 {"Bạn chưa thuộc lớp học nào.", "You are not in any class yet."},
	"home.admin_intro":                {"Quản lý đơn vị, người dùng, lớp học và nhật ký hệ thống.", "Manage organizations, users, classes and the audit log."},
	"home.students":                   {"%d học sinh", "%d students"},
	"home.start":                      {"Bắt đầu từ đây", "Start here"},
	"home.study":                      {"việc cần làm, tiến độ, điểm và nhận xét", "what is due, progress, grades and feedback"},
	"home.courses":                    {"khoá học, bài giảng và bài tập", "courses, lessons and assignments"},
	"home.tests":                      {"ngân hàng câu hỏi và bài kiểm tra trực tuyến", "the question bank and online tests"},
	"home.reviews":                    {"học liệu và câu hỏi chờ thẩm định", "resources and questions waiting for review"},
	"home.surveys":                    {"khảo sát trực tuyến", "online surveys"},
	"role.student":                    {"Học sinh", "Student"},
	"role.teacher":                    {"Giáo viên", "Teacher"},
	"role.homeroom":                   {"Giáo viên chủ nhiệm", "Homeroom teacher"},
	"role.librarian":                  {"Cán bộ thư viện", "Librarian"},
	"role.reviewer":                   {"Tổ chuyên môn (thẩm định)", "Subject panel reviewer"},
	"role.parent":                     {"Phụ huynh", "Parent"},
	"role.school_admin":               {"Quản trị trường", "School administrator"},
	"role.district_admin":             {"Quản trị phòng GD&ĐT", "District administrator"},
	"role.city_admin":                 {"Quản trị Sở GD&ĐT", "City administrator"},
	"kind.city":                       {"Sở GD&ĐT", "City department"},
	"kind.district":                   {"Phòng GD&ĐT", "District office"},
	"kind.school":                     {"Trường", "School"},
	"account.title":                   {"Tài khoản của tôi", "My account"},
	"account.person_id":               {"Mã định danh", "Person ID"},
	"account.username":                {"Tên đăng nhập", "Username"},
	"account.email":                   {"Email", "Email"},
	"account.language":                {"Ngôn ngữ giao diện", "Interface language"},
	"account.save_lang":               {"Lưu ngôn ngữ", "Save language"},
	"account.change_pw":               {"Đổi mật khẩu", "Change password"},
	"account.current_pw":              {"Mật khẩu hiện tại", "Current password"},
	"account.new_pw":                  {"Mật khẩu mới (ít nhất 10 ký tự)", "New password (at least 10 characters)"},
	"account.pw_changed":              {"Đã đổi mật khẩu.", "Your password has been changed."},
	"account.lang_saved":              {"Đã lưu ngôn ngữ.", "Language saved."},
	"password.short":                  {"Mật khẩu phải có ít nhất %d ký tự.", "The password must have at least %d characters."},
	"password.long":                   {"Mật khẩu chỉ được tối đa %d ký tự.", "The password must have at most %d characters."},
	"password.wrong":                  {"Mật khẩu hiện tại không đúng.", "The current password is not correct."},
	"admin.title":                     {"Quản trị", "Administration"},
	"admin.orgs":                      {"Đơn vị", "Organizations"},
	"admin.users":                     {"Người dùng", "Users"},
	"admin.classes":                   {"Lớp học", "Classes"},
	"admin.audit":                     {"Nhật ký hệ thống", "Audit log"},
	"admin.import":                    {"Nhập từ CSV", "Import CSV"},
	"admin.new_org":                   {"Thêm đơn vị", "Add organization"},
	"admin.new_user":                  {"Thêm người dùng", "Add user"},
	"admin.new_class":                 {"Thêm lớp", "Add class"},
	"admin.parent":                    {"Đơn vị cấp trên", "Parent organization"},
	"admin.kind":                      {"Loại đơn vị", "Kind"},
	"admin.code":                      {"Mã đơn vị", "Code"},
	"admin.name":                      {"Tên", "Name"},
	"admin.address":                   {"Địa chỉ", "Address"},
	"admin.full_name":                 {"Họ và tên", "Full name"},
	"admin.school":                    {"Trường / đơn vị", "School / organization"},
	"admin.role":                      {"Vai trò", "Role"},
	"admin.roles":                     {"Vai trò", "Roles"},
	"admin.password_opt":              {"Mật khẩu (để trống nếu dùng SSO)", "Password (leave empty for SSO only)"},
	"admin.search":                    {"Tìm theo tên, tên đăng nhập, mã định danh", "Search by name, username or person ID"},
	"admin.search_btn":                {"Tìm", "Search"},
	"admin.create":                    {"Tạo", "Create"},
	"admin.save":                      {"Lưu", "Save"},
	"admin.created":                   {"Đã tạo.", "Created."},
	"admin.saved":                     {"Đã lưu.", "Saved."},
	"admin.grant":                     {"Cấp vai trò", "Grant role"},
	"admin.revoke":                    {"Thu hồi", "Revoke"},
	"admin.reset_pw":                  {"Đặt lại mật khẩu", "Reset password"},
	"admin.no_users":                  {"Không có người dùng nào.", "No users."},
	"admin.school_year":               {"Năm học", "School year"},
	"admin.grade":                     {"Khối", "Grade"},
	"admin.members":                   {"Thành viên", "Members"},
	"admin.add_member":                {"Thêm thành viên", "Add member"},
	"admin.subject":                   {"Môn", "Subject"},
	"admin.class_role":                {"Vai trò trong lớp", "Role in class"},
	"admin.user":                      {"Người dùng", "User"},
	"admin.when":                      {"Thời gian", "When"},
	"admin.who":                       {"Người thực hiện", "Who"},
	"admin.action":                    {"Hành động", "Action"},
	"admin.target":                    {"Đối tượng", "Target"},
	"admin.ip":                        {"Địa chỉ IP", "IP address"},
	"admin.filter":                    {"Lọc", "Filter"},
	"admin.more":                      {"Xem tiếp", "More"},
	"admin.person_pick":               {"Mã định danh của người dùng", "Person ID of the user"},
	"admin.disabled":                  {"Đã khóa", "Disabled"},
	"import.result":                   {"Kết quả nhập", "Import result"},
	"import.counts":                   {"%d dòng: %d tạo mới, %d cập nhật, %d không đổi, %d lỗi.", "%d rows: %d created, %d updated, %d unchanged, %d refused."},
	"import.line":                     {"Dòng", "Line"},
	"import.field":                    {"Cột", "Column"},
	"import.reason":                   {"Lý do", "Reason"},
	"import.users":                    {"Nhập người dùng (CSV)", "Import users (CSV)"},
	"import.users_help":               {"Các cột: person_id, full_name, school_code; tùy chọn: username, email, roles (student;teacher…), locale, password. UTF-8, dấu phẩy hoặc chấm phẩy. Nhập lại cùng tệp không thay đổi gì.", "Columns: person_id, full_name, school_code; optional: username, email, roles (student;teacher…), locale, password. UTF-8, comma or semicolon. Importing the same file again changes nothing."},
	"import.roster":                   {"Nhập danh sách lớp (CSV)", "Import class rosters (CSV)"},
	"import.roster_help":              {"Các cột: school_code, class, school_year, person_id; tùy chọn: grade, class_role (student/teacher/homeroom), subject.", "Columns: school_code, class, school_year, person_id; optional: grade, class_role (student/teacher/homeroom), subject."},
	"import.run":                      {"Nhập", "Import"},
	"import.too_large":                {"Tệp lớn hơn %d MiB; hãy chia nhỏ.", "The file is larger than %d MiB; split it."},
	"import.not_utf8":                 {"Tệp không phải UTF-8 (dòng %d): hãy lưu dưới dạng \"CSV UTF-8\".", "The file is not UTF-8 (line %d): save it as \"CSV UTF-8\"."},
	"import.columns":                  {"Thiếu cột: %s.", "Missing columns: %s."},
	"import.empty":                    {"Tệp không có dòng tiêu đề.", "The file has no header row."},
	"import.too_many":                 {"Tệp có hơn %d dòng; hãy chia nhỏ.", "The file has more than %d rows; split it."},
	"import.encoding":                 {"Tệp UTF-16 không hợp lệ.", "The file is not valid UTF-16."},
	"import.broken":                   {"Không đọc được tệp CSV: %v", "The file cannot be read as CSV: %v"},
	"nav.resources":                   {"Kho học liệu", "Resources"},
	"nav.reviews":                     {"Thẩm định", "Reviews"},
	"nav.notifications":               {"Thông báo", "Notifications"},
	"notif.new":                       {"Mới", "New"},
	"notif.none":                      {"Chưa có thông báo.", "No notifications."},
	"res.catalogue":                   {"Kho học liệu số", "Digital resource library"},
	"res.new":                         {"Thêm học liệu", "Add a resource"},
	"res.mine":                        {"Học liệu của tôi", "My resources"},
	"res.trash":                       {"Thùng rác", "Trash"},
	"res.search":                      {"Tìm theo tiêu đề", "Search titles"},
	"res.subject":                     {"Môn học", "Subject"},
	"res.type":                        {"Loại", "Type"},
	"res.scope":                       {"Phạm vi chia sẻ", "Sharing"},
	"res.licence":                     {"Giấy phép", "Licence"},
	"res.any":                         {"Tất cả", "Any"},
	"res.count":                       {"%d học liệu", "%d resources"},
	"res.none":                        {"Không có học liệu phù hợp.", "No matching resources."},
	"res.grade_n":                     {"Lớp %d", "Grade %d"},
	"res.title":                       {"Tiêu đề", "Title"},
	"res.description":                 {"Mô tả", "Description"},
	"res.files":                       {"Tệp (PDF, video, âm thanh, hình ảnh, bài trình chiếu…)", "Files (PDF, video, audio, images, slides…)"},
	"res.upload":                      {"Tải lên", "Upload"},
	"res.owner":                       {"Tác giả", "Author"},
	"res.version_n":                   {"Phiên bản %d", "Version %d"},
	"res.versions":                    {"Các phiên bản", "Versions"},
	"res.review_history":              {"Lịch sử thẩm định", "Review history"},
	"res.submit":                      {"Gửi thẩm định", "Submit for review"},
	"res.comment":                     {"Lời nhắn cho tổ chuyên môn", "Note for the panel"},
	"res.new_version":                 {"Tải lên phiên bản mới", "Upload a new version"},
	"res.note":                        {"Ghi chú thay đổi", "What changed"},
	"res.delete":                      {"Xóa (có thể khôi phục trong 30 ngày)", "Delete (restorable for 30 days)"},
	"res.restore":                     {"Khôi phục", "Restore"},
	"resource.created":                {"Đã tạo học liệu.", "Resource created."},
	"resource.version_added":          {"Đã tải lên phiên bản mới.", "New version uploaded."},
	"resource.submitted":              {"Đã gửi thẩm định.", "Submitted for review."},
	"resource.deleted":                {"Đã chuyển vào thùng rác.", "Moved to the trash."},
	"resource.restored":               {"Đã khôi phục.", "Restored."},
	"resource.title":                  {"Hãy nhập tiêu đề (tối đa 300 ký tự).", "Enter a title of at most 300 characters."},
	"resource.type":                   {"Hãy chọn loại học liệu.", "Choose a resource type."},
	"resource.subject":                {"Hãy chọn môn học.", "Choose a subject."},
	"resource.scope":                  {"Hãy chọn phạm vi chia sẻ.", "Choose who may see the resource."},
	"resource.licence":                {"Hãy chọn giấy phép.", "Choose a licence."},
	"resource.no_files":               {"Hãy đính kèm ít nhất một tệp.", "Attach at least one file."},
	"resource.duplicate_file":         {"Có hai tệp cùng tên %s.", "Two files are named %s."},
	"upload.executable":               {"Không nhận tệp thực thi (%s).", "Executable files are not accepted (%s)."},
	"upload.empty":                    {"Tệp %s rỗng.", "The file %s is empty."},
	"review.not_draft":                {"Phiên bản %d đang ở trạng thái %s.", "Version %d is already %s."},
	"review.own":                      {"Bạn không thể thẩm định học liệu của chính mình.", "You cannot review your own resource."},
	"review.decision":                 {"Quyết định phải là duyệt hoặc yêu cầu chỉnh sửa.", "The decision must be approve or request_changes."},
	"review.comment_needed":           {"Hãy ghi rõ cần chỉnh sửa gì.", "Say what should change."},
	"review.already":                  {"Bạn đã duyệt phiên bản này; cần thêm người khác duyệt.", "You already approved this version; another reviewer must approve it too."},
	"review.done":                     {"Đã cập nhật.", "Done."},
	"review.result.published":         {"Đã duyệt và xuất bản.", "Approved and published."},
	"review.result.submitted":         {"Đã ghi nhận lượt duyệt; cần thêm người duyệt.", "Approval recorded; another reviewer must approve."},
	"review.result.changes_requested": {"Đã gửi yêu cầu chỉnh sửa cho tác giả.", "Changes requested from the author."},
	"rev.title":                       {"Hàng chờ thẩm định", "Review queue"},
	"rev.submitted":                   {"gửi lúc", "submitted"},
	"rev.due":                         {"hạn", "due"},
	"rev.approvals":                   {"%d/%d lượt duyệt", "%d of %d approvals"},
	"rev.held_by":                     {"đang giữ:", "held by"},
	"rev.claim":                       {"Nhận thẩm định", "Claim"},
	"rev.release":                     {"Trả lại hàng chờ", "Hand back"},
	"rev.comment":                     {"Nhận xét", "Comment"},
	"rev.anchor":                      {"Vị trí (trang hoặc thời điểm)", "Where (page or time)"},
	"rev.anchor_hint":                 {"ví dụ: trang 3 hoặc 02:15", "e.g. page 3 or 02:15"},
	"rev.approve":                     {"Duyệt và xuất bản", "Approve"},
	"rev.request_changes":             {"Yêu cầu chỉnh sửa", "Request changes"},
	"rev.empty":                       {"Không có gì chờ thẩm định.", "Nothing to review."},
	"status.draft":                    {"Bản nháp", "Draft"},
	"status.submitted":                {"Chờ thẩm định", "Submitted"},
	"status.in_review":                {"Đang thẩm định", "In review"},
	"status.changes_requested":        {"Cần chỉnh sửa", "Changes requested"},
	"status.published":                {"Đã xuất bản", "Published"},
	"status.withdrawn":                {"Đã rút", "Withdrawn"},
	"event.submit":                    {"gửi thẩm định", "submitted"},
	"event.claim":                     {"nhận thẩm định", "claimed"},
	"event.release":                   {"trả lại hàng chờ", "handed back"},
	"event.reassign":                  {"giao lại", "reassigned"},
	"event.comment":                   {"nhận xét", "commented"},
	"event.approve":                   {"duyệt", "approved"},
	"event.request_changes":           {"yêu cầu chỉnh sửa", "requested changes"},
	"event.publish":                   {"xuất bản", "published"},
	"event.withdraw":                  {"rút", "withdrew"},
	"scope.private":                   {"Riêng tư", "Private"},
	"scope.school":                    {"Trong trường", "My school"},
	"scope.district":                  {"Trong quận/huyện", "My district"},
	"scope.city":                      {"Toàn thành phố", "Whole city"},
	"scope.public":                    {"Công khai", "Public"},
	"type.lesson":                     {"Bài giảng", "Lesson"},
	"type.e-textbook":                 {"Sách giáo khoa điện tử", "E-textbook"},
	"type.reference":                  {"Tài liệu tham khảo", "Reference"},
	"type.slides":                     {"Bài trình chiếu", "Slides"},
	"type.worksheet":                  {"Phiếu học tập", "Worksheet"},
	"type.audio":                      {"Âm thanh", "Audio"},
	"type.image":                      {"Hình ảnh", "Image"},
	"type.video":                      {"Video", "Video"},
	"type.simulation":                 {"Mô phỏng, thí nghiệm ảo", "Simulation / virtual lab"},
	"type.package":                    {"Gói HTML5", "HTML5 package"},
	"type.question-set":               {"Bộ câu hỏi", "Question set"},
	"type.other":                      {"Khác", "Other"},
	"upload.progress":                 {"Đang tải lên: %s%%", "Uploading: %s%%"},
	"sso.expired":                     {"Phiên đăng nhập SSO đã hết hạn hoặc không hợp lệ. Hãy thử lại.", "The single sign-on attempt expired or is not valid. Please try again."},
	"sso.refused":                     {"Hệ thống đăng nhập một lần đã từ chối đăng nhập.", "The single sign-on service refused the sign-in."},
	"sso.failed":                      {"Không kết nối được hệ thống đăng nhập một lần. Hãy thử lại sau hoặc đăng nhập bằng mật khẩu.", "The single sign-on service could not be reached. Try again later or log in with a password."},
	"sso.unknown":                     {"Tài khoản SSO của bạn chưa có trong Học liệu. Hãy liên hệ quản trị trường để được cấp tài khoản.", "Your single sign-on account is not known to Hoclieu. Ask your school administrator to add you."},
	"error.title":                     {"Có lỗi", "Something went wrong"},
	"error.403":                       {"Bạn không có quyền thực hiện việc này.", "You are not allowed to do this."},
	"error.404":                       {"Không tìm thấy trang hoặc dữ liệu bạn cần.", "The page or item was not found."},
	"error.409":                       {"Dữ liệu đã bị thay đổi hoặc đã tồn tại.", "The item already exists or was changed."},
	"error.413":                       {"Dữ liệu gửi lên quá lớn.", "What you sent is too large."},
	"error.429":                       {"Quá nhiều yêu cầu. Hãy thử lại sau.", "Too many requests. Try again later."},
	"error.500":                       {"Lỗi hệ thống. Chúng tôi đã ghi lại lỗi; hãy thử lại sau.", "A server error happened. It has been logged; please try again later."},
	"error.503":                       {"Dịch vụ tạm thời gián đoạn. Hãy thử lại sau ít phút.", "The service is briefly unavailable. Try again in a few minutes."},
	"error.401":                       {"Bạn cần đăng nhập.", "You need to log in."},
	"error.400":                       {"Yêu cầu không hợp lệ.", "The request is not valid."},
	"error.back":                      {"Về trang chủ", "Back to the home page"},
	"error.request_id":                {"Mã yêu cầu", "Request ID"},
	"form.required":                   {"bắt buộc", "required"},
	// Validation messages of the domains (fault.ValidationError.Key) and requests.
	"user.person_id":       {"Mã định danh là bắt buộc (tối đa 64 ký tự, không có dấu cách).", "The person ID is required (at most 64 characters, no spaces)."},
	"user.username":        {"Tên đăng nhập chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới (tối đa 40).", "The account name may use letters, digits, dots, dashes and underscores (at most 40)."},
	"user.name":            {"Hãy nhập họ và tên (tối đa 200 ký tự).", "Enter the full name (at most 200 characters)."},
	"user.email":           {"Địa chỉ email %s không hợp lệ.", "The email address %s is not valid."},
	"user.locale":          {"Ngôn ngữ phải là vi hoặc en.", "The language must be vi or en."},
	"user.role":            {"Vai trò %s không tồn tại.", "Unknown role %s."},
	"user.person_id_taken": {"Mã định danh này đã thuộc về người dùng khác.", "Another user already has this person ID."},
	"user.username_taken":  {"Tên đăng nhập này đã có người dùng.", "Another user already has this username."},
	"user.email_taken":     {"Email này đã thuộc về người dùng khác.", "Another user already has this email address."},
	"home.resources":       {"Kho học liệu số: tìm, tải lên và gửi thẩm định học liệu.", "Resource library: find, upload and submit learning resources for review."},
	"org.code":             {"Mã đơn vị gồm 1–40 chữ, số, dấu chấm, gạch ngang hoặc gạch dưới.", "The code must be 1 to 40 letters, digits, dots, dashes or underscores."},
	"org.name":             {"Hãy nhập tên (tối đa 200 ký tự).", "Enter a name of at most 200 characters."},
	"org.kind":             {"Không thể tạo %s dưới %s.", "A %s cannot be created under a %s."},
	"org.code_taken":       {"Mã %s đã được dùng.", "The code %s is already used."},
	"class.name":           {"Hãy nhập tên lớp (tối đa 60 ký tự).", "Enter the class name (at most 60 characters)."},
	"class.year":           {"Năm học phải có dạng 2026-2027.", "The school year must look like 2026-2027."},
	"class.grade":          {"Khối lớp phải từ 1 đến 12.", "The grade must be from 1 to 12."},
	"class.taken":          {"Trường đã có lớp %s trong năm học %s.", "The school already has a class %s in %s."},
	"class.role":           {"Vai trò trong lớp phải là học sinh, giáo viên hoặc chủ nhiệm.", "The class role must be student, teacher or homeroom."},
	"class.org":            {"Lớp học phải thuộc một trường.", "Classes belong to a school."},
	"class.other_school":   {"Người này thuộc trường khác.", "This person belongs to another school."},
	"request.json":         {"Dữ liệu JSON không hợp lệ: %s", "The JSON is not valid: %s"},
	"request.form":         {"Dữ liệu biểu mẫu không hợp lệ.", "The form data is not valid."},
	"request.too_large":    {"Dữ liệu gửi lên vượt quá %d MiB.", "The request is larger than %d MiB."},
	"request.id":           {"Mã số không hợp lệ.", "The id is not valid."},
}
