package dialog

import (
	"strings"
	"unicode/utf8"

	"amtsbote/channels"
)

// maxRemark bounds a rating's comment, in characters.
const maxRemark = 1000

// rate asks how helpful the conversation was (arg ""), or takes the answer
// ("good", "bad") and offers to add a comment in the next message.
func (t *acts) rate(arg string) {
	switch arg {
	case RatingGood, RatingBad:
	default:
		t.reply(t.say("Wie hilfreich war dieses Gespräch für Sie?", "How helpful was this conversation for you?"),
			t.opt(cmdRate+":"+RatingGood, "dialog.option.helpful"),
			t.opt(cmdRate+":"+RatingBad, "dialog.option.not_helpful"))
		return
	}
	t.st.Rating = &Rating{Score: arg, At: t.now}
	t.st.Rating.Service, t.st.Rating.Department = t.ratedService()
	t.st.Remark = t.st.Phase == PhaseMenu // in a form, the next message is its answer
	t.rated = t.st.Rating
	t.reply(t.say(
		"Danke für Ihre Bewertung! Wenn Sie möchten, schreiben Sie mir noch in einer Nachricht, was gut war oder was wir besser machen können (freiwillig).",
		"Thank you for your rating! If you like, tell me in one message what was good or what we could do better (optional)."),
		t.opt(cmdMenu, "dialog.option.menu"), t.opt(cmdTranscript, "dialog.option.transcript"))
}

// ratedService is what a rating given now is about: the form in progress,
// else the newest application submitted, with its department.
func (t *acts) ratedService() (service, department string) {
	service = t.st.Form
	if service == "" && len(t.st.Cases) > 0 {
		service = t.st.Cases[len(t.st.Cases)-1].Service
	}
	if d, ok := t.e.cat.Service(service); ok {
		department = d.Department
	}
	return service, department
}

// remark keeps text as the comment of the rating just given.
func (t *acts) remark(text string) {
	if t.st.Rating == nil {
		t.fallback()
		return
	}
	if utf8.RuneCountInString(text) > maxRemark {
		text = string([]rune(text)[:maxRemark])
	}
	r := *t.st.Rating
	r.Comment = strings.TrimSpace(text)
	t.st.Rating = &r
	t.rated = &r
	t.reply(t.say("Vielen Dank, Ihr Hinweis hilft uns weiter.", "Thank you, your comment helps us."),
		t.opt(cmdMenu, "dialog.option.menu"))
}

// transcript sends the conversation so far as a text file: the caller
// attaches it to this reply (Result.Transcript). A form in progress is
// asked again afterwards.
func (t *acts) transcript() {
	t.hello()
	t.reply(t.say("Hier ist der Verlauf unseres Gesprächs als Textdatei.",
		"Here is the transcript of our conversation as a text file."))
	t.script = &Transcript{Reply: len(t.out) - 1, Location: t.e.loc,
		Name:    t.say("gespraech-", "conversation-") + t.now.In(t.e.loc).Format("2006-01-02") + ".txt",
		Title:   t.say("Gespräch mit dem digitalen Assistenten der Stadtverwaltung", "Conversation with the city administration's digital assistant"),
		Citizen: t.say("Sie", "You"), Bot: t.say("Assistent", "Assistant"), Staff: t.say("Mitarbeiter/in", "Staff")}
	if t.active() {
		t.reprompt()
		return
	}
	t.out[len(t.out)-1].Options = []channels.Option{t.opt(cmdMenu, "dialog.option.menu"), t.opt(cmdRate, "dialog.option.rate")}
}
