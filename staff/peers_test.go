package staff

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// peerLog records what a console tells the other nodes.
type peerLog struct {
	mu     sync.Mutex
	events [][]byte
}

func (p *peerLog) ConsoleEvent(_ context.Context, event []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, event)
}

// take returns the events told so far and forgets them.
func (p *peerLog) take() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.events
	p.events = nil
	return out
}

// indexLog records the status changes the case index learns.
type indexLog struct {
	mu      sync.Mutex
	changed map[string]string
}

func (x *indexLog) Changed(ref, status string, _ time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.changed[ref] = status
}

// What a console does is told to the peers as kind and ids only (never a
// note's text); another node's console shows a relayed event on the
// sockets of the department it names, ignores what it does not relay, and
// Resync reaches every socket.
func TestPeersCarryConsoleEvents(t *testing.T) {
	e := team(t)
	peers, index := &peerLog{}, &indexLog{changed: map[string]string{}}
	e.console.peers, e.console.index = peers, index
	anna, bert := e.login("anna"), e.login("bert")
	id := e.escalate("web", "citizen-1")
	_, ref := e.submitMeterReading("web", "citizen-2")
	peers.take() // the turns are not the console's own: nothing was told

	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	anna.expect(http.StatusCreated, "POST", "conversations/"+id+"/notes", textRequest{Text: "Geheime Notiz Q7Z"})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: "in-review"})
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/transfer", transferRequest{Department: "gewerbeamt"})
	var kinds []string
	told := peers.take()
	for _, ev := range told {
		if strings.Contains(string(ev), "Q7Z") {
			t.Fatalf("a note's text went to the other nodes: %s", ev)
		}
		var le liveEvent
		if err := json.Unmarshal(ev, &le); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, le.Type+" "+le.Department)
	}
	want := "queue.changed stadtwerke|conversation.note stadtwerke|case.changed stadtwerke|queue.changed stadtwerke|queue.changed gewerbeamt"
	if strings.Join(kinds, "|") != want {
		t.Fatalf("told the other nodes:\n%s\nwant\n%s", strings.Join(kinds, "|"), want)
	}

	// The same events arriving from another node (whose case index has not
	// heard of the status change).
	index.mu.Lock()
	clear(index.changed)
	index.mu.Unlock()
	annaWS, bertWS := anna.socket(t), bert.socket(t)
	e.console.Relayed([]byte(`{"type":"conversation.typing","department":"stadtwerke","conversation":"x"}`)) // not relayed
	e.console.Relayed([]byte(`not json`))
	for _, ev := range told {
		e.console.Relayed(ev)
	}
	if ev := readEvent(t, annaWS); ev.Type != "queue.changed" || ev.Department != "stadtwerke" {
		t.Fatalf("anna's first relayed event %+v", ev)
	}
	if ev := readEvent(t, annaWS); ev.Type != "conversation.note" || ev.Conversation != id {
		t.Fatalf("anna's second relayed event %+v", ev)
	}
	if ev := readEvent(t, annaWS); ev.Type != "case.changed" || ev.Case != ref {
		t.Fatalf("anna's third relayed event %+v", ev)
	}
	if ev := readEvent(t, bertWS); ev.Type != "queue.changed" || ev.Department != "gewerbeamt" {
		t.Fatalf("bert (gewerbeamt) got %+v first", ev)
	}
	index.mu.Lock()
	status := index.changed[ref]
	index.mu.Unlock()
	if status != "in-review" {
		t.Fatalf("the case index learned %q from the relayed event", status)
	}
	e.console.Resync()
	for _, ws := range []*websocket.Conn{annaWS, bertWS} {
		waitEvent(t, ws, "resync")
	}
}
