package web

func init() {
	addMessages(map[string][2]string{
		"pkg.invalid":  {"Không mở được gói HTML5 này: %s", "This HTML5 package cannot be opened: %s"},
		"pkg.no_entry": {"Gói nén này không có trang web (index.html) để mở; hãy tải về.", "This archive has no web page (index.html) to open; download it instead."},
		"pkg.frame":    {"Mô phỏng: %s", "Simulation: %s"},
		"pkg.sandbox":  {"Chạy trong khung cách ly: không truy cập được tài khoản của bạn.", "Runs in an isolated frame: it cannot reach your account."},
		// archive.* are the reasons repository/archive refuses a package; those whose
		// message always takes the same arguments are translated here.
		"archive.not_zip":        {"Tệp không phải tệp nén ZIP, hoặc đã hỏng.", "The file is not a ZIP archive, or it is damaged."},
		"archive.absolute_path":  {"Mục %q có đường dẫn tuyệt đối; mọi mục phải nằm trong gói.", "The entry %q has an absolute path; entries must be inside the package."},
		"archive.drive_letter":   {"Mục %q bắt đầu bằng ký tự ổ đĩa; mọi mục phải nằm trong gói.", "The entry %q starts with a drive letter; entries must be inside the package."},
		"archive.parent_path":    {"Mục %q đi ra ngoài gói (\"..\"); mọi mục phải nằm trong gói.", "The entry %q goes up out of the package (\"..\"); entries must be inside it."},
		"archive.symlink":        {"Mục %q là liên kết tượng trưng; không chấp nhận liên kết.", "The entry %q is a symbolic link; links are not accepted."},
		"archive.special_file":   {"Mục %q là thiết bị, đường ống hoặc socket, không phải tệp; không được chấp nhận.", "The entry %q is a device, pipe or socket, not a file; it is not accepted."},
		"archive.encrypted":      {"Mục %q được mã hoá; hãy nén lại không đặt mật khẩu.", "The entry %q is encrypted; upload the archive without a password."},
		"archive.compression":    {"Mục %q dùng kiểu nén %s không được hỗ trợ; hãy nén lại bằng kiểu chuẩn (Deflate).", "The entry %q uses compression method %s, which is not supported; make the archive again with the standard (Deflate) compression."},
		"archive.too_many_files": {"Gói có ít nhất %d mục; tối đa %d mục.", "The archive has at least %d entries; at most %d are allowed."},
		"archive.file_too_big":   {"Tệp %q giải nén ra hơn %s, quá mức cho một tệp.", "The file %q unpacks to more than %s, the most allowed for one file."},
		"archive.too_big":        {"Gói giải nén ra hơn %s, quá mức cho phép.", "The archive unpacks to more than %s, the most allowed."},
		"archive.overlap":        {"Các mục %q và %q dùng chung dữ liệu; đây có vẻ là bom nén (zip bomb).", "The entries %q and %q share their data; this looks like a zip bomb."},
		"archive.corrupt":        {"Mục %q bị hỏng, không giải nén được.", "The entry %q is damaged and cannot be unpacked."},
	})
}
