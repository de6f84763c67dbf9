package dialog

import (
	"fmt"
	"strings"

	"amtsbote/catalog"
	"amtsbote/channels"
)

// menuSize is how many frequently used services the menu offers.
const menuSize = 6

// menu shows what the bot can do: the frequently used services, then one
// option per category. A form in progress is paused and offered first. lead
// is said before the question; extra options come last.
func (t *turn) menu(lead string, extra ...channels.Option) {
	t.menuAsk(lead, t.say("Womit kann ich helfen?", "How can I help?"), extra...)
}

// menuAsk is menu with another question than "How can I help?".
func (t *turn) menuAsk(lead, question string, extra ...channels.Option) {
	var text, opts []string
	var options []channels.Option
	if t.greet {
		t.greet = false
		text = append(text, t.say(
			"Guten Tag! Ich bin der digitale Assistent der Stadtverwaltung. Schreiben Sie mir Ihr Anliegen einfach in eigenen Worten – oder wählen Sie unten aus.",
			"Hello! I am the city administration's digital assistant. Just tell me in your own words what you need – or choose below."))
		if t.st.Language() == "en" {
			extra = append(extra, channels.Option{Value: "lang:de", Label: "Deutsch"})
		} else {
			extra = append(extra, channels.Option{Value: "lang:en", Label: "English"})
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
		opts = append(opts, d.Title.In(t.st.Language()))
		options = append(options, channels.Option{Value: cmdService + ":" + d.ID, Label: d.Title.In(t.st.Language())})
	}
	for _, c := range t.e.cat.Categories() {
		if len(t.inCategory(c.ID)) > 0 {
			options = append(options, channels.Option{Value: cmdCategory + ":" + c.ID, Label: c.Title.In(t.st.Language())})
		}
	}
	if len(opts) == 0 {
		text = append(text, question)
	} else {
		text = append(text, question+fmt.Sprintf(t.say(
			" Häufig genutzt: %s. Oder wählen Sie einen Bereich.",
			" Frequently used: %s. Or choose an area."), strings.Join(opts, ", ")))
	}
	t.reply(strings.Join(text, "\n\n"), append(options, extra...)...)
}

// frequent returns the services to offer first: the most used ones, or the
// first ones of the catalog while usage knows none.
func (t *turn) frequent() []*catalog.Definition {
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
func (t *turn) inCategory(id string) []*catalog.Definition {
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
func (t *turn) categoryNamed(s string) (string, bool) {
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
func (t *turn) category(id string) {
	var title string
	for _, c := range t.e.cat.Categories() {
		if c.ID == id {
			title = c.Title.In(t.st.Language())
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
		opts = append(opts, channels.Option{Value: cmdService + ":" + d.ID, Label: d.Title.In(t.st.Language())})
	}
	opts = append(opts, t.opt(cmdMenu, "Zurück zum Menü", "Back to the menu"))
	t.reply(fmt.Sprintf(t.say("Im Bereich „%s“ helfe ich Ihnen gern bei:", "In “%s” I can help you with:"), title), opts...)
}

// serviceInfo describes a service: title, description, documents and fee.
func (t *turn) serviceInfo(d *catalog.Definition) string {
	lang := t.st.Language()
	text := d.Title.In(lang) + ": " + d.Description.In(lang)
	if len(d.Documents) > 0 {
		var docs []string
		for _, doc := range d.Documents {
			docs = append(docs, doc.In(lang))
		}
		text += "\n" + t.say("Mitzubringen: ", "Please bring: ") + strings.Join(docs, "; ")
	}
	if fee := d.Fee.In(lang); fee != "" {
		text += "\n" + t.say("Gebühr: ", "Fee: ") + fee
	}
	return text
}

// asideOptions are offered after a side answer: back to the paused form
// (which pauses it), or else the menu.
func (t *turn) asideOptions() []channels.Option {
	if t.st.Form != "" {
		t.st.pause()
		return []channels.Option{t.resumeOption()}
	}
	return []channels.Option{t.opt(cmdMenu, "Zum Menü", "Menu")}
}

// resumeOption offers to continue the paused form.
func (t *turn) resumeOption() channels.Option {
	return channels.Option{Value: cmdResume, Label: t.say("Weiter mit ", "Continue with ") + t.formTitle()}
}

// formTitle is the title of the service whose form is in progress.
func (t *turn) formTitle() string {
	if d, ok := t.e.cat.Service(t.st.Form); ok {
		return d.Title.In(t.st.Language())
	}
	return t.st.Form
}

// clarify asks which of two services was meant.
func (t *turn) clarify(a, b string) {
	da, _ := t.e.cat.Service(a)
	db, _ := t.e.cat.Service(b)
	lang := t.st.Language()
	t.hello()
	t.reply(fmt.Sprintf(t.say("Meinen Sie „%s“ oder „%s“?", "Do you mean “%s” or “%s”?"), da.Title.In(lang), db.Title.In(lang)),
		channels.Option{Value: cmdService + ":" + a, Label: da.Title.In(lang)},
		channels.Option{Value: cmdService + ":" + b, Label: db.Title.In(lang)})
}
