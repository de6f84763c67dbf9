package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/gateway"
	"amtsbote/services/appointments"
	"amtsbote/store"
	"amtsbote/store/postgres"
)

// nodeStore is a store several nodes share (store/postgres): it tells
// this node what the others commit and carries replies between them.
type nodeStore interface {
	Listen(ctx context.Context, fn func(postgres.Note)) error
	FanoutItem(id int64) (store.Delivery, error)
	FanoutAfter(after int64) ([]int64, error)
	LastFanout() (int64, error)
	Announce(ctx context.Context, ev postgres.Event) error
}

// The kinds of the events the relay announces (postgres.Event.Kind).
const (
	eventConsole = "console" // body: a staff console's live event (JSON, ids only)
	eventAnswers = "answers" // body: the id of an answer published
)

// announceWait bounds telling the other nodes of an event.
const announceWait = 5 * time.Second

// console is the staff console's side of the relay (staff.Console): it
// shows the other nodes' consoles' live events, and reloads its pages
// after notifications may have been missed.
type console interface {
	Relayed(event []byte)
	Resync()
}

// reloader is the knowledge base's side of the relay (live.Editor): it
// rebuilds the answers in use from the store.
type reloader interface {
	Reload() error
}

// Relay carries what the other nodes on one PostgreSQL commit to this
// node: their turns to the in-memory views and the staff console (the
// observers), their bookings to the ledger, the replies they showed on
// their web connections to this node's (a citizen's socket may be held by
// any node), their staff consoles' live events and presence to this node's
// console, and their answer publishes to this node's knowledge base; and
// it tells them the same of this node (ConsoleEvent, AnswersChanged). It
// is nil for a store of one node.
type Relay struct {
	db        nodeStore
	st        store.Store
	observers []gateway.Observer
	ledger    *appointments.Ledger
	answers   reloader
	reload    chan struct{} // asks reloadAnswers for a rebuild
	log       *slog.Logger

	mu      sync.Mutex
	local   map[string]channels.Sender // this node's senders that show replies live
	last    int64                      // the last fanout row shown
	console console                    // the staff console, once one is built
}

// newRelay returns the relay of a shared store, nil for any other.
func newRelay(st store.Store, observers []gateway.Observer, ledger *appointments.Ledger, answers reloader, log *slog.Logger) *Relay {
	db, ok := st.(nodeStore)
	if !ok {
		return nil
	}
	return &Relay{db: db, st: st, observers: observers, ledger: ledger, answers: answers, log: log.With("component", "relay"),
		reload: make(chan struct{}, 1), local: map[string]channels.Sender{}}
}

// SetConsole makes c (the staff console) the one that shows the live
// events of the other nodes' consoles. Nothing happens on a nil relay.
func (r *Relay) SetConsole(c console) {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.console = c
	r.mu.Unlock()
}

// ConsoleEvent tells the other nodes of a live event of this node's staff
// console (staff.Peers); their consoles show it at once.
func (r *Relay) ConsoleEvent(ctx context.Context, event []byte) {
	r.announce(ctx, postgres.Event{Kind: eventConsole, Body: string(event)})
}

// AnswersChanged tells the other nodes that answer id was published
// (live.Peers); they reload the answers from the store.
func (r *Relay) AnswersChanged(ctx context.Context, id string) {
	r.announce(ctx, postgres.Event{Kind: eventAnswers, Body: id})
}

// announce sends ev to the other nodes. A failure is logged: the other
// nodes catch up when they reconnect, and their pages on a reload.
func (r *Relay) announce(ctx context.Context, ev postgres.Event) {
	if r == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), announceWait)
	defer cancel()
	if err := r.db.Announce(ctx, ev); err != nil {
		r.log.Warn("telling the other nodes failed", "kind", ev.Kind, "err", err)
	}
}

// Wrap registers s (the web chat) to show the replies the other nodes
// delivered on this node's connections, and returns it. The store copies
// what this node delivers on the channel for the other nodes
// (postgres.Options.Fanout). On a store of one node (r nil) it only
// returns s.
func (r *Relay) Wrap(s channels.Sender) channels.Sender {
	if r == nil {
		return s
	}
	r.mu.Lock()
	r.local[s.Name()] = s
	r.mu.Unlock()
	return s
}

