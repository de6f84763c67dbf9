package dialog

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// errNoAnswer stands for a message that is no answer to the question.
var errNoAnswer = errors.New("dialog: not an answer")

// summary lists every answer with options to submit, correct or cancel.
func (t *turn) summary(lead string) {
	lang := t.st.Language()
	var lines []string
	if lead != "" {
		lines = append(lines, lead, "")
	}
	lines = append(lines, t.say("Bitte prüfen Sie Ihre Angaben:", "Please check your answers:"))
	opts := []channels.Option{t.opt(cmdSubmit, "Absenden", "Submit")}
	for _, f := range t.relevant() {
		v, ok := t.st.Answers[f.Name]
		if !ok {
			continue
		}
		label := f.Label.In(lang)
		lines = append(lines, label+": "+t.display(f, v))
		opts = append(opts, channels.Option{
			Value: cmdEdit + ":" + f.Name,
			Label: t.say(label+" ändern", "Change "+lowerFirst(label)),
		})
	}
	if d, ok := t.def(); ok {
		if cents, ok := d.Charge.Cents(t.st.Answers); ok {
			lines = append(lines, t.say("Gebühr: ", "Fee: ")+catalog.DisplayEuros(catalog.FormatCents(cents), lang))
		}
	}
	lines = append(lines, t.say("Stimmt alles? Dann senden Sie den Antrag bitte ab.", "Is everything correct? Then please submit."))
	opts = append(opts, t.opt(cmdCancel, "Abbrechen", "Cancel"))
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

// summaryInput handles a typed message while the summary is shown.
func (t *turn) summaryInput(msg *reading) {
	if msg.submit {
		t.submit()
		return
	}
	if name, ok := t.typedEdit(msg.edit); ok {
		t.edit(name)
		return
	}
	if msg.no {
		t.summary(t.say("Was möchten Sie ändern?", "What would you like to change?"))
		return
	}
	if t.digression(msg, errNoAnswer) {
		return
	}
	t.miss()
	t.summary(t.say(
		"Bitte wählen Sie „Absenden“, eine Angabe zum Ändern oder „Abbrechen“.",
		"Please choose “Submit”, an answer to change, or “Cancel”."))
}

// digression answers a message in the middle of a form that is about
// something else, and reports whether it did. err is what checking the
// message as an answer gave.
//
// The rule: a message is a digression when (a) it ends with '?' or the
// router sends it with at least DigressionConfidence to another service or
// to the status or staff intent, and (b) it is no valid answer or it holds a
// question word. So "Max Mustermann" stays a name even if a keyword matches,
// while "Was kostet ein Reisepass?" is a question. A digression that routes
// nowhere but fails validation is left to the normal re-prompt. Asking for
// a person needs no '?' or high confidence: it only must not be a valid
// answer (or must read like a question), so "Agent Smith" can be a name.
func (t *turn) digression(msg *reading, err error) bool {
	m := msg.intent()
	routed := m.Intent != "" && m.Confidence >= RouteThreshold
	other := routed && m.Intent != t.st.Form
	question := msg.question
	if m.Intent == IntentStaff && routed && (err != nil || question || msg.asks) {
		t.escalate()
		return true
	}
	if !question && !(other && m.Confidence >= DigressionConfidence) {
		return false
	}
	if err == nil && !msg.asks {
		return false
	}
	switch {
	case other && m.Intent == IntentStatus:
		t.status(msg)
	case other:
		d, ok := t.e.cat.Service(m.Intent)
		if !ok {
			return false
		}
		title := d.Title.In(t.st.Language())
		start := fmt.Sprintf(t.say("%s starten", "Start %s"), title)
		if d.Mode == catalog.ModeInPerson {
			start = fmt.Sprintf(t.say("Mehr zu %s", "More about %s"), title)
		}
		t.st.pause()
		t.reply(t.serviceInfo(d)+"\n\n"+fmt.Sprintf(t.say(
			"Möchten Sie mit „%s“ weitermachen?", "Would you like to continue with “%s”?"), t.formTitle()),
			t.resumeOption(), channels.Option{Value: cmdService + ":" + d.ID, Label: start})
	case routed: // about the service in progress
		d, _ := t.def()
		t.reply(t.serviceInfo(d))
		t.reprompt()
	case err != nil:
		return false
	default:
		t.reply(t.say(
			"Auf diese Frage habe ich hier leider keine Antwort. Wenn Sie möchten, verbinde ich Sie mit einem Menschen.",
			"Sorry, I have no answer to that question here. If you like, I can put you through to a person."),
			t.staffOption())
		t.reprompt()
	}
	return true
}

// formHelp explains what the current question expects and how to move
// around the form, then asks again.
func (t *turn) formHelp() {
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
	parts := []string{fmt.Sprintf(t.say("Gefragt ist: %s.", "I am asking for: %s."), f.Label.In(t.st.Language()))}
	if f.Type != form.Text {
		parts = append(parts, fmt.Sprintf(t.say("Erwartet wird %s.", "I expect %s."), t.expectation(f.Type)))
	}
	if hint := f.Hint.In(t.st.Language()); hint != "" {
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

// expectation says what an answer of type typ looks like.
func (t *turn) expectation(typ string) string {
	switch typ {
	case form.Number:
		return t.say("eine ganze Zahl, zum Beispiel 3", "a whole number, for example 3")
	case form.Decimal:
		return t.say("eine Zahl, gern mit Komma, zum Beispiel 12.345,6", "a number, for example 12345.6")
	case form.Date:
		return t.say("ein Datum, zum Beispiel 28.11.2026 oder „heute“", "a date, for example 2026-11-28 or “today”")
	case form.Choice:
		return t.say("eine der angebotenen Möglichkeiten", "one of the options offered")
	case form.YesNo:
		return t.say("Ja oder Nein", "yes or no")
	case form.Email:
		return t.say("eine E-Mail-Adresse wie name@beispiel.de", "an email address like name@example.com")
	case form.Phone:
		return t.say("eine Telefonnummer, zum Beispiel 05251 880", "a phone number, for example +49 5251 880")
	case form.Postcode:
		return t.say("eine fünfstellige Postleitzahl, zum Beispiel 33098", "a five-digit postcode, for example 33098")
	case form.IBAN:
		return t.say("eine IBAN, zum Beispiel DE89 3704 0044 0532 0130 00", "an IBAN, for example DE89 3704 0044 0532 0130 00")
	case form.Plate:
		return t.say("ein Kfz-Kennzeichen, zum Beispiel PB-AB 123", "a licence plate, for example PB-AB 123")
	case form.File:
		return t.say("eine Datei als Anhang, zum Beispiel ein Foto oder PDF", "a file as an attachment, for example a photo or PDF")
	}
	return t.say("eine kurze Antwort in Worten", "a short answer in words")
}
