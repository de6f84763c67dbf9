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

// webFrame is any frame the web chat sends to the widget.
type webFrame struct {
	Type         string `json:"type"`
	Token        string `json:"token"`
	Conversation string `json:"conversation"`
	ID           string `json:"id"`
	From         string `json:"from"`
	Text         string `json:"text"`
}

// widget is a citizen's web chat connection, speaking the widget's protocol.
type widget struct {
	t       *testing.T
	ws      *websocket.Conn
	pending []webFrame // read while waiting for another frame
}

func (e *env) widget(t *testing.T) *widget {
	t.Helper()
	h := http.Header{}
	h.Set("Origin", e.srv.URL)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/chat/ws", h)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	w := &widget{t: t, ws: ws}
	w.send(map[string]string{"type": "hello", "lang": "de"})
	w.until(func(f webFrame) bool { return f.Type == "welcome" })
	return w
}

func (w *widget) send(v any) {
	w.t.Helper()
	if err := w.ws.WriteJSON(v); err != nil {
		w.t.Fatal(err)
	}
}

// until returns the first frame, pending or new, that want holds for;
// frames read on the way stay pending (a reply may overtake an ack).
func (w *widget) until(want func(webFrame) bool) webFrame {
	w.t.Helper()
	for i, f := range w.pending {
		if want(f) {
			w.pending = append(w.pending[:i:i], w.pending[i+1:]...)
			return f
		}
	}
	_ = w.ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		_, data, err := w.ws.ReadMessage()
		if err != nil {
			w.t.Fatalf("widget: %v", err)
		}
		var f webFrame
		if err := json.Unmarshal(data, &f); err != nil {
			w.t.Fatal(err)
		}
		if want(f) {
			return f
		}
		w.pending = append(w.pending, f)
	}
}

// message sends a text and waits for its ack; it returns the conversation.
func (w *widget) message(id, text string) string {
	w.t.Helper()
	w.send(map[string]string{"type": "message", "id": id, "text": text})
	return w.until(func(f webFrame) bool { return f.Type == "ack" && f.ID == id }).Conversation
}

func fromWho(who string) func(webFrame) bool {
	return func(f webFrame) bool { return f.Type == "message" && f.From == who }
}

func TestStaffOverRealWebChat(t *testing.T) {
	e := startEnv(t, Options{}, true)
	e.account("anna", "stadtwerke", store.RoleAgent)
	cit := e.widget(t)
	cit.message("m1", "Zählerstand melden")
	cit.until(fromWho("bot"))
	cit.send(map[string]string{"type": "choice", "id": "m2", "value": "staff", "label": "Mit einem Menschen sprechen"})
	id := cit.until(func(f webFrame) bool { return f.Type == "ack" && f.ID == "m2" }).Conversation
	cit.until(fromWho("bot"))

	anna := e.login("anna")
	live := anna.socket(t)
	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	if f := cit.until(fromWho("system")); !strings.Contains(f.Text, "Anna") {
		t.Fatalf("joined notice in the widget: %q", f.Text)
	}

	// Typing shows on both sides.
	cit.send(map[string]string{"type": "typing"})
	if ev := waitEvent(t, live, "conversation.typing"); ev.Conversation != id {
		t.Fatalf("typing event %+v", ev)
	}
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/typing", nil)
	cit.until(func(f webFrame) bool { return f.Type == "typing" && f.From == "staff" })

	anna.expect(http.StatusCreated, "POST", "conversations/"+id+"/messages", textRequest{Text: "Guten Tag, hier ist Anna."})
	if f := cit.until(fromWho("staff")); f.Text != "Guten Tag, hier ist Anna." {
		t.Fatalf("staff reply in the widget: %q", f.Text)
	}
	cit.message("m3", "Danke, mein Zähler ist kaputt.")
	waitEvent(t, live, "conversation.message")
	var got struct{ Entries []entryView }
	anna.get("conversations/"+id+"/entries?after=0", &got)
	if last := got.Entries[len(got.Entries)-1]; last.From != "citizen" || last.Text != "Danke, mein Zähler ist kaputt." {
		t.Fatalf("last entry %+v", last)
	}

	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/release", nil)
	cit.until(func(f webFrame) bool { return fromWho("system")(f) && strings.Contains(f.Text, "zurückgegeben") })
	cit.pending = nil // the outbox keeps a conversation's order: what comes now answers m4
	cit.message("m4", "menü")
	cit.until(fromWho("bot"))
}
