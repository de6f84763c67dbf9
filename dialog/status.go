package dialog

import (
	"fmt"
	"strings"

	"amtsbote/channels"
)

// status answers a question about applications. With a reference of this
// conversation's own cases it needs nothing more; for any other case it
// needs the case's access code and asks CaseStatuses, and it answers an
// unknown reference and a wrong code alike, so that a reference alone
// tells nothing. Failed lookups are limited per conversation (lookups.go).
func (t *acts) status(msg *reading) {
	t.hello()
	ref, secret := msg.caseRef()
	if ref != "" {
		if _, own := t.ownCase(ref); !own {
			t.foreignStatus(ref, secret)
			return
		}
	}
	if len(t.st.Cases) == 0 {
		t.reply(t.text("dialog.status.none"),
			append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
		return
	}
	lines := []string{t.text("dialog.status.list")}
	for _, c := range t.st.Cases {
		if ref != "" && c.Ref != ref {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s: %s – %s", c.Ref, t.serviceTitle(c.Service),
			t.statusText(t.currentStatus(c))))
	}
	lines = append(lines, t.text("dialog.status.later"))
	t.reply(strings.Join(lines, "\n"), t.asideOptions()...)
}

// foreignStatus answers about a case of another conversation.
func (t *acts) foreignStatus(ref, secret string) {
	switch {
	case t.e.cases == nil:
		t.reply(t.text("dialog.status.unavailable", "ref", ref),
			append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
	case secret == "":
		t.reply(t.text("dialog.status.need_code", "ref", ref, "ref", ref),
			t.asideOptions()...)
	default:
		if until, blocked := t.lookupsBlocked(); blocked {
			t.lookupRefused(until) // not even a right code is looked up (see lookups.go)
			return
		}
		info, ok := t.e.cases.CaseStatus(ref, secret)
		if !ok {
			t.miss()
			t.failedLookup()
			msg := t.text("dialog.status.not_found", "ref", ref)
			if until, blocked := t.lookupsBlocked(); blocked {
				msg += " " + t.text("dialog.status.blocked", "when", t.retryAt(until))
			}
			t.reply(msg, append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
			return
		}
		t.reply(fmt.Sprintf("%s: %s – %s", ref, t.serviceTitle(info.Service), t.statusText(info.Status)),
			t.asideOptions()...)
	}
}
