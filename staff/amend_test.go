package staff

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
)

func TestNeedsInfoWithFieldReopensTheDialog(t *testing.T) {
	e := team(t)
	id, ref := e.submitMeterReading("web", "citizen-1")
	anna := e.login("anna")
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.InReview})
	e.web.next(t, "citizen-1", from(channels.FromSystem))

	var v caseView
	anna.get("cases/"+ref, &v)
	names := []string{}
	for _, f := range v.Fields {
		names = append(names, f.Name)
	}
	if !slices.Contains(names, "reading") || !slices.Contains(names, "email") || v.Fields[0].Label == "" {
		t.Fatalf("askable fields: %+v", v.Fields)
	}
	question := "Der Zählerstand scheint zu hoch. Bitte prüfen Sie ihn noch einmal."
	anna.expect(http.StatusBadRequest, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.NeedsInfo, Note: question, Field: "nope"})
	anna.expect(http.StatusBadRequest, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Approved, Field: "reading"})
	var res statusResponse
	if err := json.Unmarshal(anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status",
		statusRequest{Status: cases.NeedsInfo, Note: question, Field: "reading"}), &res); err != nil || !res.Reopened || !res.Notified {
		t.Fatalf("needs-info answer: %+v %v", res, err)
	}

	// The citizen reads the question, then the bot asks the field again.
	d := e.web.next(t, "citizen-1", from(channels.FromSystem))
	if !strings.Contains(d.Message.Text, question) || !strings.Contains(d.Message.Text, ref) {
		t.Fatalf("needs-info notice: %q", d.Message.Text)
	}
	d = e.web.next(t, "citizen-1", from(channels.FromBot))
	if d.Message.Field == nil || d.Message.Field.Name != "reading" || !strings.Contains(d.Message.Text, "Bisher:") {
		t.Fatalf("the bot does not ask the reading again: %+v", d.Message)
	}
	var q []queueItem
	anna.get("queue", &q)
	if len(q) != 0 {
		t.Fatalf("the bot asks, yet the conversation is queued: %+v", q)
	}

	e.citizen("web", "citizen-1", textIn("minus eins"))
	d = e.web.next(t, "citizen-1", from(channels.FromBot))
	if d.Message.Field == nil || d.Message.Field.Name != "reading" {
		t.Fatalf("an invalid answer is not asked again: %+v", d.Message)
	}
	ws := anna.socket(t)
	e.citizen("web", "citizen-1", textIn("1.234,5"))
	d = e.web.next(t, "citizen-1", from(channels.FromBot))
	if !strings.Contains(d.Message.Text, "nachgereicht") {
		t.Fatalf("the citizen is not told the answer reached the case: %q", d.Message.Text)
	}

	for { // the console showing the case hears of the amendment
		if ev := waitEvent(t, ws, "case.changed"); ev.Case == ref {
			break
		}
	}
	anna.get("cases/"+ref, &v)
	answers := map[string]string{}
	for _, a := range v.Answers {
		answers[a.Name] = a.Value
	}
	last := v.History[len(v.History)-1]
	if v.Status != cases.InReview || answers["reading"] != "1234.5" || answers["name"] != "Erika Mustermann" ||
		last.Actor != "" || last.From != cases.NeedsInfo || !slices.Equal(last.Amended, []string{"reading"}) {
		t.Fatalf("case after the answer: status %s answers %v last change %+v", v.Status, answers, last)
	}
	if st := e.state(id); st.Amend != nil || st.Form != "" || st.Staff {
		t.Fatalf("the conversation did not return to the bot: %+v", st)
	}
}

func TestNeedsInfoWithFieldGoesToTheAgentWhoHasTheConversation(t *testing.T) {
	e := team(t)
	id, ref := e.submitMeterReading("web", "citizen-1")
	anna := e.login("anna")
	e.citizen("web", "citizen-1", channels.Inbound{Choice: "staff"})
	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.InReview})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status",
		statusRequest{Status: cases.NeedsInfo, Note: "Bitte prüfen Sie den Zählerstand.", Field: "reading"})
	e.web.next(t, "citizen-1", func(d channels.Delivery) bool {
		return strings.Contains(d.Message.Text, "Bitte prüfen Sie den Zählerstand.")
	})
	e.web.quiet(t, "citizen-1", 300*time.Millisecond) // no question from the bot
	if st := e.state(id); st.Amend != nil || !st.Staff {
		t.Fatalf("the bot took over a conversation an agent has: %+v", st)
	}
}

func TestNeedsInfoWithFieldLeavesAQueuedConversationToStaff(t *testing.T) {
	e := team(t)
	id, ref := e.submitMeterReading("web", "citizen-1")
	anna := e.login("anna")
	e.citizen("web", "citizen-1", channels.Inbound{Choice: "staff"}) // waits for a person, unclaimed
	waitFor(t, "the conversation in the queue", func() bool {
		var q []queueItem
		anna.get("queue", &q)
		return len(q) == 1
	})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.InReview})
	var res statusResponse
	if err := json.Unmarshal(anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status",
		statusRequest{Status: cases.NeedsInfo, Note: "Bitte prüfen Sie den Zählerstand.", Field: "reading"}), &res); err != nil || res.Reopened {
		t.Fatalf("needs-info answer: %+v %v", res, err)
	}
	e.web.next(t, "citizen-1", func(d channels.Delivery) bool {
		return strings.Contains(d.Message.Text, "Bitte prüfen Sie den Zählerstand.")
	})
	e.web.quiet(t, "citizen-1", 300*time.Millisecond) // no question from the bot
	var q []queueItem
	anna.get("queue", &q)
	if st := e.state(id); st.Amend != nil || !st.Staff || len(q) != 1 {
		t.Fatalf("the citizen who asked for a person lost their place: state %+v queue %+v", st, q)
	}
}
