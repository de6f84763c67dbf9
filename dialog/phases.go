package dialog

import (
	"strings"
	"unicode"

	"amtsbote/channels"
	"amtsbote/form"
	"amtsbote/text"
)

// turn is the work of one Step: one handler per phase (State.Phase).
type turn struct{ acts }

// citizen handles a message from the citizen.
func (t *turn) citizen(msg *reading) {
	if t.st.Lang == "" {
		t.greet = true
		t.st.Lang = firstLang(msg, t.hint)
	}
	cmd := ratingCommand(msg, t.pendingRating())
	if msg.choice == "" && cmd.kind == cmdLang && t.asksText() && msg.words == 1 {
		cmd = command{} // "deutsch" answers "Staatsangehörigkeit?"
	}
	if t.followLanguage(msg, cmd) {
		return
	}
	remark := t.st.Remark
	t.st.Remark = false // a comment on a rating comes next or not at all
	if remark && cmd.kind == "" && msg.choice == "" && msg.text != "" && t.st.Phase == PhaseMenu {
		t.remark(msg.text)
		return
	}
	if t.st.Phase == PhaseWaiting {
		t.onWaiting(cmd)
		return
	}
	if t.active() && msg.choice != "" && t.isFieldOption(msg.choice) {
		t.answer(msg.choice)
		return
	}
	if t.command(cmd) {
		return
	}
	if msg.choice != "" && msg.text == "" {
		msg = msg.asTyped() // an option we do not know: read it as typed
	}
	switch t.st.Phase {
	case PhaseAsking, PhaseAmending:
		t.onAsking(msg)
	case PhaseSummary:
		t.onSummary(msg)
	case PhasePaused:
		t.onPaused(msg)
	default:
		t.onMenu(msg)
	}
}

// command carries out a command given in any phase but waiting for
// staff, and reports whether there was one.
func (t *turn) command(cmd command) bool {
	switch cmd.kind {
	case cmdStaff:
		t.escalate()
	case cmdLink:
		t.link()
	case cmdLang:
		t.switchLang(cmd.arg)
	case cmdCancel:
		t.cancel()
	case cmdHelp:
		t.help()
	case cmdBack:
		t.back()
	case cmdMenu:
		t.menu("") // pauses a form in progress
	case cmdResume, cmdBot:
		t.resume()
	case cmdService:
		t.startService(cmd.arg)
	case cmdBook:
		t.book(cmd.arg)
	case cmdContact:
		t.contact(cmd.arg)
	case cmdCategory:
		t.category(cmd.arg)
	case cmdEdit:
		t.edit(cmd.arg)
	case cmdSubmit:
		if t.st.Phase == PhaseSummary {
			t.submit()
		} else {
			t.reprompt()
		}
	case cmdSkip:
		t.skip()
	case cmdRate:
		t.rate(cmd.arg)
	case cmdTranscript:
		t.transcript()
	case cmdAnswer:
		t.showAnswer(cmd.arg, "")
	case cmdHelpful:
		t.rateAnswer(cmd.arg)
	default:
		return false
	}
	return true
}

// onWaiting handles a citizen's message while staff are to answer: only
// "menu", "cancel" and "bot" bring the bot back; anything else is for staff.
func (t *turn) onWaiting(cmd command) {
	switch cmd.kind {
	case cmdMenu, cmdCancel:
		t.st.backToBot()
		t.menu(t.text("dialog.staff.back"))
	case cmdBot:
		t.st.backToBot()
		t.reply(t.text("dialog.staff.back"))
		t.st.unpause()
		t.reprompt()
	case cmdContact:
		t.contact(cmd.arg)
	case cmdBook:
		t.st.backToBot()
		t.book(cmd.arg)
	default:
		t.silent = true
	}
}

// onMenu handles a typed message in the menu.
func (t *turn) onMenu(msg *reading) {
	if !t.routeFree(msg) && !t.suggest(msg) {
		t.fallback()
	}
}

// routeFree starts what a typed message outside a form asks for: a
// category, a status question, a service; it reports whether it did.
func (t *turn) routeFree(msg *reading) bool {
	if id, ok := t.categoryNamed(msg.norm); ok {
		t.category(id)
		return true
	}
	if ref, _ := msg.caseRef(); ref != "" {
		t.status(msg) // "AB-2026-000042 K7P3-M9QX" asks about that case
		return true
	}
	m := msg.intent()
	if msg.text != "" && m.Confidence >= RouteThreshold {
		switch m.Intent {
		case IntentStaff:
			t.escalate()
			return true
		case IntentStatus:
			t.status(msg)
			return true
		}
		if t.isAnswer(m.Intent) {
			t.showAnswer(m.Intent, msg.text)
			return true
		}
		if _, ok := t.e.cat.Service(m.Intent); ok {
			if t.ambiguous(m) {
				t.clarify(m.Intent, m.RunnerUp)
			} else {
				t.startService(m.Intent)
			}
			return true
		}
	}
	return false
}

