package web

// The reasons content-standards/marc refuses a MARC file or a record in it
// (marc.Reasons): one key per message, translated with the arguments it is given.
// The English texts are the package's own (TestI18nCatalogReasons keeps them equal).
func init() {
	addMessages(map[string][2]string{
		"marc.empty":            {"Tệp rỗng.", "The file is empty."},
		"marc.not_marc":         {"Tệp không phải MARC: không phải ISO 2709 (MARC nhị phân) cũng không phải MARCXML.", "The file is not MARC: it is neither ISO 2709 (binary MARC) nor MARCXML."},
		"marc.too_big":          {"Tệp lớn hơn %d MB, mức tối đa đọc được một lần.", "The file is larger than %d MB, the most that can be read at once."},
		"marc.too_many_records": {"Tệp có hơn %d biểu ghi, mức tối đa đọc được một lần.", "The file has more than %d records, the most that can be read at once."},
		"marc.no_records":       {"Tệp không chứa biểu ghi MARC nào.", "The file holds no MARC records."},

		"marc.xml.doctype":   {"Tệp XML khai báo DOCTYPE hoặc thực thể (entity); MARCXML không được có, và những tệp như vậy bị từ chối để bảo đảm an toàn.", "The XML declares a DOCTYPE or entities; MARCXML must not, and such files are refused for safety."},
		"marc.xml.malformed": {"Tệp XML không đúng cú pháp (dòng %d): %s.", "The XML is not well-formed (line %d): %s."},
		"marc.xml.too_deep":  {"Tệp XML lồng sâu hơn %d phần tử.", "The XML is nested more than %d elements deep."},
		"marc.xml.root":      {"Phần tử gốc của tệp XML là <%s>, không phải <collection> hay <record> của MARCXML.", "The XML's root element is <%s>, not a MARCXML <collection> or <record>."},
		"marc.xml.encoding":  {"Tệp XML khai báo bảng mã %q; MARCXML phải dùng UTF-8.", "The XML is declared in the %q encoding; MARCXML must be UTF-8."},

		"marc.truncated":   {"Tệp kết thúc giữa chừng một biểu ghi, %d byte sau điểm bắt đầu của nó.", "The file ends in the middle of a record, %d bytes after its start."},
		"marc.length":      {"Biểu ghi khai báo độ dài %d byte, nhưng tệp kết thúc %d byte sau điểm bắt đầu của nó.", "The record declares a length of %d bytes, but the file ends %d bytes after its start."},
		"marc.terminator":  {"Biểu ghi không kết thúc bằng ký tự kết thúc biểu ghi (byte 1D).", "The record does not end with a record terminator (byte 1D)."},
		"marc.leader":      {"Đầu biểu ghi (leader) %q bị hỏng: phải gồm 24 ký tự ASCII, với chữ số ở độ dài biểu ghi (vị trí 00-04) và địa chỉ gốc của dữ liệu (12-16).", "The record's leader %q is damaged: it must be 24 ASCII characters, with digits for the record length (positions 00-04) and the base address of data (12-16)."},
		"marc.leader.text": {"Đầu biểu ghi (leader) %q không phải 24 ký tự ASCII.", "The leader %q is not 24 characters of ASCII text."},

		"marc.base_address":    {"Địa chỉ gốc của dữ liệu (%d) nằm ngoài biểu ghi, vốn dài %d byte.", "The record's base address of data (%d) is outside the record, which is %d bytes long."},
		"marc.directory":       {"Danh mục (directory) của biểu ghi dài %d byte, không chia hết thành các mục 12 byte.", "The record's directory is %d bytes long, which is not a whole number of 12-byte entries."},
		"marc.directory.entry": {"Mục %d của danh mục biểu ghi, %q, không gồm nhãn trường, độ dài 4 chữ số và vị trí 5 chữ số.", "Entry %d of the record's directory, %q, is not a tag, a 4-digit length and a 5-digit position."},
		"marc.field_offset":    {"Trường %s (ở vị trí %d, dài %d byte) vượt quá phần dữ liệu của biểu ghi, vốn dài %d byte.", "The field %s (at position %d, %d bytes long) runs past the end of the record's data, which is %d bytes."},
		"marc.field_overlap":   {"Danh mục biểu ghi liệt kê %d byte trường, nhiều hơn %d byte dữ liệu biểu ghi có: các mục chồng lên nhau.", "The record's directory lists %d bytes of fields, more than the %d bytes of data the record holds: its entries overlap."},
		"marc.no_fields":       {"Biểu ghi không có trường nào.", "The record has no fields."},
		"marc.tag":             {"Nhãn trường %q không phải ba chữ cái, chữ số hoặc khoảng trắng ASCII.", "The field tag %q is not three ASCII letters, digits or blanks."},
		"marc.indicator":       {"Trường %s có chỉ thị %q; chỉ thị phải là chữ cái, chữ số, ký hiệu hoặc khoảng trắng ASCII.", "The field %s has the indicator %q; an indicator is an ASCII letter, digit, symbol or blank."},
		"marc.subfield_code":   {"Trường %s có mã trường con %q; mã trường con phải là chữ cái, chữ số hoặc ký hiệu ASCII.", "The field %s has the subfield code %q; a subfield code is an ASCII letter, digit or symbol."},

		"marc.utf8":                {"Trường %s không phải UTF-8 hợp lệ, dù đầu biểu ghi ghi là UTF-8.", "The field %s is not valid UTF-8, although the record's leader says it is UTF-8."},
		"marc.charset.unsupported": {"Trường %s dùng bộ ký tự MARC-8 %s, không đọc được; hãy chuyển tệp sang UTF-8 rồi gửi lại.", "The field %s uses the MARC-8 %s character set, which cannot be read; convert the file to UTF-8 and send it again."},

		"marc.xml.too_many_fields": {"Biểu ghi có hơn %d trường.", "The record has more than %d fields."},
		"marc.xml.value_too_long":  {"Biểu ghi có một giá trị dài hơn %d byte.", "The record has a value longer than %d bytes."},

		"marc.encode.value":          {"Trường %s có giá trị không phải UTF-8 hợp lệ hoặc chứa ký tự phân cách MARC (byte 1D, 1E hoặc 1F).", "The field %s has a value that is not valid UTF-8 or holds a MARC delimiter (byte 1D, 1E or 1F)."},
		"marc.encode.field_too_long": {"Trường %s dài %d byte; ISO 2709 chỉ chứa tối đa 9.999 byte trong một trường.", "The field %s is %d bytes long; ISO 2709 holds at most 9,999 bytes in a field."},
		"marc.encode.too_long":       {"Biểu ghi dài %d byte; ISO 2709 chỉ chứa tối đa 99.999 byte trong một biểu ghi.", "The record is %d bytes long; ISO 2709 holds at most 99,999 bytes in a record."},
	})
}
