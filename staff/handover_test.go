package staff

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// team sets up two departments' agents and an admin.
func team(t *testing.T) *env {
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("amir", "stadtwerke", store.RoleAgent)
	e.account("bert", "gewerbeamt", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	return e
}

func TestQueueAndDepartmentChecks(t *testing.T) {
	e := team(t)
	id := e.escalate("web", "citizen-1")
	anna, bert, root := e.login("anna"), e.login("bert"), e.login("root")

	var q []queueItem
	anna.get("queue", &q)
	if len(q) != 1 || q[0].ID != id || q[0].Channel != "web" || q[0].Language != "de" || q[0].Service != "meter-reading" ||
		q[0].Department != "stadtwerke" || q[0].WaitingSeconds < 0 || q[0].ClaimedBy != "" {
		t.Fatalf("anna's queue: %+v", q)
	}
	root.get("queue", &q)
	if len(q) != 1 {
		t.Fatalf("admin's queue: %+v", q)
	}
	bert.get("queue", &q)
	if len(q) != 0 {
		t.Fatalf("bert of another department sees %+v", q)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "conversations/" + id}, {"GET", "conversations/" + id + "/entries"}, {"GET", "conversations/" + id + "/notes"},
		{"POST", "conversations/" + id + "/claim"}, {"POST", "conversations/" + id + "/release"},
		{"POST", "conversations/" + id + "/close"},
	} {
		bert.expect(http.StatusForbidden, c.method, c.path, nil)
	}
	bert.expect(http.StatusForbidden, "POST", "conversations/"+id+"/messages", textRequest{Text: "hallo"})
	bert.expect(http.StatusForbidden, "POST", "conversations/"+id+"/notes", textRequest{Text: "notiz"})
	anna.expect(http.StatusNotFound, "GET", "conversations/no-such-id", nil)

	var v conversationView
	anna.get("conversations/"+id, &v)
	if v.Department != "stadtwerke" || !v.Waiting || v.Form == nil || v.Form.Service != "meter-reading" || len(v.Entries) < 3 {
		t.Fatalf("conversation: %+v", v)
	}
	if v.Entries[0].From != "citizen" || v.Entries[0].Text != "Hallo" {
		t.Fatalf("first entry: %+v", v.Entries[0])
	}
}

func TestClaimRaceOneAgentWins(t *testing.T) {
	e := team(t)
	id := e.escalate("web", "citizen-1")
	agents := []*agent{e.login("anna"), e.login("amir")}
	status := make([]int, 2)
	bodies := make([][]byte, 2)
	var wg sync.WaitGroup
	for i, a := range agents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status[i], bodies[i] = a.do("POST", "conversations/"+id+"/claim", nil)
		}()
	}
	wg.Wait()
	won, lost := 0, 1
	if status[1] == http.StatusOK {
		won, lost = 1, 0
	}
	if status[won] != http.StatusOK || status[lost] != http.StatusConflict {
		t.Fatalf("claims: %v %s %s", status, bodies[0], bodies[1])
	}
	var er errorResponse
	if json.Unmarshal(bodies[lost], &er); er.Error != "claimed" || er.ClaimedBy != agents[won].username {
		t.Fatalf("loser's answer: %s", bodies[lost])
	}
	// The citizen is told once who is there now.
	d := e.web.next(t, "citizen-1", from(channels.FromSystem))
	name := strings.ToUpper(agents[won].username[:1]) + agents[won].username[1:]
	if !strings.Contains(d.Message.Text, name) || !strings.Contains(d.Message.Text, "für Sie da") {
		t.Fatalf("joined notice: %q", d.Message.Text)
	}
	e.web.quiet(t, "citizen-1", 200*time.Millisecond)
	// The loser cannot write; the winner can claim again harmlessly.
	agents[lost].expect(http.StatusConflict, "POST", "conversations/"+id+"/messages", textRequest{Text: "Ich auch!"})
	agents[won].expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	var q []queueItem
	agents[lost].get("queue", &q)
	if len(q) != 1 || q[0].ClaimedBy != agents[won].username {
		t.Fatalf("queue after the claim: %+v", q)
	}
}

func TestReplyReachesCitizenOnWebAndEmail(t *testing.T) {
	e := team(t)
	anna := e.login("anna")
	for _, c := range []struct {
		rec     *recorder
		address string
	}{{e.web, "web-citizen"}, {e.mail, "erika@example.org"}} {
		id := e.escalate(c.rec.name, c.address)
		anna.expect(http.StatusConflict, "POST", "conversations/"+id+"/messages", textRequest{Text: "vor dem Übernehmen"})
		anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
		c.rec.next(t, c.address, from(channels.FromSystem))
		anna.expect(http.StatusCreated, "POST", "conversations/"+id+"/messages", textRequest{Text: "Guten Tag, wie kann ich helfen?"})
		d := c.rec.next(t, c.address, from(channels.FromStaff))
		if d.Message.Text != "Guten Tag, wie kann ich helfen?" || d.Conversation != id {
			t.Fatalf("%s: staff reply %+v", c.rec.name, d)
		}
		// The citizen's answer reaches the console, not the bot.
		e.citizen(c.rec.name, c.address, channels.Inbound{Text: "Meine Zählernummer ist unleserlich."})
		c.rec.quiet(t, c.address, 200*time.Millisecond)
		var v conversationView
		anna.get("conversations/"+id, &v)
		last := v.Entries[len(v.Entries)-1]
		if last.From != "citizen" || last.Text != "Meine Zählernummer ist unleserlich." {
			t.Fatalf("last entry: %+v", last)
		}
		staff := v.Entries[len(v.Entries)-2]
		if staff.From != "staff" || staff.Author != "anna" {
			t.Fatalf("staff entry: %+v", staff)
		}
		if v.ClaimedBy != "anna" {
			t.Fatalf("claimed by %q", v.ClaimedBy)
		}
	}
	// Nothing went on the channel the staff member wrote from.
	if id, err := e.core.DB.Lookup(StaffChannel, "anna"); err == nil {
		t.Fatalf("the staff address is bound to %s", id)
	}
}

