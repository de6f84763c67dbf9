package staff

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/store"
)

// caseStatuses are the statuses of the lifecycle, in order.
var caseStatuses = []string{cases.Submitted, cases.InReview, cases.Approved, cases.Rejected,
	cases.NeedsInfo, cases.Closed}

// transitions lists the statuses a case in status from may change to.
func transitions(from string) []string {
	out := []string{}
	for _, s := range caseStatuses {
		if cases.ValidTransition(from, s) {
			out = append(out, s)
		}
	}
	return out
}

// caseSummary is one case of a list.
type caseSummary struct {
	Ref          string `json:"ref"`
	Service      string `json:"service"`
	ServiceTitle string `json:"service_title"`
	Department   string `json:"department"`
	// DepartmentName is the department's name from the departments file.
	DepartmentName string    `json:"department_name"`
	Status         string    `json:"status"`
	Created        time.Time `json:"created"`
	Conversation   string    `json:"conversation"`
}

func (c *Console) summary(cs cases.Case) caseSummary {
	dept := c.serviceDepartment(cs.Service)
	return caseSummary{Ref: cs.Ref, Service: cs.Service, ServiceTitle: c.serviceTitle(cs.Service, "de"),
		Department: dept, DepartmentName: c.teamName(dept, "de"), Status: cs.Status, Created: cs.Created, Conversation: cs.Conversation}
}

// caseView is GET /staff/api/cases/{ref}.
type caseView struct {
	caseSummary
	Answers     []answerView   `json:"answers"`
	Files       []fileView     `json:"files"`
	History     []cases.Change `json:"history"`
	Transitions []string       `json:"transitions"` // statuses it may change to
	Fields      []fieldChoice  `json:"fields"`      // what a needs-info question may ask again
}

