package dialog

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
	"amtsbote/text"
)

// ask puts one field's question, after lead when it is not empty.
func (t *asker) ask(f catalog.FieldDef, lead string) {
	f = t.resolve(f)
	text := t.stepOf(f) + f.Prompt.In(t.st.Citizen())
	if lead != "" {
		text = lead + "\n\n" + text
	}
	if v, ok := t.st.Answers[f.Name]; ok {
		text += "\n" + t.text("dialog.ask.so_far", "answer", t.display(f, v))
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

// longForm is the number of applying fields from which a question says
// which step it is.
const longForm = 4

// stepOf is "Schritt 3 von 7: " for a field of a long form, counting only
// the fields that apply to the answers so far; "" otherwise (short forms,
// amending a case).
func (t *asker) stepOf(f catalog.FieldDef) string {
	if t.st.Amend != nil {
		return ""
	}
	rel := t.relevant()
	if len(rel) < longForm {
		return ""
	}
	for i, x := range rel {
		if x.Name == f.Name {
			return t.text("dialog.ask.step", "n", i+1, "total", len(rel))
		}
	}
	return ""
}

// invalid re-asks a field with the specific reason and the field's hint.
func (t *asker) invalid(f catalog.FieldDef, err error) {
	t.miss()
	reason := t.text("dialog.ask.invalid")
	var p *form.Problem
	if errors.As(err, &p) {
		reason = p.In(t.st.Language())
	}
	if hint := f.Hint.In(t.st.Citizen()); hint != "" {
		reason += " " + hint
	}
	t.ask(f, reason)
}

// summary lists every answer with options to submit, correct or cancel.
func (t *asker) summary(lead string) {
	lang := t.st.Citizen()
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, t.text("dialog.summary.check"))
	opts := []channels.Option{t.opt(cmdSubmit, "dialog.option.submit")}
	for _, f := range t.relevant() {
		v, ok := t.st.Answers[f.Name]
		if !ok {
			continue
		}
		label := f.Label.In(lang)
		lines = append(lines, label+": "+t.display(f, v))
		opts = append(opts, channels.Option{
			Value: cmdEdit + ":" + f.Name,
			Label: t.changeLabel(label),
		})
	}
	if d, ok := t.def(); ok {
		if cents, ok := d.Charge.Cents(t.st.Answers); ok {
			lines = append(lines, t.text("dialog.info.fee", "fee", catalog.DisplayEuros(catalog.FormatCents(cents), lang)))
		}
	}
	lines = append(lines, t.text("dialog.summary.correct"))
	opts = append(opts, t.opt(cmdCancel, "dialog.option.cancel"))
	if t.stuck() {
		opts = append(opts, t.staffOption())
	}
	t.reply(strings.Join(lines, "\n"), opts...)
}

// lowerFirst lower-cases a label's first letter unless it is an acronym.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// menu shows what the bot can do: the frequently used services, then one
// option per category. A form in progress is paused and offered first. lead
// is said before the question; extra options come last.
func (t *asker) menu(lead string, extra ...channels.Option) {
	t.menuAsk(lead, t.text("dialog.menu.question"), extra...)
}

// menuAsk is menu with another question than "How can I help?".
func (t *asker) menuAsk(lead, question string, extra ...channels.Option) {
	var text, opts []string
	var options []channels.Option
	if t.greet {
		t.greet = false
		text = append(text, t.text("dialog.menu.welcome"))
		if t.st.Language() == "en" {
			extra = append(extra, t.langOption("de"))
		} else {
			extra = append(extra, t.langOption("en"))
		}
	}
	if lead != "" {
		text = append(text, lead)
	}
	if t.st.Form != "" {
		t.st.pause()
		options = append(options, t.resumeOption())
	}
	for _, d := range t.frequent() {
		opts = append(opts, d.Title.In(t.st.Citizen()))
		options = append(options, channels.Option{Value: cmdService + ":" + d.ID, Label: d.Title.In(t.st.Citizen())})
	}
	for _, c := range t.e.cat.Categories() {
		if len(t.inCategory(c.ID)) > 0 {
			options = append(options, channels.Option{Value: cmdCategory + ":" + c.ID, Label: c.Title.In(t.st.Citizen())})
		}
	}
	if len(opts) == 0 {
		text = append(text, question)
	} else {
		text = append(text, question+t.text("dialog.menu.frequent", "list", strings.Join(opts, ", ")))
	}
	t.reply(strings.Join(text, "\n\n"), append(options, extra...)...)
}

// frequent returns the services to offer first: the most used ones, or the
// first ones of the catalog while usage knows none.
func (t *asker) frequent() []*catalog.Definition {
	var out []*catalog.Definition
	if t.e.usage != nil {
		for _, id := range t.e.usage.Top(menuSize) {
			d, ok := t.e.cat.Service(id)
			if ok && !containsDef(out, id) && len(out) < menuSize {
				out = append(out, d)
			}
		}
	}
	if len(out) == 0 {
		all := t.e.cat.Services()
		out = all[:min(menuSize, len(all))]
	}
	return out
}

func containsDef(list []*catalog.Definition, id string) bool {
	for _, d := range list {
		if d.ID == id {
			return true
		}
	}
	return false
}

// inCategory returns the services of category id in catalog order.
func (t *asker) inCategory(id string) []*catalog.Definition {
	var out []*catalog.Definition
	for _, d := range t.e.cat.Services() {
		if d.Category == id {
			out = append(out, d)
		}
	}
	return out
}

// categoryNamed finds a category whose title or id is exactly the
// normalised text s.
func (t *asker) categoryNamed(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	for _, c := range t.e.cat.Categories() {
		if s == c.ID || s == norm(c.Title.De) || s == norm(c.Title.En) {
			return c.ID, true
		}
	}
	return "", false
}

// category lists the services of one category.
func (t *asker) category(id string) {
	var title string
	for _, c := range t.e.cat.Categories() {
		if c.ID == id {
			title = c.Title.In(t.st.Citizen())
		}
	}
	list := t.inCategory(id)
	if title == "" || len(list) == 0 {
		t.menu("")
		return
	}
	t.hello()
	var opts []channels.Option
	for _, d := range list {
		opts = append(opts, channels.Option{Value: cmdService + ":" + d.ID, Label: d.Title.In(t.st.Citizen())})
	}
	opts = append(opts, t.opt(cmdMenu, "dialog.option.back_to_menu"))
	t.reply(t.text("dialog.menu.category", "category", title), opts...)
}

// clarify asks which of two services was meant.
func (t *asker) clarify(a, b string) {
	da, _ := t.e.cat.Service(a)
	db, _ := t.e.cat.Service(b)
	lang := t.st.Citizen()
	t.hello()
	t.reply(t.text("dialog.menu.clarify", "a", da.Title.In(lang), "b", db.Title.In(lang)),
		channels.Option{Value: cmdService + ":" + a, Label: da.Title.In(lang)},
		channels.Option{Value: cmdService + ":" + b, Label: db.Title.In(lang)})
}

// changeLabel is the option that corrects the answer labelled label.
func (t *asker) changeLabel(label string) string {
	if t.lang() == text.En {
		label = lowerFirst(label)
	}
	return t.text("dialog.summary.change", "label", label)
}
