package web

// The reasons repository/archive refuses an uploaded ZIP (archive.Reasons): one key
// per message, so each is translated with the arguments it is given. The English
// texts are the package's own (TestI18nArchiveReasons keeps them equal).
func init() {
	addMessages(map[string][2]string{
		"archive.not_zip":        {"Tệp không phải tệp nén ZIP, hoặc đã hỏng.", "The file is not a ZIP archive, or it is damaged."},
		"archive.too_many_files": {"Gói có ít nhất %d mục; tối đa %d mục.", "The archive has at least %d entries; at most %d are allowed."},

		"archive.bad_name.utf8":       {"Tên của mục %q không phải UTF-8 hợp lệ, dù tệp nén ghi là dùng UTF-8.", "The entry %q has a name that is not valid UTF-8 although the archive says it is."},
		"archive.bad_name.unreadable": {"Không đọc được tên của mục %q.", "The entry %q has a name that cannot be read."},
		"archive.bad_name.empty":      {"Tệp nén có một mục không có tên.", "An entry in the archive has no name."},
		"archive.bad_name.nul":        {"Tên của mục %q chứa byte NUL.", "The entry %q has a NUL byte in its name."},
		"archive.bad_name.control":    {"Tên của mục %q chứa ký tự điều khiển.", "The entry %q has a control character in its name."},
		"archive.bad_name.dots":       {"Mục %q không có tên dùng được: tên chỉ gồm dấu chấm và dấu gạch chéo.", "The entry %q has no usable name: it is only dots and slashes."},
		"archive.absolute_path":       {"Mục %q có đường dẫn tuyệt đối; mọi mục phải nằm trong gói.", "The entry %q has an absolute path; entries must be inside the package."},
		"archive.drive_letter":        {"Mục %q bắt đầu bằng ký tự ổ đĩa; mọi mục phải nằm trong gói.", "The entry %q starts with a drive letter; entries must be inside the package."},
		"archive.parent_path":         {"Mục %q đi ra ngoài gói (\"..\"); mọi mục phải nằm trong gói.", "The entry %q goes up out of the package (\"..\"); entries must be inside it."},
		"archive.name_too_long.part":  {"Mục %q có tên thư mục hoặc tên tệp (giữa hai dấu gạch chéo) dài hơn %d byte.", "The entry %q has a folder or file name between slashes longer than %d bytes."},
		"archive.name_too_long.path":  {"Tên của mục %q, tính cả các thư mục, dài hơn %d byte.", "The entry %q has a name longer than %d bytes, counting its folders."},
		"archive.too_deep":            {"Mục %q nằm sâu %d cấp thư mục; chỉ cho phép tối đa %d cấp.", "The entry %q is nested %d levels deep; at most %d are allowed."},

		"archive.duplicate.same":        {"Tệp nén có mục %q xuất hiện hai lần.", "The entry %q appears twice in the archive."},
		"archive.duplicate.case":        {"Các mục %q và %q chỉ khác nhau ở chữ hoa, chữ thường hoặc cách mã hoá dấu; một số máy tính không lưu được cả hai.", "The entries %q and %q differ only in letter case or accents' encoding; some computers cannot hold both."},
		"archive.duplicate.file_folder": {"Mục %q là tệp, nhưng mục %q lại dùng nó làm thư mục.", "The entry %q is a file, but %q uses it as a folder."},

		"archive.symlink":      {"Mục %q là liên kết tượng trưng; không chấp nhận liên kết.", "The entry %q is a symbolic link; links are not accepted."},
		"archive.special_file": {"Mục %q là thiết bị, đường ống hoặc socket, không phải tệp; không được chấp nhận.", "The entry %q is a device, pipe or socket, not a file; it is not accepted."},
		"archive.encrypted":    {"Mục %q được mã hoá; hãy nén lại không đặt mật khẩu.", "The entry %q is encrypted; upload the archive without a password."},
		"archive.compression":  {"Mục %q dùng kiểu nén %s không được hỗ trợ; hãy nén lại bằng kiểu chuẩn (Deflate).", "The entry %q uses compression method %s, which is not supported; make the archive again with the standard (Deflate) compression."},

		"archive.file_too_big":  {"Tệp %q giải nén ra hơn %s, quá mức cho một tệp.", "The file %q unpacks to more than %s, the most allowed for one file."},
		"archive.too_big":       {"Gói giải nén ra hơn %s, quá mức cho phép.", "The archive unpacks to more than %s, the most allowed."},
		"archive.ratio.file":    {"Tệp %q khi giải nén lớn gấp hơn %d lần; đây có vẻ là bom nén (zip bomb).", "The file %q expands more than %d times when unpacked; this looks like a zip bomb."},
		"archive.ratio.archive": {"Tệp nén khi giải nén lớn gấp hơn %d lần; đây có vẻ là bom nén (zip bomb).", "The archive expands more than %d times when unpacked; this looks like a zip bomb."},
		"archive.overlap":       {"Các mục %q và %q dùng chung dữ liệu; đây có vẻ là bom nén (zip bomb).", "The entries %q and %q share their data; this looks like a zip bomb."},

		"archive.corrupt":              {"Mục %q bị hỏng, không giải nén được.", "The entry %q is damaged and cannot be unpacked."},
		"archive.corrupt.folder_data":  {"Mục %q là thư mục nhưng lại chứa dữ liệu.", "The entry %q is a folder but holds data."},
		"archive.corrupt.missing_data": {"Mục %q bị hỏng: thiếu dữ liệu.", "The entry %q is damaged: its data is missing."},
		"archive.corrupt.header":       {"Mục %q bị hỏng: không đọc được phần đầu (header) của mục.", "The entry %q is damaged: its header cannot be read."},
		"archive.corrupt.checksum":     {"Mục %q bị hỏng: mã kiểm tra (CRC-32) không khớp.", "The entry %q is damaged: its checksum does not match."},
		"archive.corrupt.size":         {"Mục %q bị hỏng: kích thước không khớp với phần đầu (header) của mục.", "The entry %q is damaged: its size does not match its header."},
		"archive.corrupt.data":         {"Mục %q bị hỏng: dữ liệu nén không hợp lệ.", "The entry %q is damaged: its compressed data is invalid."},
	})
}
