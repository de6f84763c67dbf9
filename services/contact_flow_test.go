package services_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/services/handlers"
)

// presence is a StaffPresence with a fixed answer.
type presence bool

func (p presence) Available(string, time.Time) bool { return bool(p) }

func optionValues(r dialog.Result) []string {
	var out []string
	for _, o := range r.Replies {
		for _, op := range o.Options {
			out = append(out, op.Value)
		}
	}
	return out
}

// Nobody of the department can answer: the bot says so and offers an
// answer by email or a call-back (a case for that department), or an
// appointment, instead of leaving the citizen waiting.
func TestNobodyThereOffersContactRequest(t *testing.T) {
	f := newFlow(t)
	f.e = dialog.New(f.cat, route.New(f.cat), &refs{}, nil, dialog.Options{Location: f.now.Location(),
		Handlers: handlers.Builtin(handlers.Options{Location: f.now.Location()}),
		Rand:     rand.NewChaCha8([32]byte{7}), Staff: presence(false)})
	f.say("Zählerstand melden")
	r := f.pick("staff")
	if r.Escalation == nil || !r.State.WaitingForStaff() {
		t.Fatalf("the request for a person was not queued: %+v", r.Escalation)
	}
	f.contains("niemand", "Sprechzeiten")
	if opts := optionValues(r); !slices.Contains(opts, "contact:stadtwerke") || !slices.Contains(opts, "book:meter-reading") {
		t.Fatalf("options %v", opts)
	}
	f.pick("contact:stadtwerke")
	if f.st.WaitingForStaff() {
		t.Fatal("still waiting after choosing a contact request")
	}
	f.answers("way", "Rückruf")
	f.refuse("phone", "ruf mich an", "")
	f.answers("phone", "05251 881234", "best_time", "vormittags", "message", "Meine Abrechnung scheint zu hoch")
	c := f.submit("Rückruf")
	if c.Service != "contact-request" || c.Department != "stadtwerke" || c.Answers["phone"] != "+495251881234" {
		t.Fatalf("case %+v", c)
	}

	// With someone there, asking for a person is simply queued.
	g := newFlow(t)
	g.e = dialog.New(g.cat, route.New(g.cat), &refs{}, nil, dialog.Options{Location: g.now.Location(), Staff: presence(true)})
	if r := g.say("Ich möchte mit einem Mitarbeiter sprechen"); strings.Contains(g.text(), "niemand") || r.Escalation == nil {
		t.Fatalf("with staff there: %s", g.text())
	}
}

// consoleHours is a StaffPresence with the office hours an admin set in the
// staff console (dialog.HoursTeller).
type consoleHours struct{ presence }

func (consoleHours) HoursText(department, lang string) string {
	if department == "stadtwerke" {
		return "Sa 9–12 Uhr"
	}
	return ""
}

// The bot's "nobody there" tells the office hours as the console keeps
// them, not the departments file's once an admin changed them.
func TestNobodyThereTellsTheConsolesHours(t *testing.T) {
	f := newFlow(t)
	f.e = dialog.New(f.cat, route.New(f.cat), &refs{}, nil, dialog.Options{Location: f.now.Location(),
		Handlers: handlers.Builtin(handlers.Options{Location: f.now.Location()}),
		Rand:     rand.NewChaCha8([32]byte{7}), Staff: consoleHours{presence(false)}})
	f.say("Zählerstand melden")
	f.pick("staff")
	f.contains("niemand", "Sprechzeiten: Sa 9–12 Uhr")
}
