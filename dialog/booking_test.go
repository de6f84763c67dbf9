package dialog_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// visitDefs are two services for the booking hooks: one that books, one
// that changes a booking without making a case.
const visitDefs = `
-- visit.yaml --
id: visit
category: citizens-office
title: {de: "Besuch buchen", en: "Book a visit"}
description: {de: "Test.", en: "Test."}
keywords: {de: [besuch], en: [visit]}
fee: {de: "kostenlos", en: "free"}
department: buergerbuero
mode: online
fields:
  - name: when
    type: text
    label: {de: "Wunsch", en: "Wish"}
    prompt: {de: "Wann?", en: "When?"}
  - name: slot
    type: text
    label: {de: "Zeit", en: "Time"}
    prompt: {de: "Welche Zeit?", en: "Which time?"}
-- unvisit.yaml --
id: unvisit
category: citizens-office
title: {de: "Besuch absagen", en: "Cancel a visit"}
description: {de: "Test.", en: "Test."}
keywords: {de: [absagen], en: [cancel visit]}
fee: {de: "kostenlos", en: "free"}
department: buergerbuero
mode: online
fields:
  - name: which
    type: text
    label: {de: "Welcher", en: "Which"}
    prompt: {de: "Welcher Besuch?", en: "Which visit?"}
`

// visitHandler suggests slots by the wish, pages with "later", shows the
// slot in words, and books — unless the slot was taken meanwhile.
type visitHandler struct{ taken map[string]bool }

func (visitHandler) Suggest(a Answer) []channels.Option {
	if a.Field != "slot" {
		return nil
	}
	if a.Answers["when"] == "late" {
		return []channels.Option{{Value: "s3", Label: "11:00"}}
	}
	return []channels.Option{{Value: "s1", Label: "9:00"}, {Value: "s2", Label: "10:00"}, {Value: "later", Label: "später"}}
}

func (visitHandler) DisplayAnswer(_, field, value, _ string) (string, bool) {
	if field == "slot" {
		return map[string]string{"s1": "9:00", "s2": "10:00", "s3": "11:00"}[value] + " Uhr", true
	}
	return "", false
}

func (visitHandler) CheckAnswer(a Answer) Check {
	if a.Field == "slot" && a.Value == "later" {
		return Check{Again: true, Fill: map[string]string{"when": "late"}, Note: catalog.Text{De: "Später:", En: "Later:"}}
	}
	return Check{}
}

func (h visitHandler) Submit(s Submission) (Decision, error) {
	if s.Service == "unvisit" {
		return Decision{NoCase: true, Bookings: []BookingChange{{Booking: cases.Booking{Ref: s.Answers["which"], Status: "cancelled", Rev: 1}}},
			Reply: catalog.Text{De: "Abgesagt.", En: "Cancelled."}}, nil
	}
	if h.taken[s.Answers["slot"]] {
		return Decision{Redo: "slot", Reply: catalog.Text{De: "Leider gerade vergeben.", En: "Just taken."}}, nil
	}
	return Decision{Bookings: []BookingChange{{Booking: cases.Booking{Ref: s.Ref, Office: "o", Status: "booked", Name: "Erika"}}},
		Reply: catalog.Text{De: "Gebucht.", En: "Booked."}}, nil
}

func TestBookingHooks(t *testing.T) {
	dir := t.TempDir()
	for _, part := range strings.Split(visitDefs, "-- ")[1:] {
		name, body, _ := strings.Cut(part, " --\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cat := small(t, dir)
	c := newConvo(t, cat, route.New(cat), nil)
	h := visitHandler{taken: map[string]bool{"s3": true}}
	c.e.SetHandlers(map[string]Handler{"visit": h, "unvisit": h})
	c.pick("service:visit")
	r := c.say("morgen")
	// A text field shows the Suggester's options; a picked one is read as typed.
	asks(t, r, "slot")
	if got := values(t, r); !slices.Equal(got, []string{"s1", "s2", "later"}) {
		t.Fatalf("suggestions %v", got)
	}
	// Again: the answer is a request; Fill changes an earlier answer and
	// the field is asked again after the note.
	r = c.pick("later")
	asks(t, r, "slot")
	contains(t, r, "Später:")
	if got := values(t, r); !slices.Equal(got, []string{"s3"}) || c.st.Answers["when"] != "late" || c.st.Answers["slot"] != "" {
		t.Fatalf("after later: %v, answers %v", got, c.st.Answers)
	}
	if c.st.Misses != 0 {
		t.Error("a request counted as not understood")
	}
	// A channel that sends the label with the value (the console, email):
	// the value is the answer.
	r = c.step(channels.Inbound{Channel: "console", Choice: "s3", Text: "11:00"})
	// The Displayer shows the answer on the summary.
	contains(t, r, "Zeit: 11:00 Uhr")
	// Redo: the slot was taken meanwhile; no case, the slot is asked again.
	r = c.say("Absenden")
	if len(r.Cases) != 0 || len(r.Bookings) != 0 {
		t.Fatalf("a taken slot was booked: %+v", r)
	}
	asks(t, r, "slot")
	contains(t, r, "Leider gerade vergeben.")
	if _, ok := c.st.Answers["slot"]; ok || c.st.Answers["when"] != "late" {
		t.Errorf("answers after redo %v", c.st.Answers)
	}
	c.say("s1")
	r = c.say("Absenden")
	if len(r.Cases) != 1 || len(r.Bookings) != 1 {
		t.Fatalf("booking: %+v", r)
	}
	// The booking gets the case's reference and access code.
	if c.cases[0].Answers["slot"] != "s1" {
		t.Errorf("answers %v", c.cases[0].Answers)
	}
	if b := r.Bookings[0]; b.Ref != r.Cases[0].Ref || b.Secret != r.Cases[0].Secret || b.Secret == "" {
		t.Errorf("booking %+v, case %+v", b, r.Cases[0])
	}
	// NoCase: a change makes no case and says only the handler's reply.
	c.pick("service:unvisit")
	r = c.say(c.cases[0].Ref)
	r = c.say("Absenden")
	if len(r.Cases) != 0 || len(r.Bookings) != 1 || r.Bookings[0].Status != "cancelled" || len(c.st.Cases) != 1 {
		t.Fatalf("cancel: %+v, state cases %v", r, c.st.Cases)
	}
	contains(t, r, "Abgesagt.")
	if strings.Contains(text(r), "Referenznummer") || c.st.Form != "" {
		t.Errorf("a change was confirmed like an application:\n%s", text(r))
	}
}
