package dialog

import (
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/text"
)

// The work of one Step is done by five types, each embedding the one
// below, so that a method can call only methods of its own floor and of
// the floors beneath it:
//
//	turn  (phases.go)   one handler per phase, and the commands
//	acts  (actions.go, start.go, status.go, digress.go, presence.go)
//	      what a citizen can ask for: a service, a person, a status
//	flow  (flow.go, amend.go, submit.go, start.go)
//	      moving through a form: answers, the next question, submitting
//	asker (fields.go, screens.go)
//	      reading the form's definition; the questions, summary and menu
//	talk  (replies.go, texts.go, lookups.go)
//	      the bottom floor: replies, options and texts
//
// talk holds the turn's data: the state being changed and what the turn
// decided so far.
type talk struct {
	e    *Engine
	st   State
	conv string // the conversation's id, as the gateway resolved it
	now  time.Time

	greet  bool   // first message: the reply starts with a greeting
	hint   string // the language the citizen's client names (Inbound.Lang)
	missed bool   // the message was not understood
	silent bool   // no bot reply (waiting for staff)

	out           []channels.Outbound
	cases         []cases.Case
	esc           *Escalation
	bookings      []BookingChange
	amends        []cases.Amendment
	mails         []Mail
	rated         *Rating
	script        *Transcript
	answerRatings []AnswerRating
	asked         *Asked // "Hat das geholfen?" of the turn before, taken off the state
}

func (t *talk) result() Result {
	lang := t.st.Citizen()
	for i := range t.out {
		if t.out[i].Lang == "" {
			t.out[i].Lang = lang
		}
	}
	for i := range t.mails {
		if t.mails[i].Message.Lang == "" {
			t.mails[i].Message.Lang = lang
		}
	}
	return Result{State: t.st, Replies: t.out, Cases: t.cases, Escalation: t.esc, Bookings: t.bookings,
		Amendments: t.amends, Mails: t.mails, Rated: t.rated, Transcript: t.script,
		AnswerRatings: t.answerRatings}
}

// lang is the conversation's language as the text catalog names it.
func (t *talk) lang() text.Lang {
	l, _ := text.Parse(t.st.Citizen())
	return l
}

// text is the catalog's text key in the conversation's language, its
// placeholders filled from args (name, value pairs).
func (t *talk) text(key string, args ...any) string {
	return t.e.texts.Text(t.lang(), key, args...)
}

// statusText names a case's status for the citizen; an unknown status
// is shown as it is.
func (t *talk) statusText(status string) string {
	if s := t.text("dialog.status." + status); s != "dialog.status."+status {
		return s
	}
	return status
}

// langOption offers to switch to the language tag names, named in itself.
func (t *talk) langOption(tag string) channels.Option {
	l, _ := text.Parse(tag)
	return channels.Option{Value: cmdLang + ":" + tag, Label: t.e.texts.Text(l, "lang.name")}
}

// reply adds a bot message.
func (t *talk) reply(text string, opts ...channels.Option) {
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: text, Options: opts})
}

// opt builds an option labelled with the catalog's text key.
func (t *talk) opt(value, key string) channels.Option {
	return channels.Option{Value: value, Label: t.text(key)}
}

// hello greets briefly before the first reply of a conversation.
func (t *talk) hello() {
	if t.greet {
		t.greet = false
		t.reply(t.text("dialog.hello"))
	}
}

// miss counts a message that was not understood.
func (t *talk) miss() {
	t.missed = true
	t.st.Misses++
}

// stuck reports whether this is the second message in a row the bot did not
// understand, so that a person should be offered.
func (t *talk) stuck() bool { return t.missed && t.st.Misses >= 2 }

// staffOption offers to hand over to a person.
func (t *talk) staffOption() channels.Option {
	return t.opt(cmdStaff, "dialog.option.staff")
}

// active reports whether a form is in progress and not paused.
func (t *talk) active() bool { return t.st.Form != "" && !t.st.Paused }

// ambiguous reports whether m's runner-up is a second service worth asking about.
func (t *talk) ambiguous(m Match) bool {
	if m.RunnerUp == "" || m.RunnerUp == m.Intent {
		return false
	}
	_, ok := t.e.cat.Service(m.RunnerUp)
	return ok
}

// resumeOption offers to continue the paused form.
func (t *talk) resumeOption() channels.Option {
	return channels.Option{Value: cmdResume, Label: t.text("dialog.option.resume", "service", t.formTitle())}
}

// bookOption offers an appointment for service id.
func (t *talk) bookOption(id string) channels.Option {
	return channels.Option{Value: cmdBook + ":" + id, Label: t.text("dialog.option.book")}
}

// asideOptions are offered after a side answer: back to the paused form
// (which pauses it), or else the menu.
func (t *talk) asideOptions() []channels.Option {
	if t.st.Form != "" {
		t.st.pause()
		return []channels.Option{t.resumeOption()}
	}
	return []channels.Option{t.opt(cmdMenu, "dialog.option.menu")}
}

// formTitle is the title of the service whose form is in progress.
func (t *talk) formTitle() string {
	if d, ok := t.e.cat.Service(t.st.Form); ok {
		return d.Title.In(t.st.Citizen())
	}
	return t.st.Form
}

// serviceTitle is the title of service id in the conversation's language.
func (t *talk) serviceTitle(id string) string {
	if d, ok := t.e.cat.Service(id); ok {
		return d.Title.In(t.st.Citizen())
	}
	return id
}
