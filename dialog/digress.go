package dialog

import (
	"errors"

	"amtsbote/catalog"
	"amtsbote/channels"
)

// errNoAnswer stands for a message that is no answer to the question.
var errNoAnswer = errors.New("dialog: not an answer")

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
// answer (or must read like a question), so "Agent Smith" can be a name;
// and it wins over the router finding the current service in the message
// ("Wo steht die Zählernummer? Kann mir ein Mensch helfen?").
func (t *acts) digression(msg *reading, err error) bool {
	m := msg.intent()
	routed := m.Intent != "" && m.Confidence >= RouteThreshold
	other := routed && m.Intent != t.st.Form
	question := msg.question
	// Asking for a person wins over the service's own words in the message.
	if (m.Intent == IntentStaff && routed || msg.person) && (err != nil || question || msg.asks) {
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
	case other && t.isAnswer(m.Intent):
		t.st.pause() // the answer offers to go on with the form
		t.showAnswer(m.Intent, msg.text)
	case other:
		d, ok := t.e.cat.Service(m.Intent)
		if !ok {
			return false
		}
		title := d.Title.In(t.st.Citizen())
		start := t.text("dialog.aside.start", "service", title)
		if d.Mode == catalog.ModeInPerson {
			start = t.text("dialog.aside.more", "service", title)
		}
		t.st.pause()
		t.reply(t.serviceInfo(d)+"\n\n"+t.text("dialog.aside.continue", "service", t.formTitle()),
			t.resumeOption(), channels.Option{Value: cmdService + ":" + d.ID, Label: start})
	case routed: // about the service in progress
		d, _ := t.def()
		t.reply(t.serviceInfo(d))
		t.reprompt()
	case err != nil:
		return false
	default:
		t.reply(t.text("dialog.aside.no_answer"),
			t.staffOption())
		t.reprompt()
	}
	return true
}