func TestReleaseHandsBackToTheBot(t *testing.T) {
	e := team(t)
	id := e.escalate("web", "citizen-1")
	anna := e.login("anna")
	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	e.web.next(t, "citizen-1", from(channels.FromSystem))
	e.citizen("web", "citizen-1", channels.Inbound{Text: "Hallo?"})
	e.web.quiet(t, "citizen-1", 200*time.Millisecond) // the bot is silent while staff have it

	amir := e.login("amir")
	amir.expect(http.StatusConflict, "POST", "conversations/"+id+"/release", nil)
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/release", nil)
	d := e.web.next(t, "citizen-1", from(channels.FromSystem))
	if !strings.Contains(d.Message.Text, "Bot zurückgegeben") {
		t.Fatalf("released notice: %q", d.Message.Text)
	}
	e.citizen("web", "citizen-1", channels.Inbound{Text: "menü"})
	e.web.next(t, "citizen-1", from(channels.FromBot))
	var q []queueItem
	anna.get("queue", &q)
	if len(q) != 0 {
		t.Fatalf("queue after release: %+v", q)
	}
	waitFor(t, "the staff record to go", func() bool {
		_, err := e.core.DB.StaffConversation(id)
		return err != nil
	})
	// Close works the same way and tells the citizen.
	id = e.escalate("web", "citizen-2")
	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/close", nil)
	e.web.next(t, "citizen-2", func(d channels.Delivery) bool { return strings.Contains(d.Message.Text, "beendet") })

	var log []store.AuditEntry
	e.login("root").get("admin/audit", &log)
	actions := map[string]bool{}
	for _, l := range log {
		actions[l.Action+" "+l.Actor] = true
	}
	for _, want := range []string{"conversation.claim anna", "conversation.release anna", "conversation.close anna"} {
		if !actions[want] {
			t.Errorf("audit log lacks %q: %+v", want, log)
		}
	}
}

func TestTransferNotesCanned(t *testing.T) {
	e := team(t)
	id := e.escalate("web", "citizen-1")
	anna, bert, root := e.login("anna"), e.login("bert"), e.login("root")
	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	e.web.next(t, "citizen-1", from(channels.FromSystem))

	anna.expect(http.StatusCreated, "POST", "conversations/"+id+"/notes", textRequest{Text: "Kundin ruft morgen an"})
	var notes []store.Note
	anna.get("conversations/"+id+"/notes", &notes)
	if len(notes) != 1 || notes[0].Text != "Kundin ruft morgen an" || notes[0].Author != "anna" {
		t.Fatalf("notes: %+v", notes)
	}
	e.web.quiet(t, "citizen-1", 100*time.Millisecond) // notes never reach the citizen

	anna.expect(http.StatusBadRequest, "POST", "conversations/"+id+"/transfer", transferRequest{Department: "nowhere"})
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/transfer", transferRequest{Department: "gewerbeamt"})
	if d := e.web.next(t, "citizen-1", from(channels.FromSystem)); !strings.Contains(d.Message.Text, "weitergegeben") {
		t.Fatalf("transfer notice: %q", d.Message.Text)
	}
	var q []queueItem
	anna.get("queue", &q)
	if len(q) != 0 {
		t.Fatalf("anna still sees %+v", q)
	}
	anna.expect(http.StatusForbidden, "GET", "conversations/"+id, nil)
	bert.get("queue", &q)
	if len(q) != 1 || q[0].Department != "gewerbeamt" || q[0].ClaimedBy != "" || q[0].Reason != "transfer" {
		t.Fatalf("bert's queue: %+v", q)
	}
	bert.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)

	root.expect(http.StatusOK, "POST", "admin/canned", store.CannedReply{Department: "stadtwerke", Title: "Zähler", Text: "Die Zählernummer steht auf dem Zähler."})
	root.expect(http.StatusOK, "POST", "admin/canned", store.CannedReply{Title: "Gruß", Text: "Guten Tag!"})
	var canned []store.CannedReply
	anna.get("canned", &canned)
	if len(canned) != 2 {
		t.Fatalf("anna's canned replies: %+v", canned)
	}
	bert.get("canned", &canned)
	if len(canned) != 1 || canned[0].Title != "Gruß" {
		t.Fatalf("bert's canned replies: %+v", canned)
	}
}

func TestCitizenTextIsJSONNotHTML(t *testing.T) {
	e := team(t)
	const xss = `<img src=x onerror="alert(1)"><script>alert(2)</script>`
	id := e.escalate("web", "citizen-1")
	e.citizen("web", "citizen-1", channels.Inbound{Text: xss})
	anna := e.login("anna")
	resp, err := anna.client.Get(e.srv.URL + "/staff/api/conversations/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("headers: %v", resp.Header)
	}
	var v conversationView
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	if last := v.Entries[len(v.Entries)-1]; last.Text != xss {
		t.Fatalf("text came back as %q", last.Text)
	}
	_, raw := anna.do("GET", "conversations/"+id, nil)
	if strings.Contains(string(raw), "<script>") {
		t.Fatal("the JSON carries a raw <script> tag")
	}
}
