package dialog

import (
	"fmt"
	"maps"
	"slices"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// asker reads the definition of the form in progress and puts its
// questions, the summary and the menu (screens.go).
type asker struct{ talk }

// def returns the definition of the form in progress.
func (t *asker) def() (*catalog.Definition, bool) {
	if t.st.Form == "" {
		return nil, false
	}
	return t.e.cat.Service(t.st.Form)
}

// field returns a field of the form in progress by name.
func (t *asker) field(name string) (catalog.FieldDef, bool) {
	if d, ok := t.def(); ok {
		for _, f := range d.Fields {
			if f.Name == name {
				return t.resolve(f), true
			}
		}
	}
	return catalog.FieldDef{}, false
}

// applies reports whether field f is asked given the answers so far: its
// condition holds, and an optional confirmation address only when mail
// can be sent.
func (t *asker) applies(f catalog.FieldDef) bool {
	if t.e.noEmail && f.Name == confirmField && f.Optional {
		return false
	}
	return f.When.Holds(t.st.Answers)
}

// relevant returns, in order, the fields that apply to the answers so far.
func (t *asker) relevant() []catalog.FieldDef {
	d, ok := t.def()
	if !ok {
		return nil
	}
	var out []catalog.FieldDef
	for _, f := range d.Fields {
		if t.applies(f) {
			out = append(out, f)
		}
	}
	return out
}

// resolve gives a field its options of the moment when the service's
// handler is an Optioner; otherwise f is returned as defined.
func (t *asker) resolve(f catalog.FieldDef) catalog.FieldDef {
	if f.Type != form.Choice {
		return f
	}
	o, ok := t.e.handler(t.st.Form).(Optioner)
	if !ok {
		return f
	}
	opts, ok := o.FieldOptions(t.st.Form, f.Name, maps.Clone(t.st.Answers), t.st.Citizen(), t.now)
	if !ok || len(opts) == 0 {
		return f
	}
	f.Options = opts
	return f
}

// display shows a canonical answer to the citizen.
func (t *asker) display(f catalog.FieldDef, v string) string {
	f = t.resolve(f)
	lang := t.st.Citizen()
	if v == "" {
		return t.text("dialog.not_given")
	}
	if h, ok := t.e.handler(t.st.Form).(Displayer); ok {
		if s, ok := h.DisplayAnswer(t.st.Form, f.Name, v, lang); ok {
			return s
		}
	}
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			if o.Value == v {
				return o.Label.In(lang)
			}
		}
		return v
	case form.File:
		return v
	}
	s := t.e.forms.Display(f.Type, v, lang)
	if f.Unit != "" {
		s += " " + f.Unit
	}
	return s
}

// parse checks an answer with the field's rules in the city's time zone
// and the conversation's language, which decides whether "12.345" groups
// thousands (German) or has a decimal point (English).
func (t *asker) parse(f catalog.FieldDef, input string) (string, error) {
	r := f.Rules()
	r.Location = t.e.loc
	r.Lang = t.st.Citizen()
	v, err := t.e.forms.Parse(f.Type, input, r, t.now)
	if err != nil {
		return "", fmt.Errorf("dialog: field %s: %w", f.Name, err)
	}
	return v, nil
}

// fieldOptions are the answers offered for a field.
func (t *asker) fieldOptions(f catalog.FieldDef) []channels.Option {
	var opts []channels.Option
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			opts = append(opts, channels.Option{Value: o.Value, Label: o.Label.In(t.st.Citizen())})
		}
	case form.YesNo:
		opts = append(opts, t.opt(optYes, "dialog.option.yes"), t.opt(optNo, "dialog.option.no"))
	case form.Text:
		opts = append(opts, t.suggestions(f)...)
	}
	if f.Optional {
		opts = append(opts, t.opt(cmdSkip, "dialog.option.skip"))
	}
	return opts
}

// suggestions are the answers a Suggester offers for a text field.
func (t *asker) suggestions(f catalog.FieldDef) []channels.Option {
	s, ok := t.e.handler(t.st.Form).(Suggester)
	if !ok {
		return nil
	}
	return s.Suggest(Answer{Service: t.st.Form, Field: f.Name, Value: t.st.Answers[f.Name],
		Answers: maps.Clone(t.st.Answers), Lang: t.st.Citizen(), Now: t.now, Cases: slices.Clone(t.st.Cases)})
}

// isFieldOption reports whether v is an offered answer of the field being asked.
func (t *asker) isFieldOption(v string) bool {
	f, ok := t.field(t.st.Field)
	if !ok || t.st.Field == "" {
		return false
	}
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			if o.Value == v {
				return true
			}
		}
	case form.YesNo:
		return v == optYes || v == optNo
	case form.Text:
		for _, o := range t.suggestions(f) {
			if o.Value == v {
				return true // a suggestion picked: its value is the answer, not its label
			}
		}
	}
	return false
}

// fill stores a handler's answers to fields of the form other than the
// field being answered.
func (t *asker) fill(field string, answers map[string]string) {
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

// typedEdit finds the answered field a typed correction like
// "Zählernummer korrigieren" or "change email" is about; target is what the
// correction names (reading.edit), "" for no correction.
func (t *asker) typedEdit(target string) (string, bool) {
	if target == "" {
		return "", false
	}
	for _, f := range t.relevant() {
		if _, done := t.st.Answers[f.Name]; !done {
			continue
		}
		if target == norm(f.Label.De) || target == norm(f.Label.En) || target == f.Name {
			return f.Name, true
		}
	}
	return "", false
}

// asksText reports whether a free-text question is being asked.
func (t *asker) asksText() bool {
	f, ok := t.field(t.st.Field)
	return t.active() && t.st.Field != "" && ok && f.Type == form.Text
}
