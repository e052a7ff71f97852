package web

func init() {
	addMessages(map[string][2]string{
		"pkg.invalid":  {"Không mở được gói HTML5 này: %s", "This HTML5 package cannot be opened: %s"},
		"pkg.no_entry": {"Gói nén này không có trang web (index.html) để mở; hãy tải về.", "This archive has no web page (index.html) to open; download it instead."},
		"pkg.frame":    {"Mô phỏng: %s", "Simulation: %s"},
		"pkg.sandbox":  {"Chạy trong khung cách ly: không truy cập được tài khoản của bạn.", "Runs in an isolated frame: it cannot reach your account."},
	})
}
