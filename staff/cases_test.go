package staff

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/store"
)

func TestCaseStatusTellsTheCitizen(t *testing.T) {
	e := team(t)
	id, ref := e.submitMeterReading("web", "citizen-1")
	anna, bert, root := e.login("anna"), e.login("bert"), e.login("root")

	var list []caseSummary
	anna.get("cases?status=submitted", &list)
	if len(list) != 1 || list[0].Ref != ref || list[0].Department != "stadtwerke" || list[0].Conversation != id {
		t.Fatalf("anna's cases: %+v", list)
	}
	anna.get("cases?status=approved", &list)
	if len(list) != 0 {
		t.Fatalf("approved cases: %+v", list)
	}
	bert.get("cases", &list)
	if len(list) != 0 {
		t.Fatalf("bert of another department sees %+v", list)
	}
	bert.expect(http.StatusForbidden, "GET", "cases?department=stadtwerke", nil)
	bert.expect(http.StatusForbidden, "GET", "cases/"+ref, nil)
	bert.expect(http.StatusForbidden, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Approved})
	anna.expect(http.StatusNotFound, "GET", "cases/AB-1999-000001", nil)

	var v caseView
	anna.get("cases/"+ref, &v)
	answers := map[string]string{}
	for _, a := range v.Answers {
		answers[a.Name] = a.Value
	}
	if answers["name"] != "Erika Mustermann" || v.Status != cases.Submitted || len(v.Transitions) == 0 || v.Answers[0].Label == "" {
		t.Fatalf("case view: %+v", v)
	}

	anna.expect(http.StatusBadRequest, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Rejected})
	anna.expect(http.StatusConflict, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Closed})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.InReview})
	e.web.next(t, "citizen-1", func(d channels.Delivery) bool { return strings.Contains(d.Message.Text, "wird jetzt bearbeitet") })
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Approved})
	d := e.web.next(t, "citizen-1", from(channels.FromSystem))
	if d.Message.Text != "Ihr Antrag "+ref+" wurde genehmigt." {
		t.Fatalf("citizen was told %q", d.Message.Text)
	}
	anna.expect(http.StatusConflict, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.Rejected, Note: "zu spät"})
	anna.get("cases/"+ref, &v)
	if v.Status != cases.Approved || len(v.History) != 2 || v.History[1].Actor != "anna" || v.History[1].From != cases.InReview {
		t.Fatalf("after approval: %+v", v)
	}
	// The bot answers after the notice as before.
	e.citizen("web", "citizen-1", channels.Inbound{Text: "menü"})
	e.web.next(t, "citizen-1", from(channels.FromBot))

	var log []store.AuditEntry
	root.get("admin/audit", &log)
	opened := false
	for _, l := range log {
		opened = opened || (l.Actor == "anna" && l.Action == "case.open" && l.Object == ref)
		if strings.Contains(l.Object, "Erika") {
			t.Fatalf("personal data in the audit log: %+v", l)
		}
	}
	if !opened {
		t.Fatalf("the audit log does not say anna opened %s: %+v", ref, log)
	}
}

func TestNeedsInfoQueuesTheConversation(t *testing.T) {
	e := team(t)
	id, ref := e.submitMeterReading("email", "erika@example.org")
	anna := e.login("anna")
	anna.expect(http.StatusConflict, "POST", "cases/"+ref+"/status",
		statusRequest{Status: cases.NeedsInfo, Note: "Bitte senden Sie ein Foto des Zählers."}) // review first
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: cases.InReview})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status",
		statusRequest{Status: cases.NeedsInfo, Note: "Bitte senden Sie ein Foto des Zählers."})
	d := e.mail.next(t, "erika@example.org", func(d channels.Delivery) bool { return strings.Contains(d.Message.Text, "Foto") })
	if !strings.Contains(d.Message.Text, ref) || d.Message.From != channels.FromSystem {
		t.Fatalf("needs-info text: %q", d.Message.Text)
	}
	var q []queueItem
	anna.get("queue", &q)
	if len(q) != 1 || q[0].ID != id || q[0].Reason != cases.NeedsInfo || q[0].Department != "stadtwerke" {
		t.Fatalf("queue: %+v", q)
	}
	// The citizen's answer goes to staff, not to the bot.
	e.citizen("email", "erika@example.org", channels.Inbound{Text: "Foto kommt morgen."})
	e.mail.quiet(t, "erika@example.org", 200*time.Millisecond)
}
