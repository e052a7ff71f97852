package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/identity"
)

// hbar is one horizontal bar of a results chart, in the SVG's units (320 wide).
type hbar struct {
	Label      string
	N, Pct     int
	Y, BarY, W int
	ValueX     int
	Class      string
}

// chart is one bar chart: a question, or one row of a matrix.
type chart struct {
	Title  string
	Height int
	Mean   string
	Bars   []hbar
}

// chartWidth is the longest bar, leaving room for the count after it.
const chartWidth = 230

// barCharts lays out a question's counts as SVG bar charts (drawn by the template; no
// script, no image library), one per row. Bars are the share of all responses.
func barCharts(qr *survey.QuestionResult, responses int, t func(string, ...any) string) []chart {
	var out []chart
	for r, counts := range qr.Counts {
		c := chart{}
		if qr.Kind == survey.Matrix {
			c.Title = qr.Rows[r]
		}
		if r < len(qr.Mean) {
			c.Mean = fmt.Sprintf("%.2f", qr.Mean[r])
		}
		for i, n := range counts {
			b := hbar{N: n, Y: i*36 + 12, BarY: i*36 + 17}
			if qr.LikertScale() {
				b.Label, b.Class = strconv.Itoa(i+1)+" · "+t("survey.likert."+strconv.Itoa(i+1)), "p"+strconv.Itoa(i+1)
			} else {
				b.Label = qr.Options[i]
			}
			if responses > 0 {
				b.Pct = (n*100 + responses/2) / responses
				b.W = n * chartWidth / responses
			}
			b.ValueX = b.W + 6
			c.Bars = append(c.Bars, b)
		}
		c.Height = len(c.Bars)*36 + 6
		out = append(out, c)
	}
	return out
}

type resultView struct {
	survey.QuestionResult
	N      int
	Charts []chart
}

func (s *Server) surveyResultsPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	var res *survey.Results
	if err == nil {
		res, err = s.cfg.Surveys.Results(r.Context(), a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := translator(localeFrom(r.Context()))
	var qs []resultView
	for i := range res.Questions {
		qr := &res.Questions[i]
		qs = append(qs, resultView{QuestionResult: *qr, N: i + 1, Charts: barCharts(qr, res.Responses, t)})
	}
	s.render(w, r, http.StatusOK, "survey_results", map[string]any{"Results": res, "Survey": res.Survey, "Questions": qs,
		"MinAnonymous": survey.MinAnonymous, "Open": res.Survey.Open(time.Now())})
}
