package dialog

import (
	"time"

	"amtsbote/channels"
)

// newTurn starts the work of one step on a copy of st, migrated to a phase.
func newTurn(e *Engine, st State, now time.Time, conv string) *turn {
	t := &turn{acts{flow{asker{talk{e: e, st: st.clone(), now: now, conv: conv}}}}}
	t.st.migrate()
	return t
}

// Step decides one turn: from a conversation's state and one inbound message
// it returns the new state, the replies and the effects. It changes nothing
// but the case counter behind Refs (and reads randomness for access codes),
// and neither st nor anything st shares, so the caller may throw the result
// away when storing it fails.
func (e *Engine) Step(st State, in channels.Inbound, now time.Time) Result {
	t := newTurn(e, st, now, in.Conversation)
	if in.From == channels.FromStaff || in.From == channels.FromSystem {
		t.staffSide(in)
		return t.result()
	}
	t.hint = in.Lang
	t.citizen(read(in.Text, in.Choice, in.Attachments, e.router, e.forms, t.st.Citizen()))
	if !t.missed && !t.silent {
		t.st.Misses = 0
	}
	return t.result()
}

// CaseUpdate tells the citizen of conversation state st that a case
// changed, in the conversation's language, and remembers the new status in
// the state. Like Step it is pure: the caller commits the Result's state and
// replies in one transaction (the outbox delivers them on the channel the
// citizen used last). It does not check the transition; the caller does,
// with cases.ValidTransition. A form in progress is left as it is.
func (e *Engine) CaseUpdate(st State, u CaseUpdate, now time.Time) Result {
	t := newTurn(e, st, now, "")
	title := ""
	for i, c := range t.st.Cases {
		if c.Ref == u.Ref {
			t.st.Cases[i].Status = u.Status
			title = t.serviceTitle(c.Service)
		}
	}
	text := t.text("dialog.news", "ref", u.Ref, "status", t.statusText(u.Status))
	if title != "" {
		text = t.text("dialog.news.titled", "ref", u.Ref, "service", title, "status", t.statusText(u.Status))
	}
	if u.Note != "" {
		text += "\n\n" + u.Note
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: text, Attachments: u.Attachments})
	return t.result()
}
