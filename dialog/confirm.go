package dialog

import (
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// maxAfterOptions bounds the options offered after a case is submitted, so
// that the confirmation stays in view.
const maxAfterOptions = 4

// whatNext says what happens with a case just submitted: who handles it
// and where the answer comes.
func (t *flow) whatNext(c cases.Case) string {
	who := t.text("dialog.next.city")
	if dep, ok := t.e.cat.Department(c.Department); ok {
		who = dep.Name.In(t.st.Citizen())
	}
	if c.Status == cases.Approved {
		return t.text("dialog.next.done", "who", who)
	}
	return t.text("dialog.next.handled", "who", who)
}

// anythingElse asks whether the citizen needs anything else, with at
// most maxAfterOptions options, so the confirmation does not scroll away
// behind the whole menu: an appointment for an in-person service, another
// request (the menu), rating the conversation and a transcript.
func (t *flow) anythingElse(d *catalog.Definition) {
	var opts []channels.Option
	if _, ok := t.e.cat.Service(appointmentService); ok && d.Mode == catalog.ModeInPerson && d.ID != appointmentService {
		opts = append(opts, t.bookOption(d.ID))
	}
	opts = append(opts, t.opt(cmdMenu, "dialog.option.something_else"),
		t.opt(cmdRate, "dialog.option.rate"),
		t.opt(cmdTranscript, "dialog.option.transcript"))
	t.reply(t.text("dialog.anything_else"),
		opts[:min(len(opts), maxAfterOptions)]...)
}

// confirm makes the confirmation mail of case c to the address its form
// asked for, and returns that address ("" when none is mailed). Signed but
// not encrypted, it holds only the reference, the service and the date;
// the answers go only into a mail encrypted to the citizen's key.
func (t *flow) confirm(d *catalog.Definition, c cases.Case) string {
	to := c.Answers[confirmField]
	f, ok := t.field(confirmField)
	if to == "" || t.e.noEmail || !ok || f.Type != form.Email {
		return ""
	}
	lang := t.st.Citizen()
	title := d.Title.In(lang)
	date := t.e.texts.Time(t.lang(), "date.date", t.now.In(t.e.loc))
	if lang == "en" {
		date = t.now.In(t.e.loc).Format("2 January 2006")
	}
	text := t.text("dialog.mail.text", "ref", c.Ref, "service", title, "date", date)
	var lines []string
	for _, f := range t.relevant() {
		if v, ok := c.Answers[f.Name]; ok && v != "" && f.Type != form.File {
			lines = append(lines, f.Label.In(lang)+": "+t.display(f, v))
		}
	}
	private := ""
	if len(lines) > 0 {
		private = t.text("dialog.mail.answers") + "\n" + strings.Join(lines, "\n")
	}
	subject := t.text("dialog.mail.subject", "ref", c.Ref, "service", title)
	t.mails = append(t.mails, Mail{To: to, Message: channels.Outbound{From: channels.FromSystem, Text: text,
		Mail: &channels.Mail{Subject: subject, Private: private}}})
	return to
}
