package dialog_test

import (
	"slices"
	"strings"
	"testing"

	"amtsbote/cases"
	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// reopen sends the console's needs-info notice asking field of case c again.
func reopen(c *convo, cs cases.Case, field string) Result {
	c.t.Helper()
	return c.step(channels.Inbound{Channel: "web", From: channels.FromSystem, Text: "Rückfrage zu " + cs.Ref + ": bitte prüfen",
		Reopen: &channels.Reopen{Case: cs.Ref, Service: cs.Service, Field: field, Answers: cs.Answers}})
}

func TestReopenAsksFieldAndAmendsCase(t *testing.T) {
	c := meterConvo(t)
	cs := submitMeter(t, c)
	if _, skipped := cs.Answers["email"]; skipped {
		t.Fatalf("skipped email in the case: %v", cs.Answers)
	}
	r := reopen(c, cs, "reading")
	if r.Replies[0].From != channels.FromSystem || !strings.Contains(r.Replies[0].Text, "bitte prüfen") {
		t.Fatalf("the staff's question is not relayed first: %+v", r.Replies)
	}
	q := asks(t, r, "reading")
	if !strings.Contains(q.Text, "Bisher: 123") {
		t.Errorf("the answer so far is not shown: %q", q.Text)
	}
	if c.st.Staff || c.st.Amend == nil || c.st.Amend.Ref != cs.Ref {
		t.Fatalf("state after reopening: %+v", c.st)
	}
	r = c.say("minus drei")
	asks(t, r, "reading") // invalid answers are re-asked with the form's checks
	if len(r.Amendments) != 0 {
		t.Fatal("an invalid answer amended the case")
	}
	r = c.say("456,5")
	if len(r.Amendments) != 1 {
		t.Fatalf("want one amendment, got %+v (%q)", r.Amendments, text(r))
	}
	a := r.Amendments[0]
	if a.Ref != cs.Ref || a.Field != "reading" || a.Status != cases.InReview || !slices.Equal(a.Changed, []string{"reading"}) {
		t.Errorf("amendment = %+v", a)
	}
	if a.Answers["reading"] != "456.5" || a.Answers["customer_number"] != cs.Answers["customer_number"] {
		t.Errorf("answers = %v", a.Answers)
	}
	if _, ok := a.Answers["email"]; ok {
		t.Errorf("the skipped optional field became an answer: %v", a.Answers)
	}
	contains(t, r, "nachgereicht", cs.Ref)
	if c.st.Amend != nil || c.st.Form != "" {
		t.Errorf("the amendment did not end: %+v", c.st)
	}
	if c.st.Cases[len(c.st.Cases)-1].Status != cases.InReview {
		t.Errorf("the conversation does not know the new status: %+v", c.st.Cases)
	}
	if len(c.cases) != 1 {
		t.Errorf("an amendment made a new case: %d cases", len(c.cases))
	}
}

func TestReopenHoldsFormInProgress(t *testing.T) {
	c := meterConvo(t)
	cs := submitMeter(t, c)
	c.say("Zählerstand melden")
	c.say("87654321") // customer number of a second reading
	r := reopen(c, cs, "name")
	asks(t, r, "name")
	r = c.say("Erika Musterfrau")
	if len(r.Amendments) != 1 || r.Amendments[0].Answers["name"] != "Erika Musterfrau" {
		t.Fatalf("amendments = %+v", r.Amendments)
	}
	if !hasValue(t, r, CmdResume) {
		t.Fatalf("the held form is not offered: %v", values(t, r))
	}
	r = c.pick(CmdResume)
	asks(t, r, "meter_number")
	if c.st.Answers["customer_number"] != "87654321" {
		t.Errorf("the held form lost its answers: %v", c.st.Answers)
	}
}

func TestReopenCancelLeavesQuestionOpen(t *testing.T) {
	c := meterConvo(t)
	cs := submitMeter(t, c)
	reopen(c, cs, "reading")
	r := c.say("abbrechen")
	if len(r.Amendments) != 0 {
		t.Fatalf("cancel amended: %+v", r.Amendments)
	}
	contains(t, r, "bleibt offen")
	if !slices.Contains(values(t, r), CmdStaff) {
		t.Errorf("no way to a person offered: %v", values(t, r))
	}
	if c.st.Amend != nil || c.st.Form != "" {
		t.Errorf("state after cancel: %+v", c.st)
	}
}

func TestReopenUnknownFieldWaitsForStaff(t *testing.T) {
	c := meterConvo(t)
	cs := submitMeter(t, c)
	r := reopen(c, cs, "no-such-field")
	if !c.st.Staff || c.st.Amend != nil || len(r.Replies) != 1 {
		t.Fatalf("want the question relayed and the conversation waiting for staff: %+v %+v", c.st, r.Replies)
	}
}

func TestReopenFromCitizenIgnored(t *testing.T) {
	c := meterConvo(t)
	cs := submitMeter(t, c)
	c.step(channels.Inbound{Channel: "web", Text: "hallo",
		Reopen: &channels.Reopen{Case: cs.Ref, Service: cs.Service, Field: "reading", Answers: cs.Answers}})
	if c.st.Amend != nil {
		t.Fatal("a citizen's message reopened a case")
	}
}

func TestStartingAnotherServiceLeavesTheQuestionOpen(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	cs := submitMeter(t, c)
	reopen(c, cs, "reading")
	r := c.pick(CmdService + ":parking-permit")
	contains(t, r, "bleibt offen", cs.Ref)
	if len(r.Amendments) != 0 || c.st.Amend != nil || c.st.Form != "parking-permit" {
		t.Fatalf("after starting another service: amendments %+v, state %+v", r.Amendments, c.st)
	}
}
