package dialog

import (
	"fmt"

	"amtsbote/channels"
)

// Reasons of an Escalation.
const (
	ReasonAsked  = "asked"  // the citizen asked for a person
	ReasonStuck  = "stuck"  // the bot gave up
	ReasonReview = "review" // a submitted case needs a member of staff
)

// escalate hands the conversation to staff. A form in progress is paused so
// that the citizen can resume it when they come back to the bot.
func (t *turn) escalate() {
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
		t.opt(cmdBot, "Weiter mit dem Bot", "Continue with the bot"))
}

// fallback answers a message that routes nowhere outside a form. The second
// one in a row also offers the menu and a person.
func (t *turn) fallback() {
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
		example = all[0].Title.In(t.st.Language())
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
func (t *turn) help() {
	if t.active() {
		t.formHelp()
		return
	}
	t.menu(t.say(
		"Ich helfe Ihnen bei Anliegen an die Stadtverwaltung. Schreiben Sie einfach in eigenen Worten, was Sie brauchen, oder wählen Sie unten aus. „Menü“ zeigt jederzeit diese Übersicht, „Mitarbeiter“ verbindet Sie mit einem Menschen, und „English please“ switches to English.",
		"I help you with requests to the city administration. Just write in your own words what you need, or choose below. “Menu” shows this overview at any time, “staff” connects you with a person, and “auf Deutsch” switches to German."),
		t.staffOption())
}

// switchLang changes the conversation's language, confirms in the new one
// and repeats the current question.
func (t *turn) switchLang(lang string) {
	if lang != "en" {
		lang = "de"
	}
	t.st.Lang = lang
	if t.greet {
		t.menu("")
		return
	}
	t.reply(t.say("Gern, ich schreibe ab jetzt auf Deutsch.", "Sure, I will continue in English."))
	t.reprompt()
}

// cancel abandons the form in progress and offers the menu.
func (t *turn) cancel() {
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
		"All right, I have cancelled “%s” and discarded your answers."), d.Title.In(t.st.Language())))
}

// resume continues the paused form where it stopped.
func (t *turn) resume() {
	if t.st.Form == "" {
		t.menu("")
		return
	}
	t.st.unpause()
	t.reprompt()
}

// reprompt repeats the current question: the field, the summary or the menu.
func (t *turn) reprompt() {
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
