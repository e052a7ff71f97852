package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// Importing questions from the teachers' CSV/XLSX template or QTI files, and
// exporting one as QTI.
func (s *Server) assessmentImportRoutes(mux *http.ServeMux) {
	mux.Handle("GET /questions/import", s.authed(s.questionImportPage))
	mux.Handle("POST /questions/import", s.authed(s.questionImport))
	mux.Handle("GET /questions/import/template.csv", s.authed(s.questionTemplate))
	mux.Handle("POST /api/v1/questions/import", s.authed(s.apiQuestionImport))
	mux.Handle("GET /api/v1/questions/{id}/qti", s.authed(s.questionQTI))
	mux.Handle("GET /questions/{id}/qti", s.authed(s.questionQTI))
}

// sheetLine is one line of the import errors as the page shows it (translated).
type sheetLine struct {
	Line    int
	Field   string
	Message string
}

// importQuestions reads the upload (form field "file") or the raw body: a QTI item
// (.xml) or IMS content package (.zip), or else the CSV/XLSX template.
func (s *Server) importQuestions(w http.ResponseWriter, r *http.Request, a *identity.Actor) ([]int64, error) {
	r.Body = http.MaxBytesReader(w, r.Body, importLimit)
	var src io.Reader = r.Body
	name := ""
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, h, err := r.FormFile("file")
		if err != nil {
			return nil, badRequest("request.form")
		}
		defer f.Close()
		src, name = f, h.Filename
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return nil, badRequest("request.form")
	}
	if isQTI(name, r.Header.Get("Content-Type"), data) {
		grade, _ := strconv.Atoi(r.FormValue("grade"))
		d := assessment.QTIDefaults{Subject: r.FormValue("subject"), Grade: grade, Level: r.FormValue("level"), Topic: r.FormValue("topic")}
		return s.cfg.Assessment.ImportQTI(r.Context(), a, data, d)
	}
	return s.cfg.Assessment.ImportItems(r.Context(), a, bytes.NewReader(data))
}

// isQTI tells QTI uploads from the sheet template: by the file name's extension,
// else by the content type, else by an XML start (an XLSX workbook is a zip too, so
// a nameless zip counts as QTI only when sent as application/zip).
func isQTI(name, contentType string, data []byte) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml", ".zip":
		return true
	case "":
	default:
		return false
	}
	switch ct, _, _ := mime.ParseMediaType(contentType); ct {
	case "application/xml", "text/xml", "application/zip", "application/x-zip-compressed":
		return true
	}
	return bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n"), []byte("<"))
}

// questionQTI downloads a question the actor can see as a QTI 2.1 item.
func (s *Server) questionQTI(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, fmt.Errorf("question %q: %w", r.PathValue("id"), fault.ErrNotFound))
		return
	}
	doc, err := s.cfg.Assessment.ItemQTI(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="question-%d.xml"`, id))
	_, _ = w.Write(doc)
}

func (s *Server) questionImportPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.importData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "question_import", data)
}

// importData is what the import page shows: the template's columns and, for QTI
// files, the subjects, grades and levels to choose from.
func (s *Server) importData(r *http.Request) (map[string]any, error) {
	data, err := s.bankData(r)
	if err != nil {
		return nil, err
	}
	data["Columns"] = assessment.SheetColumns
	return data, nil
}

func (s *Server) questionImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ids, err := s.importQuestions(w, r, a)
	data, derr := s.importData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	var se *assessment.SheetError
	if errors.As(err, &se) {
		t := translator(localeFrom(r.Context()))
		var lines []sheetLine
		for _, e := range se.Rows {
			msg := e.Message
			if tr := t(e.Key, e.Args...); e.Key != "" && tr != e.Key {
				msg = tr
			}
			lines = append(lines, sheetLine{Line: e.Line, Field: e.Field, Message: msg})
		}
		data["Errors"] = lines
		s.render(w, r, http.StatusBadRequest, "question_import", data)
		return
	}
	if err != nil {
		s.formError(w, r, err, "question_import", data)
		return
	}
	data["Imported"] = len(ids)
	s.render(w, r, http.StatusOK, "question_import", data)
}

// questionTemplate is the template with one example line per type, to fill in a
// spreadsheet program.
func (s *Server) questionTemplate(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="mau-cau-hoi.csv"`)
	_, _ = io.WriteString(w, "\ufeff"+strings.Join(assessment.SheetColumns, ",")+"\n"+
		"trắc nghiệm,toan,10,Hàm số,nhận biết,1,1,Đạo hàm của x² là?,x,2x,x²,,,,B,,,\n"+
		"nhiều đáp án,toan,10,,thông hiểu,2,1,Số nào là số chẵn?,2,3,4,,,,\"A,C\",,,\n"+
		"đúng sai,toan,10,,vận dụng,3,1,Xét các mệnh đề sau:,Mệnh đề a,Mệnh đề b,Mệnh đề c,Mệnh đề d,,,\"Đ,S,Đ,S\",,,\n"+
		"trả lời ngắn,ngu-van,10,,nhận biết,1,1,Tác giả Truyện Kiều là ai?,,,,,,,Nguyễn Du|Nguyen Du,,,\n"+
		"số,vat-ly,10,,vận dụng cao,4,1,Gia tốc trọng trường g = ?,,,,,,,\"9,8\",0.1,m/s²,\n"+
		"tự luận,ngu-van,10,,vận dụng cao,4,3,Phân tích khổ thơ đầu.,,,,,,,,,,Nêu được hình ảnh và cảm xúc\n")
}

func (s *Server) apiQuestionImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ids, err := s.importQuestions(w, r, a)
	var se *assessment.SheetError
	if errors.As(err, &se) {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": se.Rows})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"ids": ids})
}
