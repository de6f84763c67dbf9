package dialog

import (
	"maps"
	"slices"
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
)

// submit turns the answers into a case: the fee computed, an access code
// drawn, the service's Submitter asked for its decision; then it confirms
// with the reference and the code.
func (t *flow) submit() {
	d, ok := t.def()
	if !ok {
		t.st.clearForm()
		t.menu("")
		return
	}
	lang := t.st.Citizen()
	ref := t.e.refs.NextCaseRef(t.now)
	answers := map[string]string{}
	for _, f := range t.relevant() {
		if v := t.st.Answers[f.Name]; v != "" {
			answers[f.Name] = v
		}
	}
	if cents, ok := d.Charge.Cents(answers); ok {
		answers[feeAnswer] = catalog.FormatCents(cents)
	}
	c := cases.Case{Ref: ref, Service: d.ID, Answers: answers, Status: cases.Submitted, Created: t.now,
		Department: t.departmentOf(d, answers)}
	if secret, err := newSecret(t.e.rand); err == nil {
		c.Secret = secret // without one, the case can still be asked about from here
	}
	dec := t.decide(d, c)
	if t.redo(dec) {
		return
	}
	for i, b := range dec.Bookings {
		if b.Ref == ref && b.Rev == 0 && b.Secret == "" {
			dec.Bookings[i].Secret = c.Secret
		}
	}
	t.bookings = append(t.bookings, dec.Bookings...)
	if dec.NoCase {
		t.st.clearForm()
		t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: dec.Reply.In(lang), Attachments: dec.Attachments})
		t.anythingElse(d)
		return
	}
	maps.Copy(c.Answers, dec.Answers)
	if dec.Status == cases.Approved {
		c.Status = cases.Approved
	}
	if dec.Department != "" {
		c.Department = dec.Department
	}
	c.Review = dec.Review
	if c.Review != "" {
		t.esc = &Escalation{Reason: ReasonReview, Service: d.ID, Department: c.Department, Case: ref, Note: c.Review}
	}
	t.cases = append(t.cases, c)
	t.st.Cases = append(t.st.Cases, CaseRef{Ref: ref, Service: d.ID, Status: c.Status, Secret: c.Secret})
	if n := len(t.st.Cases); n > maxCaseRefs {
		t.st.Cases = t.st.Cases[n-maxCaseRefs:]
	}

	done := d.Done.In(lang)
	if done == "" {
		done = t.text("dialog.submit.done", "ref", ref)
	}
	text := []string{strings.ReplaceAll(done, "{ref}", ref)}
	if c.Secret != "" {
		text = append(text, t.text("dialog.submit.code", "code", showSecret(c.Secret)))
	}
	if d.ID == appointmentService {
		if office := t.officeInfo(c.Department); office != "" {
			text = append(text, office)
		}
	}
	if r := dec.Reply.In(lang); r != "" {
		text = append(text, r)
	}
	text = append(text, t.whatNext(c))
	if to := t.confirm(d, c); to != "" {
		text = append(text, t.text("dialog.submit.mail", "email", to))
	}
	t.st.clearForm()
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: strings.Join(text, "\n\n"), Attachments: dec.Attachments,
		Reference: &channels.Reference{Ref: ref, Code: showSecret(c.Secret)}})
	t.anythingElse(d)
}

// decide asks the service's Submitter, if it has one. A handler error
// leaves the case in the normal course, for staff to review.
func (t *flow) decide(d *catalog.Definition, c cases.Case) Decision {
	s, ok := t.e.handler(d.ID).(Submitter)
	if !ok {
		return Decision{}
	}
	dec, err := s.Submit(Submission{Service: d.ID, Ref: c.Ref, Answers: maps.Clone(c.Answers),
		Lang: t.st.Citizen(), Now: t.now, Rand: t.e.rand, Cases: slices.Clone(t.st.Cases)})
	if err != nil {
		return Decision{Review: "Automatische Prüfung fehlgeschlagen: " + err.Error()}
	}
	if dec.Status != cases.Approved {
		dec.Status = cases.Submitted
	}
	return dec
}

// redo asks the field a Decision names again instead of submitting, and
// reports whether it did.
func (t *flow) redo(dec Decision) bool {
	if dec.Redo == "" {
		return false
	}
	f, ok := t.field(dec.Redo)
	if !ok || !t.applies(f) {
		return false
	}
	delete(t.st.Answers, f.Name)
	t.st.askField(f.Name)
	t.ask(f, dec.Reply.In(t.st.Citizen()))
	return true
}
