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
		t.reply(t.text("dialog.rate.ask"),
			t.opt(cmdRate+":"+RatingGood, "dialog.option.helpful"),
			t.opt(cmdRate+":"+RatingBad, "dialog.option.not_helpful"))
		return
	}
	t.st.Rating = &Rating{Score: arg, At: t.now}
	t.st.Rating.Service, t.st.Rating.Department = t.ratedService()
	t.st.Remark = t.st.Phase == PhaseMenu // in a form, the next message is its answer
	t.rated = t.st.Rating
	t.reply(t.text("dialog.rate.thanks"),
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
	t.reply(t.text("dialog.rate.remark_thanks"),
		t.opt(cmdMenu, "dialog.option.menu"))
}

// transcript sends the conversation so far as a text file: the caller
// attaches it to this reply (Result.Transcript). A form in progress is
// asked again afterwards.
func (t *acts) transcript() {
	t.hello()
	t.reply(t.text("dialog.transcript"))
	t.script = &Transcript{Reply: len(t.out) - 1, Location: t.e.loc,
		Name:    t.text("dialog.transcript.file") + t.now.In(t.e.loc).Format("2006-01-02") + ".txt",
		Title:   t.text("dialog.transcript.title"),
		Citizen: t.text("dialog.transcript.citizen"), Bot: t.text("dialog.transcript.bot"), Staff: t.text("dialog.transcript.staff")}
	if t.active() {
		t.reprompt()
		return
	}
	t.out[len(t.out)-1].Options = []channels.Option{t.opt(cmdMenu, "dialog.option.menu"), t.opt(cmdRate, "dialog.option.rate")}
}
