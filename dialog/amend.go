package dialog

import (
	"maps"
	"slices"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
)

// flow moves through a form: it takes answers, asks the next question or
// shows the summary, amends a case and submits.
type flow struct{ asker }

// reopen asks the citizen again for one answer of a submitted case: the
// staff's question (in.Text) is relayed, then the field is asked as in the
// form, showing the answer so far. A field that cannot be asked (unknown,
// or its condition does not hold) leaves the question to staff: the
// conversation waits for a person, as without a field.
func (t *flow) reopen(in channels.Inbound) {
	r := in.Reopen
	d, ok := t.e.cat.Service(r.Service)
	var f catalog.FieldDef
	found := false
	if ok {
		for _, x := range d.Fields {
			if x.Name == r.Field {
				f, found = x, true
			}
		}
	}
	answers := maps.Clone(r.Answers)
	if answers == nil {
		answers = map[string]string{}
	}
	if in.Text != "" {
		t.out = append(t.out, channels.Outbound{From: channels.FromSystem, Text: in.Text})
	}
	if !found || !f.When.Holds(answers) {
		t.st.waitForStaff()
		return
	}
	// A skipped optional field is not in the case; mark it answered, so
	// that only the asked field (and any it makes relevant) is asked.
	for _, x := range d.Fields {
		if _, done := answers[x.Name]; !done && x.Name != r.Field && x.When.Holds(answers) {
			answers[x.Name] = ""
		}
	}
	held := t.held()
	t.st.beginAmend(d.ID, f.Name, answers, &Amending{Ref: r.Case, Department: r.Department, Created: r.Created,
		Field: f.Name, Before: maps.Clone(r.Answers), Held: held})
	t.ask(f, "")
}

// held is the form to continue after an amendment: the one in progress,
// or, when a case is already being amended, the one that one holds.
func (t *flow) held() *HeldForm {
	if t.st.Amend != nil {
		return t.st.Amend.clone().Held
	}
	if t.st.Form == "" {
		return nil
	}
	return &HeldForm{Form: t.st.Form, Field: t.st.Field, Answers: maps.Clone(t.st.Answers)}
}

// amended finishes an amendment once every relevant field has an answer:
// the case gets the new answers and goes back to the team.
func (t *flow) amended(d *catalog.Definition) {
	a := t.st.Amend
	answers := map[string]string{}
	isField := map[string]bool{}
	for _, f := range d.Fields {
		isField[f.Name] = true
	}
	for _, f := range t.relevant() {
		if v := t.st.Answers[f.Name]; v != "" {
			answers[f.Name] = v
		}
	}
	for k, v := range a.Before { // what the case has beyond its fields: the fee, a handler's numbers
		if !isField[k] {
			answers[k] = v
		}
	}
	if cents, ok := d.Charge.Cents(answers); ok {
		answers[feeAnswer] = catalog.FormatCents(cents)
	}
	var changed []string
	for k, v := range answers {
		if old, ok := a.Before[k]; !ok || old != v {
			changed = append(changed, k)
		}
	}
	for k := range a.Before {
		if _, ok := answers[k]; !ok {
			changed = append(changed, k)
		}
	}
	slices.Sort(changed)
	t.amends = append(t.amends, cases.Amendment{Ref: a.Ref, Service: d.ID, Department: a.Department, Created: a.Created,
		Field: a.Field, Answers: answers, Changed: changed, Status: cases.InReview})
	for i, c := range t.st.Cases {
		if c.Ref == a.Ref {
			t.st.Cases[i].Status = cases.InReview
		}
	}
	t.leaveAmend(t.text("dialog.amend.done", "ref", a.Ref))
}

// leaveAmend ends the amendment after lead and brings back the form held
// aside, paused, offering to continue it.
func (t *flow) leaveAmend(lead string, extra ...channels.Option) {
	held := t.st.Amend.Held
	t.st.endAmend()
	if held == nil {
		t.menuAsk(lead, t.text("dialog.anything_else"), extra...)
		return
	}
	t.menuAsk(lead, t.text("dialog.amend.resume"), extra...)
}

// dropAmend leaves an amendment unanswered (the citizen cancelled it): the
// case keeps waiting for the answer, which staff can ask again.
func (t *flow) dropAmend() {
	t.leaveAmend(t.text("dialog.amend.dropped", "question", t.questionOpen(t.st.Amend.Ref)), t.staffOption())
}
