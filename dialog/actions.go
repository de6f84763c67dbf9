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
	t.reply(t.say(
		"Ich gebe Ihr Anliegen an eine Mitarbeiterin oder einen Mitarbeiter weiter. Die Antwort bekommen Sie hier in diesem Gespräch. Bis dahin halte ich mich zurück; mit „weiter mit dem Bot“ sind Sie wieder bei mir.",
		"I am passing your request on to a member of staff. You will get the answer here in this conversation. Until then I will stay quiet; write “continue with the bot” to come back to me."),
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
		t.menu(t.say(
			"Das habe ich leider wieder nicht verstanden. Wählen Sie bitte ein Thema – oder sprechen Sie mit einem Menschen.",
			"Sorry, I did not understand that either. Please choose a topic – or talk to a person."),
			t.staffOption())
		return
	}
	example := t.say("Zählerstand melden", "report a meter reading")
	if all := t.frequent(); len(all) > 0 {
		example = all[0].Title.In(t.st.Citizen())
	}
	var opts []channels.Option
	if t.st.Form != "" {
		opts = append(opts, t.resumeOption())
	}
	t.reply(fmt.Sprintf(t.say(
		"Das habe ich leider nicht verstanden. Beschreiben Sie Ihr Anliegen bitte in wenigen Worten, zum Beispiel „%s“, oder schreiben Sie „Menü“.",
		"Sorry, I did not understand that. Please describe what you need in a few words, for example “%s”, or write “menu”."),
		example), opts...)
}

// help explains what can be done here, then asks again.
func (t *acts) help() {
	if t.active() {
		t.formHelp()
		return
	}
	t.menu(t.say(
		"Ich helfe Ihnen bei Anliegen an die Stadtverwaltung. Schreiben Sie einfach in eigenen Worten, was Sie brauchen, oder wählen Sie unten aus. „Menü“ zeigt jederzeit diese Übersicht, „Mitarbeiter“ verbindet Sie mit einem Menschen, und „English please“ switches to English.",
		"I help you with requests to the city administration. Just write in your own words what you need, or choose below. “Menu” shows this overview at any time, “staff” connects you with a person, and “auf Deutsch” switches to German."),
		t.staffOption())
}

// formHelp explains what the current question expects and how to move
// around the form, then asks again.
func (t *acts) formHelp() {
	if t.st.Field == "" {
		t.reply(t.say(
			"Hier sehen Sie Ihre Angaben. Mit „Absenden“ schicken Sie den Antrag ab, mit „… ändern“ korrigieren Sie eine Angabe, und mit „abbrechen“ verwerfen Sie den Antrag. „Mitarbeiter“ verbindet Sie mit einem Menschen.",
			"These are your answers. “Submit” sends the application, “change …” corrects an answer, and “cancel” discards it. “Staff” connects you with a person."))
		t.summary("")
		return
	}
	f, ok := t.field(t.st.Field)
	if !ok {
		t.advance()
		return
	}
	parts := []string{fmt.Sprintf(t.say("Gefragt ist: %s.", "I am asking for: %s."), f.Label.In(t.st.Citizen()))}
	if f.Type != form.Text {
		parts = append(parts, fmt.Sprintf(t.say("Erwartet wird %s.", "I expect %s."), t.expectation(f.Type)))
	}
	if hint := f.Hint.In(t.st.Citizen()); hint != "" {
		parts = append(parts, hint)
	}
	if f.Optional {
		parts = append(parts, t.say("Die Angabe ist freiwillig – mit „überspringen“ lassen Sie sie aus.",
			"This answer is optional – write “skip” to leave it out."))
	}
	parts = append(parts, t.say(
		"Mit „zurück“ ändern Sie die vorige Antwort, „Menü“ unterbricht den Antrag, „abbrechen“ beendet ihn, und „Mitarbeiter“ verbindet Sie mit einem Menschen.",
		"“Back” changes the previous answer, “menu” pauses the application, “cancel” ends it, and “staff” connects you with a person."))
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
		t.menu(t.say("Es ist gerade nichts offen, das ich abbrechen könnte.", "There is nothing in progress to cancel."))
		return
	}
	t.st.clearForm()
	t.menu(fmt.Sprintf(t.say(
		"In Ordnung, ich habe „%s“ abgebrochen und Ihre Angaben dazu verworfen.",
		"All right, I have cancelled “%s” and discarded your answers."), d.Title.In(t.st.Citizen())))
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
		t.ask(f, t.say("Diese Angabe brauche ich leider, sie ist nicht freiwillig.", "Sorry, this answer is required."))
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
		t.reply(t.say("Das Weiterführen auf einem anderen Kanal ist hier leider nicht eingerichtet.",
			"Continuing on another channel is not set up here, sorry."))
		return
	}
	code := t.e.links.LinkCode(t.conv, t.now)
	how := "/start " + code
	if t.e.telegramBot != "" {
		how = fmt.Sprintf("https://t.me/%s?start=%s", t.e.telegramBot, code)
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: fmt.Sprintf(t.say(
		"So geht es auf Telegram weiter, mit allem, was wir bisher besprochen haben: %s – der Link gilt %d Minuten. Danach antworte ich Ihnen dort.",
		"To continue on Telegram with everything we have discussed so far: %s – the link is valid for %d minutes. After that I answer you there."),
		how, int(LinkValidity/time.Minute))})
	if t.active() {
		t.reprompt()
	}
}
