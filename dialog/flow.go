package dialog

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// advance drops answers that no longer apply and asks the first relevant
// field without an answer, or shows the summary when none is left. Fields
// that became relevant through a correction are asked this way too.
func (t *flow) advance() {
	d, ok := t.def()
	if !ok {
		t.st.clearForm()
		t.menu("")
		return
	}
	for _, f := range d.Fields { // in order, so that drops cascade
		if !t.applies(f) {
			delete(t.st.Answers, f.Name)
		}
	}
	for _, f := range d.Fields {
		if _, done := t.st.Answers[f.Name]; !done && t.applies(f) {
			t.st.askField(f.Name)
			t.ask(f, "")
			return
		}
	}
	t.st.toSummary()
	if t.st.Amend != nil {
		t.amended(d)
		return
	}
	t.summary("")
}

// accept stores a canonical answer and moves on.
func (t *flow) accept(f catalog.FieldDef, v string) {
	if t.st.Answers == nil {
		t.st.Answers = map[string]string{}
	}
	t.st.Answers[f.Name] = v
	t.advance()
}

// take stores a valid answer after the checks a definition cannot do by
// type: the expected answer (a consent), the handler's check, then the
// chosen option's note and the handler's note, and moves on.
func (t *flow) take(f catalog.FieldDef, v string) {
	if f.Expect != nil && v != f.Expect.Value {
		t.invalid(f, &form.Problem{De: f.Expect.Problem.De, En: f.Expect.Problem.En})
		return
	}
	var c Check
	if h, ok := t.e.handler(t.st.Form).(AnswerChecker); ok {
		c = h.CheckAnswer(Answer{Service: t.st.Form, Field: f.Name, Value: v,
			Answers: maps.Clone(t.st.Answers), Lang: t.st.Citizen(), Now: t.now, Cases: slices.Clone(t.st.Cases)})
	}
	if c.SecretChecked {
		if until, blocked := t.lookupsBlocked(); blocked {
			t.lookupRefused(until) // the handler's answer is not used: it tells nothing
			return
		}
		if c.Problem != nil {
			t.failedLookup()
		}
	}
	if c.Again && c.Problem == nil {
		t.fill(f.Name, c.Fill)
		t.ask(f, c.Note.In(t.st.Citizen()))
		return
	}
	if c.Problem != nil {
		t.invalid(f, c.Problem)
		return
	}
	if c.Value != "" {
		v = c.Value
	}
	for _, o := range f.Options {
		if o.Value == v && o.Note.In(t.st.Citizen()) != "" {
			t.reply(o.Note.In(t.st.Citizen()))
		}
	}
	if note := c.Note.In(t.st.Citizen()); note != "" {
		t.reply(note)
	}
	t.fill(f.Name, c.Fill)
	t.accept(f, v)
}

// file takes an attachment as the answer to a file field. The gateway keeps
// the bytes; the answer records the file's name, media type and size.
func (t *flow) file(f catalog.FieldDef, a channels.Attachment) {
	r := f.Rules()
	r.Location = t.e.loc
	if err := t.e.forms.CheckFile(a.Name, a.MediaType, len(a.Data), r); err != nil {
		t.invalid(f, err)
		return
	}
	name := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, a.Name)
	t.take(f, fmt.Sprintf("%s (%s, %d B)", name, a.MediaType, len(a.Data)))
}

// reprompt repeats the current question: the field, the summary or the menu.
func (t *flow) reprompt() {
	if !t.active() {
		t.menu("")
		return
	}
	if t.st.Field == "" {
		t.summary("")
		return
	}
	f, ok := t.field(t.st.Field)
	if !ok {
		t.advance()
		return
	}
	t.ask(f, "")
}

// resume continues the paused form where it stopped.
func (t *flow) resume() {
	if t.st.Form == "" {
		t.menu("")
		return
	}
	t.st.unpause()
	t.reprompt()
}
