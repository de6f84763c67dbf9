package services_test

import (
	"strings"
	"testing"

	"amtsbote/dialog"
)

// TestFlowSchoolMealsEmailWithoutMailChannel: the school meals' email
// address is contact data the office needs (menu, bills), so it is asked
// whether or not an email channel is configured, and its question promises
// no confirmation mail; only with an email channel is one sent, and the
// bot says so at the end.
func TestFlowSchoolMealsEmailWithoutMailChannel(t *testing.T) {
	for _, mail := range []bool{false, true} {
		f := newFlowWith(t, dialog.Options{NoEmail: !mail})
		f.say("Wie melde ich meine Tochter vom Schulessen ab?")
		f.answers("action", "Abmelden", "child_name", "Lena Mustermann", "child_birth_date", "12.05.2018",
			"school", "Grundschule am Dom", "class", "2b", "end_date", "31.12.2026", "payer", "Erika Mustermann")
		if f.asking() != "email" {
			t.Fatalf("mail %v: the required address is not asked: %q\n%s", mail, f.asking(), f.text())
		}
		if q := f.text(); strings.Contains(q, "Bestätigung") || !strings.Contains(q, "Speiseplan") {
			t.Errorf("mail %v: the question promises a confirmation or says not what for: %q", mail, q)
		}
		f.say("erika@example.de")
		c := f.submit("erika@example.de")
		wantAnswers(t, c, map[string]string{"email": "erika@example.de"})
		promised := strings.Contains(f.text(), "Eine Bestätigung senden wir an erika@example.de")
		if mail != promised || mail != (len(f.last.Mails) == 1) {
			t.Errorf("mail channel %v: confirmation promised %v, mails %d:\n%s", mail, promised, len(f.last.Mails), f.text())
		}
	}
}
