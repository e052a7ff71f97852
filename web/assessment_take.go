package web

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hoclieu/hoclieu/assessment"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// trustedHTML marks item HTML as safe: the assessment domain rendered it from
// Markdown without raw HTML and sanitized it with bluemonday when the version was saved.
func trustedHTML(s string) template.HTML { return template.HTML(s) } //nolint:gosec // sanitized at write time

// takeItem is one item of the test-taking page with the student's saved answer
// spread over the form controls.
type takeItem struct {
	N          int
	P          assessment.Presented
	Stem       template.HTML
	Choices    []takeChoice // single and multiple choice
	Statements []takeChoice // true/false a-d: Checked = true, Other = false answered
	Truth      string       // true/false with one statement: "true", "false" or ""
	Left       []takeSelect // matching: each left part with the letter chosen
	Right      []takeChoice // matching right column / ordering pieces, with their letters
	Places     []takeSelect // ordering: the piece (letter) chosen for each place
	Text       string       // short text, numeric, essay
	Blanks     []takeSelect // cloze: Name and Value of each gap

	Score *float64
}

type takeChoice struct {
	Value   int
	Letter  string
	HTML    template.HTML
	Checked bool
	Other   bool
}

type takeSelect struct {
	N      int // 1-based place or gap
	Name   string
	HTML   template.HTML
	Chosen int // -1: none
	Value  string
}

func letter(i int) string { return string(rune('A' + i)) }

func newTakeItem(p assessment.Presented, n int) takeItem {
	t := takeItem{N: n, P: p, Stem: trustedHTML(p.StemHTML)}
	resp := p.Response
	switch p.Type {
	case assessment.SingleChoice, assessment.MultipleResponse:
		chosen := map[int]bool{}
		var one int
		var many []int
		if json.Unmarshal(resp, &one) == nil && len(resp) > 0 && string(resp) != "null" {
			chosen[one] = true
		} else if json.Unmarshal(resp, &many) == nil {
			for _, k := range many {
				chosen[k] = true
			}
		}
		for k, h := range p.Options {
			t.Choices = append(t.Choices, takeChoice{Value: k, Letter: letter(k), HTML: trustedHTML(h), Checked: chosen[k]})
		}
	case assessment.TrueFalse:
		var bs []*bool
		_ = json.Unmarshal(resp, &bs)
		for i, h := range p.Statements {
			c := takeChoice{Value: i, Letter: string(rune('a' + i)), HTML: trustedHTML(h)}
			if i < len(bs) && bs[i] != nil {
				c.Checked, c.Other = *bs[i], !*bs[i]
			}
			t.Statements = append(t.Statements, c)
		}
		if len(p.Statements) == 0 && len(resp) > 0 && string(resp) != "null" {
			t.Truth = string(resp)
		}
	case assessment.Matching, assessment.Ordering:
		var ks []*int
		_ = json.Unmarshal(resp, &ks)
		at := func(i int) int {
			if i < len(ks) && ks[i] != nil {
				return *ks[i]
			}
			return -1
		}
		parts := p.Right
		if p.Type == assessment.Ordering {
			parts = p.Pieces
		}
		for k, h := range parts {
			t.Right = append(t.Right, takeChoice{Value: k, Letter: letter(k), HTML: trustedHTML(h)})
		}
		if p.Type == assessment.Matching {
			for i, h := range p.Left {
				t.Left = append(t.Left, takeSelect{Name: "a" + strconv.FormatInt(p.ID, 10) + "_" + strconv.Itoa(i), HTML: trustedHTML(h), Chosen: at(i)})
			}
		} else {
			for i := range p.Pieces {
				t.Places = append(t.Places, takeSelect{N: i + 1, Name: "a" + strconv.FormatInt(p.ID, 10) + "_" + strconv.Itoa(i), Chosen: at(i)})
			}
		}
	case assessment.Cloze:
		var ss []string
		_ = json.Unmarshal(resp, &ss)
		for i := range p.Blanks {
			b := takeSelect{N: i + 1, Name: "a" + strconv.FormatInt(p.ID, 10) + "_" + strconv.Itoa(i)}
			if i < len(ss) {
				b.Value = ss[i]
			}
			t.Blanks = append(t.Blanks, b)
		}
	default:
		_ = json.Unmarshal(resp, &t.Text)
	}
	return t
}