// Run follows the other nodes until ctx ends; on a store of one node it
// only waits.
func (r *Relay) Run(ctx context.Context) error {
	if r == nil {
		<-ctx.Done()
		return nil
	}
	last, err := r.db.LastFanout()
	if err != nil {
		r.log.Error("reading the fanout failed", "err", err)
	}
	r.mu.Lock()
	r.last = last
	r.mu.Unlock()
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { r.reloadAnswers(ctx) })
	return r.db.Listen(ctx, func(n postgres.Note) { r.handle(ctx, n) })
}

// reloadAnswers rebuilds the answers from the store whenever asked (a
// publish on another node, a reconnect) until ctx ends. It runs apart
// from the notifications, which a rebuild (tens of milliseconds) would
// hold up; requests that come while it rebuilds make one more rebuild.
func (r *Relay) reloadAnswers(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.reload:
		}
		if r.answers == nil {
			continue
		}
		if err := r.answers.Reload(); err != nil {
			r.log.Error("reloading the answers failed", "err", err)
		}
	}
}

// askReload asks reloadAnswers for a rebuild; it never blocks.
func (r *Relay) askReload() {
	select {
	case r.reload <- struct{}{}:
	default: // one is asked for already
	}
}

func (r *Relay) handle(ctx context.Context, n postgres.Note) {
	switch {
	case n.Reconnected: // notifications may have been missed meanwhile
		r.catchUp()
		r.mu.Lock()
		last := r.last
		r.mu.Unlock()
		ids, err := r.db.FanoutAfter(last)
		if err != nil {
			r.log.Error("catching up on the fanout failed", "err", err)
			return
		}
		for _, id := range ids {
			r.show(ctx, id)
		}
	case len(n.Fanout) > 0:
		for _, id := range n.Fanout {
			r.show(ctx, id)
		}
	case n.Turn != nil:
		r.turn(*n.Turn)
	case n.Event != nil:
		r.event(*n.Event)
	}
}

// event takes what another node announced: its console's live event, or
// a publish of an answer.
func (r *Relay) event(ev postgres.Event) {
	switch ev.Kind {
	case eventConsole:
		r.mu.Lock()
		c := r.console
		r.mu.Unlock()
		if c != nil {
			c.Relayed([]byte(ev.Body))
		}
	case eventAnswers:
		r.askReload()
	}
}

// catchUp brings what follows the other nodes' events up to date after
// notifications may have been missed: the answers are read again and the
// consoles' pages reload what they show.
func (r *Relay) catchUp() {
	r.askReload()
	r.mu.Lock()
	c := r.console
	r.mu.Unlock()
	if c != nil {
		c.Resync()
	}
}

// show shows a reply another node delivered on this node's connections.
func (r *Relay) show(ctx context.Context, id int64) {
	r.mu.Lock()
	if id <= r.last {
		r.mu.Unlock()
		return
	}
	r.last = id
	r.mu.Unlock()
	it, err := r.db.FanoutItem(id)
	if errors.Is(err, store.ErrNotFound) {
		return
	}
	if err != nil {
		r.log.Error("reading a reply of another node failed", "err", err)
		return
	}
	var msg channels.Outbound
	if err := json.Unmarshal(it.Body, &msg); err != nil {
		r.log.Error("a reply of another node is unreadable", "err", err)
		return
	}
	r.mu.Lock()
	s := r.local[it.Channel]
	r.mu.Unlock()
	if s == nil {
		return
	}
	d := channels.Delivery{ID: it.ID, Conversation: it.Conversation, Address: it.Address, Message: msg, Created: it.Created}
	if err := s.Send(ctx, d); err != nil {
		r.log.Warn("showing a reply of another node failed", "channel", it.Channel, "err", err)
	}
}

// turn tells the observers of a turn another node committed, read back
// from the store.
func (r *Relay) turn(t postgres.TurnNote) {
	info, err := r.st.ConversationInfo(t.Conversation)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			r.log.Error("reading a conversation of another node failed", "err", err)
		}
		return
	}
	var submitted []cases.Case
	for _, ref := range t.Cases {
		c, err := r.st.Case(ref)
		if err != nil {
			r.log.Error("reading a case of another node failed", "ref", ref, "err", err)
			continue
		}
		submitted = append(submitted, c)
	}
	for _, o := range r.observers {
		o.TurnCommitted(t.Conversation, info.Meta, submitted)
	}
	for _, ref := range t.Bookings {
		if b, err := r.st.Booking(ref); err == nil && r.ledger != nil {
			r.ledger.PutStored(b)
		}
	}
}
