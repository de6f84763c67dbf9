package dialog

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// Option values of a yes/no field; form.Parse reads them as its canonical answers.
const (
	optYes = "yes"
	optNo  = "no"
)

// def returns the definition of the form in progress.
func (t *turn) def() (*catalog.Definition, bool) {
	if t.st.Form == "" {
		return nil, false
	}
	return t.e.cat.Service(t.st.Form)
}

// field returns a field of the form in progress by name.
func (t *turn) field(name string) (catalog.FieldDef, bool) {
	if d, ok := t.def(); ok {
		for _, f := range d.Fields {
			if f.Name == name {
				return t.resolve(f), true
			}
		}
	}
	return catalog.FieldDef{}, false
}

// relevant returns, in order, the fields whose conditions hold for the
// answers so far.
func (t *turn) relevant() []catalog.FieldDef {
	d, ok := t.def()
	if !ok {
		return nil
	}
	var out []catalog.FieldDef
	for _, f := range d.Fields {
		if f.When.Holds(t.st.Answers) {
			out = append(out, f)
		}
	}
	return out
}

// advance drops answers that no longer apply and asks the first relevant
// field without an answer, or shows the summary when none is left. Fields
// that became relevant through a correction are asked this way too.
func (t *turn) advance() {
	d, ok := t.def()
	if !ok {
		t.st.clearForm()
		t.menu("")
		return
	}
	for _, f := range d.Fields { // in order, so that drops cascade
		if !f.When.Holds(t.st.Answers) {
			delete(t.st.Answers, f.Name)
		}
	}
	for _, f := range d.Fields {
		if _, done := t.st.Answers[f.Name]; !done && f.When.Holds(t.st.Answers) {
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

// ask puts one field's question, after lead when it is not empty.
func (t *turn) ask(f catalog.FieldDef, lead string) {
	f = t.resolve(f)
	text := f.Prompt.In(t.st.Language())
	if lead != "" {
		text = lead + "\n\n" + text
	}
	if v, ok := t.st.Answers[f.Name]; ok {
		text += "\n" + t.say("Bisher: ", "So far: ") + t.display(f, v)
	}
	opts := t.fieldOptions(f)
	if t.stuck() {
		opts = append(opts, t.staffOption())
	}
	t.out = append(t.out, channels.Outbound{
		From: channels.FromBot, Text: text, Options: opts,
		Field: &channels.Field{Name: f.Name, Type: f.Type, Optional: f.Optional},
	})
}

// fieldOptions are the answers offered for a field.
func (t *turn) fieldOptions(f catalog.FieldDef) []channels.Option {
	var opts []channels.Option
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			opts = append(opts, channels.Option{Value: o.Value, Label: o.Label.In(t.st.Language())})
		}
	case form.YesNo:
		opts = append(opts, t.opt(optYes, "Ja", "Yes"), t.opt(optNo, "Nein", "No"))
	case form.Text:
		opts = append(opts, t.suggestions(f)...)
	}
	if f.Optional {
		opts = append(opts, t.opt(cmdSkip, "Überspringen", "Skip"))
	}
	return opts
}

// isFieldOption reports whether v is an offered answer of the field being asked.
func (t *turn) isFieldOption(v string) bool {
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

// answer takes a picked option as the answer to the field being asked.
func (t *turn) answer(value string) {
	f, _ := t.field(t.st.Field)
	v, err := t.parse(f, value)
	if err != nil {
		t.invalid(f, err)
		return
	}
	t.take(f, v)
}

// formInput handles a typed message while a form is active.
func (t *turn) formInput(msg *reading) {
	if t.st.Field == "" {
		t.summaryInput(msg)
		return
	}
	f, ok := t.field(t.st.Field)
	if !ok {
		t.advance()
		return
	}
	text := msg.text
	if f.Type == form.YesNo {
		if v, err := t.parse(f, text); err == nil { // "nein danke" is an answer here, not a skip
			t.take(f, v)
			return
		}
	}
	switch {
	case f.Optional && msg.skip:
		t.skip()
		return
	case f.Type == form.File && len(msg.files) > 0:
		t.file(f, msg.files[0])
		return
	}
	if name, ok := t.typedEdit(msg.edit); ok {
		t.edit(name)
		return
	}
	if text == "" && len(msg.files) > 0 {
		t.ask(f, t.say("Hier brauche ich keine Datei, sondern eine Antwort auf die Frage.",
			"I do not need a file here, but an answer to the question."))
		return
	}
	v, err := t.parse(f, text)
	if t.digression(msg, err) {
		return
	}
	if err != nil {
		t.invalid(f, err)
		return
	}
	t.take(f, v)
}

// accept stores a canonical answer and moves on.
func (t *turn) accept(f catalog.FieldDef, v string) {
	if t.st.Answers == nil {
		t.st.Answers = map[string]string{}
	}
	t.st.Answers[f.Name] = v
	t.advance()
}

// invalid re-asks a field with the specific reason and the field's hint.
func (t *turn) invalid(f catalog.FieldDef, err error) {
	t.miss()
	reason := t.say("Diese Angabe kann ich leider nicht verwenden.", "Sorry, I cannot use that answer.")
	var p *form.Problem
	if errors.As(err, &p) {
		reason = p.In(t.st.Language())
	}
	if hint := f.Hint.In(t.st.Language()); hint != "" {
		reason += " " + hint
	}
	t.ask(f, reason)
}

// file takes an attachment as the answer to a file field. The gateway keeps
// the bytes; the answer records the file's name, media type and size.
func (t *turn) file(f catalog.FieldDef, a channels.Attachment) {
	r := f.Rules()
	r.Location = t.e.loc
	if err := form.CheckFile(a.Name, a.MediaType, len(a.Data), r); err != nil {
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

// skip leaves out an optional field.
func (t *turn) skip() {
	f, ok := t.field(t.st.Field)
	if !t.active() || !ok {
		t.reprompt()
		return
	}
	if !f.Optional {
		t.ask(f, t.say("Diese Angabe brauche ich leider, sie ist nicht freiwillig.", "Sorry, this answer is required."))
		return
	}
	t.accept(f, "")
}

// back asks the previous relevant field again; from the summary, the last.
func (t *turn) back() {
	if !t.active() {
		t.menu("")
		return
	}
	rel := t.relevant()
	at := len(rel)
	for i, f := range rel {
		if f.Name == t.st.Field {
			at = i
		}
	}
	if at == 0 || len(rel) == 0 {
		t.reply(t.say("Das ist bereits die erste Frage. Mit „abbrechen“ beenden Sie den Antrag.",
			"This is already the first question. Write “cancel” to stop the application."))
		t.reprompt()
		return
	}
	prev := rel[at-1]
	t.st.askField(prev.Name)
	t.ask(prev, "")
}

// edit asks a field again to correct it; afterwards the form continues
// with the first open field, or the summary.
func (t *turn) edit(name string) {
	if t.st.Form == "" {
		t.menu("")
		return
	}
	t.st.unpause()
	f, ok := t.field(name)
	if !ok || !f.When.Holds(t.st.Answers) {
		t.reprompt()
		return
	}
	t.st.askField(name)
	t.ask(f, "")
}

// typedEdit finds the answered field a typed correction like
// "Zählernummer korrigieren" or "change email" is about; target is what the
// correction names (reading.edit), "" for no correction.
func (t *turn) typedEdit(target string) (string, bool) {
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

// parse checks an answer with the field's rules in the city's time zone
// and the conversation's language, which decides whether "12.345" groups
// thousands (German) or has a decimal point (English).
func (t *turn) parse(f catalog.FieldDef, input string) (string, error) {
	r := f.Rules()
	r.Location = t.e.loc
	r.Lang = t.st.Language()
	v, err := form.Parse(f.Type, input, r, t.now)
	if err != nil {
		return "", fmt.Errorf("dialog: field %s: %w", f.Name, err)
	}
	return v, nil
}

// display shows a canonical answer to the citizen.
func (t *turn) display(f catalog.FieldDef, v string) string {
	f = t.resolve(f)
	lang := t.st.Language()
	if v == "" {
		return t.say("(keine Angabe)", "(not given)")
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
	s := form.Display(f.Type, v, lang)
	if f.Unit != "" {
		s += " " + f.Unit
	}
	return s
}
