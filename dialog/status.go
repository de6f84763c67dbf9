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
		t.reply(t.say(
			"In diesem Gespräch haben Sie noch keinen Antrag gestellt. Wenn es um einen früheren Antrag geht, nennen Sie bitte seine Referenznummer und den Zugangscode aus der Eingangsbestätigung (zum Beispiel „AB-2026-000042 K7P3-M9QX“); oder eine Mitarbeiterin oder ein Mitarbeiter sieht für Sie nach.",
			"You have not submitted an application in this conversation. If you are asking about an earlier one, please give its reference number and the access code from the confirmation (for example “AB-2026-000042 K7P3-M9QX”), or a member of staff will look it up for you."),
			append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
		return
	}
	lines := []string{t.say("Ihre Anträge aus diesem Gespräch:", "Your applications from this conversation:")}
	for _, c := range t.st.Cases {
		if ref != "" && c.Ref != ref {
			continue
		}
		lines = append(lines, fmt.Sprintf("%s: %s – %s", c.Ref, t.serviceTitle(c.Service),
			t.statusText(t.currentStatus(c))))
	}
	lines = append(lines, t.say(
		"Sobald sich der Stand ändert, sage ich es Ihnen hier in diesem Gespräch. Bitte nennen Sie die Referenznummer, wenn Sie sich an uns wenden.",
		"As soon as anything changes, I will tell you here in this conversation. Please quote the reference number when you contact us."))
	t.reply(strings.Join(lines, "\n"), t.asideOptions()...)
}

// foreignStatus answers about a case of another conversation.
func (t *acts) foreignStatus(ref, secret string) {
	switch {
	case t.e.cases == nil:
		t.reply(fmt.Sprintf(t.say(
			"Den Stand von %s kann ich hier leider nicht nachsehen. Eine Mitarbeiterin oder ein Mitarbeiter hilft Ihnen gern weiter.",
			"Sorry, I cannot look up %s here. A member of staff will gladly help you."), ref),
			append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
	case secret == "":
		t.reply(fmt.Sprintf(t.say(
			"Damit niemand Fremdes Ihren Antrag einsehen kann, brauche ich zu %s auch den Zugangscode aus der Eingangsbestätigung (z. B. „%s K7P3-M9QX“).",
			"So that no stranger can see your application, I also need the access code from the confirmation for %s (e.g. “%s K7P3-M9QX”)."), ref, ref),
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
			msg := fmt.Sprintf(t.say(
				"Zu %s mit diesem Zugangscode finde ich keinen Antrag. Bitte prüfen Sie beide Angaben.",
				"I find no application %s with this access code. Please check both."), ref)
			if until, blocked := t.lookupsBlocked(); blocked {
				msg += " " + fmt.Sprintf(t.say("Weitere Anfragen beantworte ich zum Schutz der Anträge erst %s.",
					"To protect applications, I will answer further lookups only %s."), t.retryAt(until))
			}
			t.reply(msg, append([]channels.Option{t.staffOption()}, t.asideOptions()...)...)
			return
		}
		t.reply(fmt.Sprintf("%s: %s – %s", ref, t.serviceTitle(info.Service), t.statusText(info.Status)),
			t.asideOptions()...)
	}
}
