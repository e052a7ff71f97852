package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hoclieu/hoclieu/assessment/survey"
	"github.com/hoclieu/hoclieu/lms/identity"
	"github.com/hoclieu/hoclieu/lms/platform/fault"
)

// surveyItem is a survey in a list, with its state now.
type surveyItem struct {
	survey.Survey
	State string
}

func (s *Server) surveysPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	ctx := r.Context()
	list, err := s.cfg.Surveys.List(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, classes, err := s.cfg.Surveys.Targets(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := time.Now()
	var invited, managed []surveyItem
	for _, sv := range list {
		it := surveyItem{Survey: sv, State: sv.State(now)}
		if sv.Invited && it.State != "scheduled" {
			invited = append(invited, it)
		}
		if sv.Manager {
			managed = append(managed, it)
		}
	}
	s.render(w, r, http.StatusOK, "surveys", map[string]any{"Invited": invited, "Managed": managed,
		"CanCreate": len(orgs)+len(classes) > 0})
}

// surveySlots is how many question blocks the builder form offers.
const surveySlots = 8

// surveyRoles are the roles the builder offers to narrow an audience.
var surveyRoles = []identity.Role{identity.RoleStudent, identity.RoleTeacher, identity.RoleParent, identity.RoleLibrarian,
	identity.RoleReviewer, identity.RoleSchoolAdmin, identity.RoleDistrictAdmin}

func (s *Server) surveyFormData(r *http.Request, a *identity.Actor) (map[string]any, error) {
	orgs, classes, err := s.cfg.Surveys.Targets(r.Context(), a)
	if err != nil {
		return nil, err
	}
	slots := make([]struct{ I, N int }, surveySlots)
	for i := range slots {
		slots[i].I, slots[i].N = i, i+1
	}
	return map[string]any{"Orgs": orgs, "Classes": classes, "Roles": surveyRoles, "Kinds": survey.Kinds, "Slots": slots}, nil
}

func (s *Server) newSurveyPage(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	data, err := s.surveyFormData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderView(w, r, http.StatusOK, "survey_new", &view{Data: data, Form: map[string]string{"anonymous": "on", "audience_kind": "org"}})
}

// surveyFromForm reads the builder form: the audience and the question blocks whose
// kind is chosen.
func surveyFromForm(r *http.Request) survey.NewSurvey {
	f := r.PostForm
	n := survey.NewSurvey{Title: f.Get("title"), Description: f.Get("description"), Anonymous: f.Get("anonymous") == "on",
		OpensAt: formTime(f.Get("opens_at")), ClosesAt: formTime(f.Get("closes_at"))}
	if f.Get("audience_kind") == "classes" {
		n.Audience.ClassIDs = formIDs(f["class_id"])
	} else {
		n.Audience.OrgID, _ = strconv.ParseInt(f.Get("org_id"), 10, 64)
	}
	for _, role := range f["role"] {
		n.Audience.Roles = append(n.Audience.Roles, identity.Role(role))
	}
	for i := range surveySlots {
		p := "q" + strconv.Itoa(i) + "_"
		kind := survey.Kind(f.Get(p + "kind"))
		if kind == "" {
			continue
		}
		n.Questions = append(n.Questions, survey.Question{Kind: kind, Text: f.Get(p + "text"), Required: f.Get(p+"required") == "on",
			Options: lines(f.Get(p + "options")), Rows: lines(f.Get(p + "rows"))})
	}
	return n
}

func (s *Server) createSurvey(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	if !s.parseForm(w, r) {
		return
	}
	sv, err := s.cfg.Surveys.Create(r.Context(), a, surveyFromForm(r))
	if err != nil {
		err = inQuestion(r, err)
		data, derr := s.surveyFormData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, err, "survey_new", data)
		return
	}
	s.flash(r, "survey.created")
	http.Redirect(w, r, "/surveys/"+strconv.FormatInt(sv.ID, 10), http.StatusSeeOther)
}

func (s *Server) closeSurvey(w http.ResponseWriter, r *http.Request, a *identity.Actor) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.cfg.Surveys.Close(r.Context(), a, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "survey.closed_now")
	http.Redirect(w, r, "/surveys/"+strconv.FormatInt(id, 10)+"/results", http.StatusSeeOther)
}

// inQuestion prefixes a validation error about one question of the builder form with
// the question's number, in the request's language.
func inQuestion(r *http.Request, err error) error {
	v, ok := fault.AsValidation(err)
	if !ok || !strings.HasPrefix(v.Field, "questions[") {
		return err
	}
	var n int
	if _, perr := fmt.Sscanf(v.Field, "questions[%d]", &n); perr != nil {
		return err
	}
	msg, _ := userMessage(r, err, http.StatusBadRequest)
	t := translator(localeFrom(r.Context()))
	return &fault.ValidationError{Field: v.Field, Message: strings.ReplaceAll(t("survey.question_n", n+1)+": "+msg, "%", "%%")}
}
