package web

func init() {
	addMessages(map[string][2]string{
		"col.title":              {"Bộ sưu tập", "Collections"},
		"col.name":               {"Tên bộ sưu tập", "Collection name"},
		"col.create":             {"Tạo bộ sưu tập", "Create collection"},
		"col.count":              {"%d học liệu", "%d resources"},
		"col.mine":               {"của tôi", "mine"},
		"col.none":               {"Chưa có bộ sưu tập nào.", "No collections yet."},
		"col.empty":              {"Bộ sưu tập chưa có học liệu.", "This collection has no resources yet."},
		"col.remove":             {"Bỏ khỏi bộ sưu tập", "Remove"},
		"col.share":              {"Chia sẻ với", "Share with"},
		"col.save":               {"Lưu", "Save"},
		"col.delete":             {"Xoá bộ sưu tập (học liệu vẫn giữ nguyên)", "Delete the collection (its resources stay)"},
		"col.add":                {"Thêm vào bộ sưu tập", "Add to collection"},
		"col.add_button":         {"Thêm", "Add"},
		"collection.created":     {"Đã tạo bộ sưu tập.", "Collection created."},
		"collection.add":         {"Đã thêm vào bộ sưu tập.", "Added to the collection."},
		"collection.remove":      {"Đã bỏ khỏi bộ sưu tập.", "Removed from the collection."},
		"collection.share":       {"Đã lưu phạm vi chia sẻ.", "Sharing saved."},
		"collection.delete":      {"Đã xoá bộ sưu tập.", "Collection deleted."},
		"collection.title":       {"Hãy nhập tên tối đa 200 ký tự.", "Enter a title of at most 200 characters."},
		"collection.description": {"Mô tả quá dài (tối đa 5.000 ký tự).", "The description is too long (at most 5,000 characters)."},
		"collection.full":        {"Mỗi bộ sưu tập có tối đa %d học liệu.", "A collection holds at most %d resources."},
		"res.stats":              {"Lượt xem và tải theo trường", "Views and downloads by school"},
		"res.stats_school":       {"Trường", "School"},
		"res.stats_views":        {"Lượt xem", "Views"},
		"res.stats_downloads":    {"Lượt tải", "Downloads"},
		"res.count_more":         {"Hơn %d học liệu", "More than %d resources"},
		"res.collections":        {"Bộ sưu tập", "Collections"},
	})
}
