package dialog

import (
	"fmt"
	"strings"
	"time"

	"amtsbote/channels"
	"amtsbote/form"
	"amtsbote/text"
)

// escalate hands the conversation to staff. A form in progress is paused so
// that the citizen can resume it when they come back to the bot.
func (t *acts) escalate() {
	t.hello()
	t.st.waitForStaff()
	esc := &Escalation{Reason: ReasonAsked}
	if d, ok := t.e.cat.Service(t.st.Form); ok {
		t.st.pause()
		esc.Service, esc.Department = d.ID, d.Department
	}
	t.esc = esc
	if t.nobodyThere(esc.Department) {
		return
	}
	t.reply(t.text("dialog.escalate"),
		t.opt(cmdBot, "dialog.option.bot"))
}

// fallback answers a message that routes nowhere outside a form. The second
// one in a row also offers the menu and a person.
func (t *acts) fallback() {
	if t.greet {
		t.menu("")
		return
	}
	t.miss()
	if t.stuck() {
		t.menu(t.text("dialog.fallback.again"),
			t.staffOption())
		return
	}
	example := t.text("dialog.fallback.example")
	if all := t.frequent(); len(all) > 0 {
		example = all[0].Title.In(t.st.Citizen())
	}
	var opts []channels.Option
	if t.st.Form != "" {
		opts = append(opts, t.resumeOption())
	}
	t.reply(t.text("dialog.fallback", "example", example), opts...)
}

// help explains what can be done here, then asks again.
func (t *acts) help() {
	if t.active() {
		t.formHelp()
		return
	}
	t.menu(t.text("dialog.help"),
		t.staffOption())
}

// formHelp explains what the current question expects and how to move
// around the form, then asks again.
func (t *acts) formHelp() {
	if t.st.Field == "" {
		t.reply(t.text("dialog.help.summary"))
		t.summary("")
		return
	}
	f, ok := t.field(t.st.Field)
	if !ok {
		t.advance()
		return
	}
	parts := []string{t.text("dialog.help.asked", "label", f.Label.In(t.st.Citizen()))}
	if f.Type != form.Text {
		parts = append(parts, t.text("dialog.help.expected", "what", t.expectation(f.Type)))
	}
	if hint := f.Hint.In(t.st.Citizen()); hint != "" {
		parts = append(parts, hint)
	}
	if f.Optional {
		parts = append(parts, t.text("dialog.help.optional"))
	}
	parts = append(parts, t.text("dialog.help.form"))
	t.reply(strings.Join(parts, " "))
	t.ask(f, "")
}

// switchLang changes the conversation's language, confirms in the new one
// and repeats the current question.
func (t *acts) switchLang(lang string) {
	l, err := text.Parse(lang)
	if err != nil {
		l = text.De
	}
	t.st.Lang = string(l)
	if t.greet {
		t.menu("")
		return
	}
	t.reply(t.text("dialog.lang.switched"))
	t.reprompt()
}

// cancel abandons the form in progress and offers the menu.
func (t *acts) cancel() {
	if t.st.Amend != nil {
		t.dropAmend()
		return
	}
	d, ok := t.e.cat.Service(t.st.Form)
	if !ok {
		t.st.clearForm()
		t.menu(t.text("dialog.cancel.nothing"))
		return
	}
	t.st.clearForm()
	t.menu(t.text("dialog.cancel.done", "service", d.Title.In(t.st.Citizen())))
}

// back asks the previous relevant field again; from the summary, the last.
func (t *acts) back() {
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
		t.reply(t.text("dialog.back.first"))
		t.reprompt()
		return
	}
	prev := rel[at-1]
	t.st.askField(prev.Name)
	t.ask(prev, "")
}

// edit asks a field again to correct it; afterwards the form continues
// with the first open field, or the summary.
func (t *acts) edit(name string) {
	if t.st.Form == "" {
		t.menu("")
		return
	}
	t.st.unpause()
	f, ok := t.field(name)
	if !ok || !t.applies(f) {
		t.reprompt()
		return
	}
	t.st.askField(name)
	t.ask(f, "")
}

// skip leaves out an optional field.
func (t *acts) skip() {
	f, ok := t.field(t.st.Field)
	if !t.active() || !ok {
		t.reprompt()
		return
	}
	if !f.Optional {
		t.ask(f, t.text("dialog.skip.required"))
		return
	}
	t.accept(f, "")
}

// answer takes a picked option as the answer to the field being asked.
func (t *acts) answer(value string) {
	f, _ := t.field(t.st.Field)
	v, err := t.parse(f, value)
	if err != nil {
		t.invalid(f, err)
		return
	}
	t.take(f, v)
}

// link answers "continue on Telegram": a deep link (or /start CODE) that
// brings this conversation to the messenger; then the question it was at.
func (t *acts) link() {
	if t.e.links == nil || t.conv == "" {
		t.reply(t.text("dialog.link.off"))
		return
	}
	code := t.e.links.LinkCode(t.conv, t.now)
	how := "/start " + code
	if t.e.telegramBot != "" {
		how = fmt.Sprintf("https://t.me/%s?start=%s", t.e.telegramBot, code)
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: t.text("dialog.link",
		"how", how, "minutes", int(LinkValidity/time.Minute))})
	if t.active() {
		t.reprompt()
	}
}
