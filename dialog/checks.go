package dialog

import (
	"maps"
	"slices"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// resolve gives a field its options of the moment when the service's
// handler is an Optioner; otherwise f is returned as defined.
func (t *turn) resolve(f catalog.FieldDef) catalog.FieldDef {
	if f.Type != form.Choice {
		return f
	}
	o, ok := t.e.handler(t.st.Form).(Optioner)
	if !ok {
		return f
	}
	opts, ok := o.FieldOptions(t.st.Form, f.Name, maps.Clone(t.st.Answers), t.st.Language(), t.now)
	if !ok || len(opts) == 0 {
		return f
	}
	f.Options = opts
	return f
}

// take stores a valid answer after the checks a definition cannot do by
// type: the expected answer (a consent), the handler's check, then the
// chosen option's note and the handler's note, and moves on.
func (t *turn) take(f catalog.FieldDef, v string) {
	if f.Expect != nil && v != f.Expect.Value {
		t.invalid(f, &form.Problem{De: f.Expect.Problem.De, En: f.Expect.Problem.En})
		return
	}
	var c Check
	if h, ok := t.e.handler(t.st.Form).(AnswerChecker); ok {
		c = h.CheckAnswer(Answer{Service: t.st.Form, Field: f.Name, Value: v,
			Answers: maps.Clone(t.st.Answers), Lang: t.st.Language(), Now: t.now, Cases: slices.Clone(t.st.Cases)})
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
		t.ask(f, c.Note.In(t.st.Language()))
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
		if o.Value == v && o.Note.In(t.st.Language()) != "" {
			t.reply(o.Note.In(t.st.Language()))
		}
	}
	if note := c.Note.In(t.st.Language()); note != "" {
		t.reply(note)
	}
	t.fill(f.Name, c.Fill)
	t.accept(f, v)
}

// fill stores a handler's answers to fields of the form other than the
// field being answered.
func (t *turn) fill(field string, answers map[string]string) {
	if len(answers) == 0 {
		return
	}
	if t.st.Answers == nil {
		t.st.Answers = map[string]string{}
	}
	d, _ := t.def()
	for _, g := range d.Fields {
		if fv, ok := answers[g.Name]; ok && g.Name != field {
			t.st.Answers[g.Name] = fv
		}
	}
}

// suggestions are the answers a Suggester offers for a text field.
func (t *turn) suggestions(f catalog.FieldDef) []channels.Option {
	s, ok := t.e.handler(t.st.Form).(Suggester)
	if !ok {
		return nil
	}
	return s.Suggest(Answer{Service: t.st.Form, Field: f.Name, Value: t.st.Answers[f.Name],
		Answers: maps.Clone(t.st.Answers), Lang: t.st.Language(), Now: t.now, Cases: slices.Clone(t.st.Cases)})
}