// formResponse is the inverse of newTakeItem: the answer a plain form post carries
// for the item, as the JSON the API takes; nil when the form has none.
func formResponse(p assessment.Presented, f url.Values) json.RawMessage {
	name := "a" + strconv.FormatInt(p.ID, 10)
	at := func(i int) string { return f.Get(name + "_" + strconv.Itoa(i)) }
	var v any
	switch p.Type {
	case assessment.SingleChoice:
		k, err := strconv.Atoi(f.Get(name))
		if err != nil {
			return nil
		}
		v = k
	case assessment.MultipleResponse:
		ks := []int{}
		for _, s := range f[name] {
			if k, err := strconv.Atoi(s); err == nil {
				ks = append(ks, k)
			}
		}
		v = ks
	case assessment.TrueFalse:
		if len(p.Statements) == 0 {
			if f.Get(name) == "" {
				return nil
			}
			v = f.Get(name) == "true"
			break
		}
		bs := make([]*bool, len(p.Statements))
		for i := range bs {
			if s := at(i); s != "" {
				b := s == "true"
				bs[i] = &b
			}
		}
		v = bs
	case assessment.Matching, assessment.Ordering:
		n := len(p.Left)
		if p.Type == assessment.Ordering {
			n = len(p.Pieces)
		}
		ks := make([]*int, n)
		for i := range ks {
			if k, err := strconv.Atoi(at(i)); err == nil {
				ks[i] = &k
			} else if p.Type == assessment.Ordering {
				return nil // an incomplete order is not an answer yet
			}
		}
		v = ks
	case assessment.Cloze:
		ss := make([]string, p.Blanks)
		for i := range ss {
			ss[i] = at(i)
		}
		v = ss
	default:
		if _, ok := f[name]; !ok {
			return nil
		}
		v = f.Get(name)
	}
	b, _ := json.Marshal(v)
	return b
}

// attemptPage is the test-taking page while the attempt is open, and the result page
// afterwards (or for a teacher).
func (s *Server) attemptPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	v, err := s.cfg.Assessment.Attempt(ctx, a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var items []takeItem
	for i, p := range v.Items {
		ti := newTakeItem(p, i+1)
		if sc, ok := v.ItemScores[p.ID]; ok {
			ti.Score = &sc
		}
		items = append(items, ti)
	}
	data := map[string]any{"Attempt": v, "Items": items}
	if v.Status != "open" || v.UserID != a.User.ID {
		s.render(w, r, http.StatusOK, "attempt_result", data)
		return
	}
	page := v.Position
	if p, err := strconv.Atoi(r.URL.Query().Get("p")); err == nil && p >= 0 && p < len(items) {
		page = p
		if page != v.Position { // remember where the student is, to resume there
			if err := s.cfg.Assessment.LogEvent(ctx, a, id, "", page); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	sequential := v.Navigation == assessment.NavigationSequential
	if sequential { // forward only: never an earlier question
		page = max(page, v.Position)
	}
	page = min(page, len(items)-1)
	shown := items
	if v.OnePerPage {
		shown = items[page : page+1]
		if page > 0 && !sequential {
			data["HasPrev"], data["Prev"] = true, page-1
		}
		if page+1 < len(items) {
			data["Next"] = page + 1
		}
		data["Pages"] = len(items)
	}
	data["Shown"], data["Page"] = shown, page
	data["DeadlineMS"], data["NowMS"] = v.Deadline.UnixMilli(), v.Now.UnixMilli()
	data["Left"] = formatLeft(v.Remaining)
	s.render(w, r, http.StatusOK, "attempt", data)
}

func formatLeft(sec int) string {
	if sec >= 3600 {
		return strconv.Itoa(sec/3600) + ":" + pad2(sec%3600/60) + ":" + pad2(sec%60)
	}
	return pad2(sec/60) + ":" + pad2(sec%60)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// saveAttempt stores the answers of a plain form post (the page without script, or
// the final post of the page with it), then goes to another page or submits.
func (s *Server) saveAttempt(submit bool) func(http.ResponseWriter, *http.Request, *identity.Actor) {
	return func(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
		if !s.parseForm(w, r) {
			return
		}
		id, err := pathID(r, "id")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := r.Context()
		v, err := s.cfg.Assessment.Attempt(ctx, a, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		back := "/attempts/" + strconv.FormatInt(id, 10)
		if v.Status == "open" {
			for _, p := range v.Items {
				resp := formResponse(p, r.PostForm)
				if resp == nil || bytes.Equal(resp, p.Response) {
					continue
				}
				// seq 0: numbered by the server after whatever it holds.
				if _, err := s.cfg.Assessment.Autosave(ctx, a, id, p.ID, resp, 0); err != nil {
					if submit && statusOf(err) == http.StatusConflict {
						continue // time is up: submit what was saved
					}
					s.fail(w, r, err)
					return
				}
			}
		}
		if submit {
			if _, err := s.cfg.Assessment.Submit(ctx, a, id); err != nil {
				s.fail(w, r, err)
				return
			}
			s.flash(r, "attempt.submitted")
		} else if p := r.PostForm.Get("goto"); p != "" {
			back += "?p=" + url.QueryEscape(p)
		} else {
			s.flash(r, "attempt.saved")
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
	}
}