// onPaused handles a typed message while a form is paused: like the menu,
// but a valid answer to the paused question resumes the form.
func (t *turn) onPaused(msg *reading) {
	if t.routeFree(msg) {
		return
	}
	if t.st.Field != "" {
		// The form is paused: a valid answer to its question resumes it,
		// where validation means something (free text fits almost anything).
		if f, ok := t.field(t.st.Field); ok && f.Type != form.File && (f.Type != form.Text || f.Pattern != "") {
			if v, err := t.parse(f, msg.text); err == nil {
				t.st.unpause()
				t.take(f, v)
				return
			}
		}
	}
	if !t.suggest(msg) {
		t.fallback()
	}
}

// onAsking handles a typed message while a form is active.
func (t *turn) onAsking(msg *reading) {
	if t.st.Field == "" {
		t.onSummary(msg)
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
		t.ask(f, t.text("dialog.ask.no_file"))
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

// onSummary handles a typed message while the summary is shown.
func (t *turn) onSummary(msg *reading) {
	if msg.submit {
		t.submit()
		return
	}
	if name, ok := t.typedEdit(msg.edit); ok {
		t.edit(name)
		return
	}
	if msg.no {
		t.summary(t.text("dialog.summary.what"))
		return
	}
	if t.digression(msg, errNoAnswer) {
		return
	}
	t.miss()
	t.summary(t.text("dialog.summary.choose"))
}

// staffSide relays what staff (or the console in the portal's name) wrote;
// nothing they write is a command. Events hand the conversation over: while
// a person has it, the bot stays silent; released or closed, the bot is back.
func (t *turn) staffSide(in channels.Inbound) {
	switch in.Event {
	case channels.StaffJoined:
		t.st.waitForStaff()
	case channels.StaffReleased, channels.StaffClosed:
		t.st.backToBot()
		t.st.Misses = 0
	}
	if in.Reopen != nil && in.From == channels.FromSystem {
		t.reopen(in)
		return
	}
	if in.Text != "" || len(in.Attachments) > 0 {
		t.out = append(t.out, channels.Outbound{From: in.From, Text: in.Text, Attachments: in.Attachments})
	}
}

// firstLang decides a new conversation's language: a typed message the
// router reads as another language than German speaks that; otherwise
// the language the citizen's client names (hint: a Telegram app's
// language), else German. A command like "/start", a choice or a file
// says nothing about the language.
func firstLang(msg *reading, hint string) string {
	if msg.choice == "" && msg.text != "" && !strings.HasPrefix(msg.text, "/") {
		if l := msg.intent().Language; l != "" && l != "de" {
			return l
		}
	}
	if l, err := text.Parse(hint); err == nil && hint != "" {
		return string(l)
	}
	return "de"
}

// followLanguage switches the conversation to the language a typed
// message asks for ("Türkçe lütfen") in any phase but waiting for staff,
// and, in the menu alone, to the language a message of at least three
// words (without digits: a reference says nothing) is written in. An
// answer to a form's question (a name, a street, a number) switches
// nothing unless it asks, and not even then when it is a valid answer
// (answersField). Outside a form, a request that also asks for something
// the router finds switches and leaves the message to the phase. It reports whether
// the message was the request alone, answered by the switch.
func (t *turn) followLanguage(msg *reading, cmd command) bool {
	ls, ok := t.e.router.(Languages)
	if !ok || cmd.kind != "" || msg.choice != "" || msg.text == "" ||
		strings.HasPrefix(msg.text, "/") || t.st.Phase == PhaseWaiting {
		return false
	}
	if want := ls.Requested(msg.text); want != "" {
		if t.answersField(msg) {
			return false
		}
		if m := msg.intent(); !t.active() && m.Intent != "" && m.Confidence >= RouteThreshold {
			t.st.Lang = want // "English certificate please": switch, then serve it
			return false
		}
		t.switchLang(want)
		return true
	}
	if t.st.Phase == PhaseMenu && !t.greet && !t.st.Remark && wordsOnly(msg.text) >= 3 {
		t.st.Lang = ls.Language(t.st.Citizen(), msg.text)
	}
	return false
}

// answersField reports whether a message naming a language is the answer to
// the question asked: one word to a free-text question ("Türkisch" for the
// nationality), or an answer another type accepts ("Urkunde (deutsch)").
func (t *turn) answersField(msg *reading) bool {
	f, ok := t.field(t.st.Field)
	if !t.active() || t.st.Field == "" || !ok {
		return false
	}
	if f.Type == form.Text {
		return msg.words == 1
	}
	_, err := t.parse(f, msg.text)
	return err == nil
}

// wordsOnly counts the words of s that hold no digit.
func wordsOnly(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if !strings.ContainsFunc(w, unicode.IsDigit) {
			n++
		}
	}
	return n
}
