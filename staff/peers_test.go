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

	"amtsbote/store"
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
	peers, index := &peerLog{}, &indexLog{changed: map[string]string{}}
	e := peerTeam(t, func(d *Deps) { d.Peers, d.Cases = peers, index })
	anna, bert := e.login("anna"), e.login("bert")
	id := e.escalate("web", "citizen-1")
	_, ref := e.submitMeterReading("web", "citizen-2")
	peers.take() // the turns are not the console's own; presence only

	anna.expect(http.StatusOK, "POST", "conversations/"+id+"/claim", nil)
	anna.expect(http.StatusCreated, "POST", "conversations/"+id+"/notes", textRequest{Text: "Geheime Notiz Q7Z"})
	anna.expect(http.StatusOK, "POST", "cases/"+ref+"/status", statusRequest{Status: "in-review"})
	anna.expect(http.StatusNoContent, "POST", "conversations/"+id+"/transfer", transferRequest{Department: "gewerbeamt"})
	var kinds []string
	var told [][]byte
	for _, ev := range peers.take() {
		if strings.Contains(string(ev), `"presence"`) {
			continue // the logins: tested below
		}
		told = append(told, ev)
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

// peerTeam is team with deps changed before the console is built.
func peerTeam(t *testing.T, deps func(*Deps)) *env {
	e := startEnvDeps(t, Options{}, false, nil, deps)
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("bert", "gewerbeamt", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	return e
}

// Presence across nodes: a node tells its peers which departments have
// staff online there (at once on a login or a socket), and counts the
// departments its peers name as online for a while.
func TestPeersCarryPresence(t *testing.T) {
	peers := &peerLog{}
	e := peerTeam(t, func(d *Deps) { d.Peers = peers })
	if e.console.Online("gewerbeamt") || e.console.Online("stadtwerke") {
		t.Fatal("online before anyone came")
	}
	e.login("anna").socket(t)
	waitFor(t, "anna's presence told to the peers", func() bool {
		for _, ev := range peers.take() {
			if string(ev) == `{"type":"presence","department":"stadtwerke"}` {
				return true
			}
		}
		return false
	})
	e.console.Relayed([]byte(`{"type":"presence","department":"gewerbeamt"}`))
	if !e.console.Online("gewerbeamt") || e.console.Online("standesamt") {
		t.Fatal("a peer's presence is not counted, or counted for another department")
	}
	e.clock.Add(int64(presenceKeep + time.Second))
	if e.console.Online("gewerbeamt") {
		t.Fatal("a peer's presence is counted after it stopped telling")
	}
}
