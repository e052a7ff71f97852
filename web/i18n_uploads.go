package web

func init() {
	addMessages(map[string][2]string{
		"upload.offset":      {"Yêu cầu tải lên thiếu vị trí (Upload-Offset) hoặc độ dài.", "The upload request lacks its Upload-Offset or length."},
		"upload.too_many":    {"Bạn đang có %d lượt tải lên chưa xong; hãy hoàn tất hoặc huỷ bớt.", "You have %d unfinished uploads; finish or cancel some first."},
		"upload.chunk_size":  {"Hãy gửi %d byte từ vị trí %d.", "Send %d bytes from offset %d."},
		"upload.interrupted": {"Phần tệp bị ngắt sau %d trên %d byte; hãy gửi lại.", "The chunk ended after %d of %d bytes; send it again."},
		"upload.unfinished":  {"Tệp %s chưa tải lên xong.", "The file %s has not finished uploading."},
		"upload.quota":       {"Trường đã dùng hết dung lượng lưu trữ %s (đã dùng %s).", "Your school's storage quota of %s is used up (%s used)."},
		"blob.too_large":     {"Tệp lớn hơn giới hạn %s.", "The file is larger than the limit of %s."},
		"upload.resuming":    {"Mất kết nối; đang thử tiếp tục…", "Connection lost; resuming…"},
		"upload.failed":      {"Tải lên thất bại: %s", "Upload failed: %s"},
	})
}