// cases lists cases by ?status= and, for admins, ?department=; an agent
// sees their department's. ?q= searches the reference and the service
// (id or title), ?from= and ?to= ("2026-12-07", inclusive) the day the case
// came in, in the city's time zone.
func (c *Console) cases(w http.ResponseWriter, r *http.Request, a *actor) {
	q := r.URL.Query()
	dept := q.Get("department")
	if !a.admin() {
		if dept != "" && dept != a.Department {
			writeError(w, http.StatusForbidden, "forbidden", "cases of another department")
			return
		}
		dept = a.Department
	}
	f := store.CaseFilter{Status: q.Get("status")}
	if dept != "" || !a.admin() { // an agent without a department sees none
		f.Services = map[string]bool{}
		if c.cat != nil && dept != "" {
			for _, d := range c.cat.Services() {
				if d.Department == dept {
					f.Services[d.ID] = true
				}
			}
		}
	}
	list, err := c.st.Cases(f)
	if err != nil {
		c.internal(w, "listing cases", err)
		return
	}
	search, err := c.caseSearch(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_search", err.Error())
		return
	}
	out := make([]caseSummary, 0, len(list))
	for _, cs := range list {
		if sum := c.summary(cs); search.match(sum) {
			out = append(out, sum)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// caseAccess reads a case and checks that a may see it.
func (c *Console) caseAccess(w http.ResponseWriter, a *actor, ref string) (cases.Case, bool) {
	cs, err := c.st.Case(ref)
	if err != nil {
		c.storeError(w, "case", err)
		return cs, false
	}
	if dept := c.serviceDepartment(cs.Service); !a.admin() && (a.Department == "" || dept != a.Department) {
		writeError(w, http.StatusForbidden, "forbidden", "this case belongs to another department")
		return cs, false
	}
	return cs, true
}

// caseView opens a case: answers, files, history. Opening it is recorded
// in the audit log.
func (c *Console) caseView(w http.ResponseWriter, r *http.Request, a *actor) {
	ref := r.PathValue("ref")
	cs, ok := c.caseAccess(w, a, ref)
	if !ok {
		return
	}
	if c.auditLog(r.Context(), a.Username, "case.open", ref) != nil {
		writeError(w, http.StatusServiceUnavailable, "audit", "the audit log cannot be written; try again")
		return
	}
	answers := cs.Answers
	hist, err := c.st.CaseHistory(ref)
	if err != nil {
		c.internal(w, "reading a case's history", err)
		return
	}
	if hist == nil {
		hist = []cases.Change{}
	}
	v := caseView{caseSummary: c.summary(cs), Answers: c.answerViews(cs.Service, answers), Files: []fileView{},
		History: hist, Transitions: transitions(cs.Status),
		Fields: c.askableFields(cs.Service, answers)}
	// The files came in the conversation; the answers name them.
	if entries, err := c.history.Conversation(cs.Conversation, 0); err == nil {
		for _, e := range entries {
			if e.Inbound != nil && e.Inbound.From == "" {
				v.Files = append(v.Files, fileViews(cs.Conversation, e.Seq, e.Inbound.Attachments)...)
			}
		}
	}
	writeJSON(w, http.StatusOK, v)
}

// statusRequest is the body of POST /staff/api/cases/{ref}/status.
type statusRequest struct {
	Status string `json:"status"`
	Note   string `json:"note"`            // reason (rejected) or question (needs-info); required for both
	Field  string `json:"field,omitempty"` // needs-info: the form field to ask again, if one
}

// statusResponse answers a status change.
type statusResponse struct {
	Ref      string `json:"ref"`
	Status   string `json:"status"`
	From     string `json:"from"`
	Notified bool   `json:"notified"` // the citizen was told on their channel
	Reopened bool   `json:"reopened"` // needs-info with a field: the bot asks the citizen for it
}

// caseStatus changes a case's status along its lifecycle and tells the
// citizen on their channel. needs-info also puts the conversation into the
// department's queue, so that the citizen's answer reaches staff.
func (c *Console) caseStatus(w http.ResponseWriter, r *http.Request, a *actor) {
	ref, ctx := r.PathValue("ref"), r.Context()
	var req statusRequest
	if !readJSON(w, r, &req) {
		return
	}
	req.Note = strings.TrimSpace(req.Note)
	if (req.Status == cases.Rejected || req.Status == cases.NeedsInfo) && req.Note == "" {
		writeError(w, http.StatusBadRequest, "note_required", "a rejection needs a reason, a question for more information the question")
		return
	}
	if utf8.RuneCountInString(req.Note) > maxTextChars {
		writeError(w, http.StatusBadRequest, "bad_text", "the note is too long")
		return
	}
	cs, ok := c.caseAccess(w, a, ref)
	if !ok {
		return
	}
	if req.Field != "" && (req.Status != cases.NeedsInfo || !c.askable(cs, req.Field)) {
		writeError(w, http.StatusBadRequest, "bad_field", "only a question for more information names a field, and it must be one of the case's form")
		return
	}
	ch, err := c.st.SetCaseStatus(ctx, ref, cases.Change{Time: c.now(), Actor: a.Username, Status: req.Status,
		Note: req.Note, Field: req.Field}, cases.ValidTransition)
	if errors.Is(err, store.ErrTransition) {
		writeError(w, http.StatusConflict, "transition", "this status change is not allowed from "+cs.Status)
		return
	}
	if err != nil {
		c.storeError(w, "case", err)
		return
	}
	_ = c.auditLog(ctx, a.Username, "case.status", ref)
	if c.index != nil {
		c.index.Changed(ref, ch.Status, ch.Time)
	}
	dept := c.serviceDepartment(cs.Service)
	notified, reopened := c.tellCitizen(ctx, cs, dept, ch)
	c.shareCase(ctx, ref, dept)
	writeJSON(w, http.StatusOK, statusResponse{Ref: ref, Status: ch.Status, From: ch.From, Notified: notified, Reopened: reopened})
}

// tellCitizen sends the status change to the case's conversation. For
// needs-info with a field the bot asks that field again and amends the case
// with the answer (back to in-review); without a field, or while the
// conversation is with staff (claimed or queued), it goes to the
// department's queue and the bot stays silent, so that the answer reaches a
// person.
func (c *Console) tellCitizen(ctx context.Context, cs cases.Case, dept string, ch cases.Change) (notified, reopened bool) {
	info, err := c.st.ConversationInfo(cs.Conversation)
	if err != nil {
		return false, false // deleted under retention
	}
	text := c.caseStatusText(info.Meta.Language, cs.Ref, ch.Status, ch.Note)
	if text == "" {
		return false, false
	}
	in := channels.Inbound{Text: text}
	if ch.Status == cases.NeedsInfo {
		if reopen, ok := c.reopenFor(cs, ch.Field); ok {
			in.Reopen = reopen
		} else {
			in.Event = channels.StaffJoined
			c.queueForAnswer(ctx, cs.Conversation, dept)
			defer c.shareQueue(ctx, dept)
		}
	}
	if err := c.notice(ctx, cs.Conversation, in); err != nil {
		c.log.Error("telling the citizen of a case status failed", "err", err)
		return false, false
	}
	return true, in.Reopen != nil
}

// reopenFor is the request to ask field of case cs again, unless there is
// no field or the conversation is with staff already (claimed, or waiting
// in a queue: the citizen asked for a person, who then asks).
func (c *Console) reopenFor(cs cases.Case, field string) (*channels.Reopen, bool) {
	if field == "" {
		return nil, false
	}
	if _, err := c.st.StaffConversation(cs.Conversation); err == nil {
		return nil, false
	}
	answers := cs.Answers
	dept := cs.Department
	if dept == "" {
		dept = c.serviceDepartment(cs.Service)
	}
	return &channels.Reopen{Case: cs.Ref, Service: cs.Service, Department: dept, Created: cs.Created,
		Field: field, Answers: answers}, true
}

// queueForAnswer puts a conversation into dept's queue (unless an agent has
// it), so that the citizen's answer to a question reaches a person.
func (c *Console) queueForAnswer(ctx context.Context, conv, dept string) {
	now := c.now()
	_, err := c.st.UpdateStaffConversation(ctx, conv, func(sc *store.StaffConversation, exists bool) (bool, error) {
		if !exists || sc.Agent == "" {
			sc.Department, sc.Since, sc.Reason = dept, now, cases.NeedsInfo
		}
		return true, nil
	})
	if err != nil {
		c.log.Error("queueing a needs-info conversation failed", "err", err)
	}
}

// fieldChoice is a form field staff may ask again.
type fieldChoice struct {
	Name  string `json:"name"`
	Label string `json:"label"`
}

// askableFields are the fields of a case's form whose conditions hold for
// its answers: what a needs-info question can ask again.
func (c *Console) askableFields(service string, answers map[string]string) []fieldChoice {
	out := []fieldChoice{}
	if c.cat == nil {
		return out
	}
	def, ok := c.cat.Service(service)
	if !ok {
		return out
	}
	for _, f := range def.Fields {
		if f.When.Holds(answers) {
			out = append(out, fieldChoice{Name: f.Name, Label: f.Label.In("de")})
		}
	}
	return out
}

// askable reports whether field can be asked again for case cs.
func (c *Console) askable(cs cases.Case, field string) bool {
	for _, f := range c.askableFields(cs.Service, cs.Answers) {
		if f.Name == field {
			return true
		}
	}
	return false
}
