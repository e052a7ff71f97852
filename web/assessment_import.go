package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// Importing questions from the teachers' CSV/XLSX template.
func (s *Server) assessmentImportRoutes(mux *http.ServeMux) {
	mux.Handle("GET /questions/import", s.authed(s.questionImportPage))
	mux.Handle("POST /questions/import", s.authed(s.questionImport))
	mux.Handle("GET /questions/import/template.csv", s.authed(s.questionTemplate))
	mux.Handle("POST /api/v1/questions/import", s.authed(s.apiQuestionImport))
}

// sheetLine is one line of the import errors as the page shows it (translated).
type sheetLine struct {
	Line    int
	Field   string
	Message string
}

// importQuestions reads the upload (form field "file") or the raw body.
func (s *Server) importQuestions(w http.ResponseWriter, r *http.Request, a *identity.Actor) ([]int64, error) {
	r.Body = http.MaxBytesReader(w, r.Body, importLimit)
	var src io.Reader = r.Body
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f, _, err := r.FormFile("file")
		if err != nil {
			return nil, badRequest("request.form")
		}
		defer f.Close()
		src = f
	}
	return s.cfg.Assessment.ImportItems(r.Context(), a, src)
}

func (s *Server) questionImportPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	s.render(w, r, http.StatusOK, "question_import", map[string]any{"Columns": assessment.SheetColumns})
}

func (s *Server) questionImport(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ids, err := s.importQuestions(w, r, a)
	data := map[string]any{"Columns": assessment.SheetColumns}
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
