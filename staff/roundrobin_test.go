package staff

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// TestRoundRobin: with round robin on, each new waiting conversation of
// the department goes in turn to its agents at the console, and the
// citizen is told who joined; without it, the queue keeps them. Setting
// round robin keeps the department's name and hours.
func TestRoundRobin(t *testing.T) {
	e := team(t)
	anna, amir, root := e.login("anna"), e.login("amir"), e.login("root")
	anna.socket(t)
	amir.socket(t)
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{"name": "Stadtwerke",
		"hours": []store.OfficeHours{{Weekday: 1, From: "00:00", To: "24:00"}}})
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{"round_robin": true})
	var deps []departmentItem
	root.get("departments", &deps)
	for _, d := range deps {
		if d.ID == "stadtwerke" && (!d.RoundRobin || d.Name != "Stadtwerke" || len(d.Hours) != 1) {
			t.Fatalf("round robin lost the rest: %+v", d)
		}
	}
	holder := func(id string) string {
		var q []queueItem
		root.get("queue", &q)
		for _, it := range q {
			if it.ID == id {
				return it.ClaimedBy
			}
		}
		return "?"
	}
	var got []string
	for i, address := range []string{"citizen-1", "citizen-2", "citizen-3"} {
		id := e.escalate("web", address)
		waitFor(t, "an assignment", func() bool { return holder(id) != "" })
		got = append(got, holder(id))
		name := strings.ToUpper(got[i][:1]) + got[i][1:]
		e.web.next(t, address, func(d channels.Delivery) bool {
			return d.Message.From == channels.FromSystem && strings.Contains(d.Message.Text, name)
		})
	}
	if strings.Join(got, ",") != "amir,anna,amir" {
		t.Errorf("assigned in turn to %v, want amir, anna, amir", got)
	}
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{"round_robin": false})
	id := e.escalate("web", "citizen-4")
	waitFor(t, "the queue's record", func() bool { _, err := e.core.DB.StaffConversation(id); return err == nil })
	time.Sleep(300 * time.Millisecond) // the feed's handler has assigned by now, had it wanted to
	if h := holder(id); h != "" {
		t.Errorf("without round robin the conversation went to %q", h)
	}
}
