package dialog

import (
	"slices"
	"strings"

	"amtsbote/answers"
	"amtsbote/channels"
	"amtsbote/form"
)

// suggestions is how many answers the search offers when nothing routes.
const suggestions = 3

// isAnswer reports whether id is an answer of the knowledge base (and no
// service: a service id always means the service).
func (t *acts) isAnswer(id string) bool {
	if t.e.answers == nil || id == "" {
		return false
	}
	if _, ok := t.e.cat.Service(id); ok {
		return false
	}
	_, ok := t.e.answers.Answer(id, t.st.Citizen())
	return ok
}

// showAnswer gives answer id: its text, the first thing to do, its office
// with the hours and address as the offices file has them now, its links,
// the service it names to start, and then "Hat das geholfen?". question is
// what the citizen asked ("" for a picked option): the next best answers
// for it are kept for a "Nein".
func (t *acts) showAnswer(id, question string) {
	r, ok := t.e.answers.Answer(id, t.st.Citizen())
	if !ok {
		t.menu("")
		return
	}
	t.hello()
	t.st.Misses = 0
	parts := []string{r.Title, r.Text}
	if r.First != "" {
		parts = append(parts, t.text("dialog.answer.first", "step", r.First))
	}
	if p := r.Office; p != nil && !strings.Contains(r.Text, p.Hours) {
		line := p.Name
		if p.Address != "" {
			line += ", " + p.Address
		}
		if p.Hours != "" {
			line += "\n" + t.text("dialog.info.hours", "hours", p.Hours)
		}
		parts = append(parts, line)
	}
	var links []channels.Link
	for _, l := range r.Links {
		links = append(links, channels.Link{URL: l.URL, Label: t.linkLabel(l.Kind)})
	}
	var opts []channels.Option
	if r.Service != "" {
		if r.Service == appointmentService {
			opts = append(opts, t.opt(cmdService+":"+r.Service, "dialog.option.book"))
		} else if _, ok := t.e.cat.Service(r.Service); ok {
			opts = append(opts, channels.Option{Value: cmdService + ":" + r.Service,
				Label: t.text("dialog.answer.apply", "service", t.serviceTitle(r.Service))})
		}
	}
	if t.st.Form != "" {
		opts = append(opts, t.resumeOption())
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: strings.Join(parts, "\n\n"),
		Options: opts, Links: links})
	asked := &Asked{Answer: id}
	if question != "" {
		for _, h := range t.e.answers.Search(t.st.Citizen(), question, suggestions+1) {
			if h != id && len(asked.Next) < suggestions-1 {
				asked.Next = append(asked.Next, h)
			}
		}
	}
	t.st.Rate = asked
	t.reply(t.text("dialog.answer.helped"),
		t.opt(cmdHelpful+":"+rateYes+":"+id, "dialog.option.yes"), t.opt(cmdHelpful+":"+rateNo+":"+id, "dialog.option.no"))
}

// linkLabel names a link of an answer.
func (t *acts) linkLabel(k answers.LinkKind) string {
	if k == answers.LinkForm {
		return t.text("dialog.answer.link.form")
	}
	return t.text("dialog.answer.link.more")
}

// suggest offers the answers whose texts fit a message that routed
// nowhere, before the bot says it did not understand; it reports whether
// it found any.
func (t *acts) suggest(msg *reading) bool {
	if t.e.answers == nil || msg.text == "" {
		return false
	}
	ids := t.e.answers.Search(t.st.Citizen(), msg.text, suggestions)
	var opts []channels.Option
	for _, id := range ids {
		if r, ok := t.e.answers.Answer(id, t.st.Citizen()); ok {
			opts = append(opts, channels.Option{Value: cmdAnswer + ":" + id, Label: r.Title})
		}
	}
	if len(opts) == 0 {
		return false
	}
	t.hello()
	t.miss()
	if t.st.Form != "" {
		opts = append(opts, t.resumeOption())
	}
	opts = append(opts, t.staffOption())
	t.reply(t.text("dialog.answer.suggest"), opts...)
	return true
}

// rate takes "Ja" or "Nein" to "Hat das geholfen?" about answer id,
// given as an option (arg "yes:<id>") or typed (pending). A rating counts
// only while the question is the latest one (pending names id), so that
// pressing an old button again counts nothing. "Nein" offers the next
// best answers and a person.
func (t *acts) rateAnswer(arg string) {
	pending := t.asked
	verdict, id, _ := strings.Cut(arg, ":")
	if pending == nil || pending.Answer != id || verdict != rateYes && verdict != rateNo {
		t.reply(t.text("dialog.answer.rated_already"))
		return
	}
	helpful := verdict == rateYes
	t.answerRatings = append(t.answerRatings, AnswerRating{Answer: id, Helpful: helpful})
	if helpful {
		t.reply(t.text("dialog.answer.thanks"), t.opt(cmdMenu, "dialog.option.menu"))
		return
	}
	var opts []channels.Option
	for _, next := range pending.Next {
		if r, ok := t.e.answers.Answer(next, t.st.Citizen()); ok {
			opts = append(opts, channels.Option{Value: cmdAnswer + ":" + next, Label: r.Title})
		}
	}
	opts = append(opts, t.staffOption())
	t.reply(t.text("dialog.answer.sorry"), opts...)
}

// typedRating reads a typed "ja" or "nein" to "Hat das geholfen?" as the
// option's argument; ok is false for anything else.
func typedRating(norm, id string) (arg string, ok bool) {
	switch norm {
	case "ja", "ja danke", "ja hat geholfen", "hat geholfen", "danke", "super", "yes", "yes thanks", "it did", "thanks":
		return rateYes + ":" + id, true
	case "nein", "nein danke", "leider nein", "leider nicht", "nicht geholfen", "hat nicht geholfen", "no",
		"not really", "it did not", "no it did not":
		return rateNo + ":" + id, true
	}
	return "", false
}

// pendingRating takes the rating question of the turn before off the
// state (it lives one message), keeps it for rate and returns it.
func (t *acts) pendingRating() *Asked {
	t.asked, t.st.Rate = t.st.Rate, nil
	return t.asked
}

// ratingCommand turns a typed "ja"/"nein" right after "Hat das geholfen?"
// into the rating command; other messages keep their command.
func ratingCommand(msg *reading, pending *Asked) command {
	if pending == nil || msg.choice != "" || slices.Contains([]string{cmdHelpful, cmdAnswer}, msg.cmd.kind) {
		return msg.cmd
	}
	if arg, ok := typedRating(msg.norm, pending.Answer); ok {
		return command{kind: cmdHelpful, arg: arg}
	}
	switch { // a yes or no of any language: "так", "evet", "لا"
	case msg.forms.Is(form.Yes, msg.norm, msg.lang):
		return command{kind: cmdHelpful, arg: rateYes + ":" + pending.Answer}
	case msg.forms.Is(form.No, msg.norm, msg.lang):
		return command{kind: cmdHelpful, arg: rateNo + ":" + pending.Answer}
	}
	return msg.cmd
}
