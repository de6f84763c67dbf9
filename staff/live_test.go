package staff

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/store"
)

// socket opens a's live socket and waits for "ready".
func (a *agent) socket(t *testing.T) *websocket.Conn {
	t.Helper()
	h := http.Header{}
	h.Set("Cookie", a.cookieHeader())
	h.Set("Origin", a.e.srv.URL)
	ws, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(a.e.srv.URL, "http")+"/staff/ws", h)
	if err != nil {
		t.Fatalf("dial as %s: %v %v", a.username, err, resp)
	}
	t.Cleanup(func() { ws.Close() })
	if ev := readEvent(t, ws); ev.Type != "ready" {
		t.Fatalf("first event %+v", ev)
	}
	return ws
}

func readEvent(t *testing.T, ws *websocket.Conn) liveEvent {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	var ev liveEvent
	if err := ws.ReadJSON(&ev); err != nil {
		t.Fatalf("reading an event: %v", err)
	}
	return ev
}

// waitEvent reads events until one of type typ arrives.
func waitEvent(t *testing.T, ws *websocket.Conn, typ string) liveEvent {
	t.Helper()
	for {
		if ev := readEvent(t, ws); ev.Type == typ {
			return ev
		}
	}
}

func TestLiveEventsPerDepartment(t *testing.T) {
	e := team(t)
	anna, bert := e.login("anna"), e.login("bert")
	annaWS, bertWS := anna.socket(t), bert.socket(t)
	if !e.console.Online("stadtwerke") || !e.console.Online("gewerbeamt") || e.console.Online("standesamt") {
		t.Fatal("presence does not follow the sockets")
	}

	id := e.escalate("web", "citizen-1")
	ev := waitEvent(t, annaWS, "queue.changed")
	if ev.Department != "stadtwerke" {
		t.Fatalf("queue event %+v", ev)
	}
	if ev := waitEvent(t, annaWS, "conversation.message"); ev.Conversation != id {
		t.Fatalf("message event %+v", ev)
	}
	e.console.CitizenTyping(id)
	if ev := waitEvent(t, annaWS, "conversation.typing"); ev.Conversation != id {
		t.Fatalf("typing event %+v", ev)
	}
	// Bert's first event is about his own department: he heard nothing of anna's.
	e.escalateTo(t, "gewerbe-citizen")
	if ev := readEvent(t, bertWS); ev.Department != "gewerbeamt" {
		t.Fatalf("bert got %+v", ev)
	}

	// A status change is a case.changed event.
	_, ref := e.submitMeterReading("web", "citizen-2")
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: "in-review"})
	for {
		if ev := waitEvent(t, annaWS, "case.changed"); ev.Case == ref {
			break
		}
	}

	// Logging out closes the socket.
	anna.expect(http.StatusNoContent, "POST", "logout", nil)
	_ = annaWS.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := annaWS.ReadMessage(); err != nil {
			break
		}
	}
	waitFor(t, "anna to go offline", func() bool { return !e.console.Online("stadtwerke") })
}

// escalateTo makes a conversation that waits for the gewerbeamt (transferred there).
func (e *env) escalateTo(t *testing.T, address string) {
	t.Helper()
	id := e.escalate("web", address)
	_, err := e.core.DB.UpdateStaffConversation(t.Context(), id, func(sc *store.StaffConversation, _ bool) (bool, error) {
		sc.Department = "gewerbeamt"
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	e.citizen("web", address, textIn("noch da?"))
}

func TestLiveSocketRefusals(t *testing.T) {
	e := team(t)
	anna := e.login("anna")
	url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/staff/ws"
	_, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a session: %v %v", err, resp)
	}
	h := http.Header{}
	h.Set("Cookie", anna.cookieHeader())
	h.Set("Origin", "https://evil.example")
	_, resp, err = websocket.DefaultDialer.Dial(url, h)
	if err == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("from a foreign origin: %v %v", err, resp)
	}
}

func TestAvailabilityNeedsHoursAndPeople(t *testing.T) {
	e := team(t)
	if e.console.Online("stadtwerke") {
		t.Fatal("online before anyone logged in")
	}
	anna := e.login("anna")
	if !e.console.Online("stadtwerke") {
		t.Fatal("a request counts as presence")
	}
	e.clock.Store(int64(6 * time.Minute))
	if e.console.Online("stadtwerke") {
		t.Fatal("presence does not fade")
	}
	e.clock.Store(0)
	anna.socket(t)
	root := e.login("root")
	loc := time.UTC
	monday := time.Date(2026, 11, 30, 9, 0, 0, 0, loc)
	if !e.console.Available("stadtwerke", monday) {
		t.Fatal("within the departments file's hours (Mo–Fr 8–16 Uhr)")
	}
	root.expect(http.StatusOK, "POST", "admin/departments/stadtwerke", map[string]any{"name": "Stadtwerke",
		"hours": []store.OfficeHours{{Weekday: time.Monday, From: "08:00", To: "16:00"}}})
	root.expect(http.StatusBadRequest, "POST", "admin/departments/stadtwerke", map[string]any{
		"hours": []store.OfficeHours{{Weekday: time.Monday, From: "16:00", To: "08:00"}}})
	if !e.console.Available("stadtwerke", monday) || e.console.Available("stadtwerke", monday.Add(8*time.Hour)) ||
		e.console.Available("stadtwerke", monday.Add(24*time.Hour)) || e.console.Available("gewerbeamt", monday) {
		t.Fatal("availability ignores office hours or presence")
	}
	var deps []departmentItem
	anna.get("departments", &deps)
	found := false
	for _, d := range deps {
		if d.ID == "stadtwerke" {
			found = d.Name == "Stadtwerke" && d.Online && len(d.Hours) == 1
		}
	}
	if !found {
		b, _ := json.Marshal(deps)
		t.Fatalf("departments: %s", b)
	}
}
