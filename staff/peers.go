package staff

import (
	"context"
	"encoding/json"
	"slices"
	"time"
)

// Peers carries the live events of this node's console (a claim, a
// release, a transfer, a note, a case's new status) to the consoles of the
// other nodes sharing the store, whose Relayed takes them: app.Relay over
// store/postgres. An event names its kind and ids only; the pages read the
// state through the API. Nil on one node.
type Peers interface {
	ConsoleEvent(ctx context.Context, event []byte)
}

// relayed reports whether one node's console passes live events of type
// typ to the others. Turns (new messages, a conversation queued) reach
// every node on their own (the feed), and typing stays with the node of
// the socket. "presence" is no socket event: it says that staff of a
// department are online on the sending node (see beat).
func relayed(typ string) bool {
	switch typ {
	case "queue.changed", "conversation.note", "case.changed", "presence":
		return true
	}
	return false
}

// Presence across nodes: every node tells the others every presenceBeat
// (and at once when someone logs in or opens the console) which
// departments have staff online there; a department a peer named counts as
// online for presenceKeep.
const (
	presenceBeat = 20 * time.Second
	presenceKeep = 3 * presenceBeat
)

// share shows ev on this node's live sockets and tells the peers.
func (c *Console) share(ctx context.Context, ev liveEvent) {
	c.hub.broadcast(ev.Department, ev)
	if c.peers == nil {
		return
	}
	frame, err := json.Marshal(ev)
	if err != nil {
		return
	}
	c.peers.ConsoleEvent(ctx, frame)
}

func (c *Console) shareQueue(ctx context.Context, dept string) {
	c.share(ctx, liveEvent{Type: "queue.changed", Department: dept})
}

func (c *Console) shareNote(ctx context.Context, id, dept string) {
	c.share(ctx, liveEvent{Type: "conversation.note", Department: dept, Conversation: id})
}

func (c *Console) shareCase(ctx context.Context, ref, dept string) {
	c.share(ctx, liveEvent{Type: "case.changed", Department: dept, Case: ref})
}

// Relayed shows a live event of another node's console on this node's
// sockets (see Peers); a case's new status also reaches the case index,
// read from the store. Unknown or malformed events are ignored.
func (c *Console) Relayed(event []byte) {
	var ev liveEvent
	if json.Unmarshal(event, &ev) != nil || !relayed(ev.Type) {
		return
	}
	if ev.Type == "presence" {
		c.mu.Lock()
		c.remote[ev.Department] = c.now()
		c.mu.Unlock()
		return
	}
	if ev.Type == "case.changed" && c.index != nil && ev.Case != "" {
		c.caseFromStore(ev.Case)
	}
	c.hub.broadcast(ev.Department, ev)
}

// caseFromStore gives the case index a case's status as stored.
func (c *Console) caseFromStore(ref string) {
	cs, err := c.st.Case(ref)
	if err != nil {
		return // erased meanwhile
	}
	hist, err := c.st.CaseHistory(ref)
	if err != nil || len(hist) == 0 {
		return
	}
	last := hist[len(hist)-1]
	c.index.Changed(ref, cs.Status, last.Time)
}

// Resync tells every live socket to reload what it shows: notifications
// of the other nodes may have been missed (their listening connection was
// lost). The pages read the state from the store through the API.
func (c *Console) Resync() {
	c.hub.everyone(liveEvent{Type: "resync"})
}

// present asks Run to tell the peers of this node's presence now (someone
// logged in or opened the console); it never blocks.
func (c *Console) present() {
	if c.peers == nil {
		return
	}
	select {
	case c.presentNow <- struct{}{}:
	default:
	}
}

// beat tells the peers which departments have staff online on this node:
// a live socket open, or a request within the presence window.
func (c *Console) beat(ctx context.Context) {
	if c.peers == nil {
		return
	}
	depts := c.hub.departments()
	now := c.now()
	c.mu.Lock()
	for _, p := range c.seen {
		if now.Sub(p.at) <= c.opts.PresenceWindow && !slices.Contains(depts, p.department) {
			depts = append(depts, p.department)
		}
	}
	c.mu.Unlock()
	for _, d := range depts { // to the peers only: no page shows it
		if frame, err := json.Marshal(liveEvent{Type: "presence", Department: d}); err == nil {
			c.peers.ConsoleEvent(ctx, frame)
		}
	}
}

// remoteOnline reports whether a peer said recently that staff of
// department ("" means any) are online there.
func (c *Console) remoteOnline(department string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for d, at := range c.remote {
		if (department == "" || d == department) && now.Sub(at) <= presenceKeep {
			return true
		}
	}
	return false
}
