package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync"

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
	Fanout(ctx context.Context, conversation string, payload []byte) error
	FanoutItem(id int64) (conversation string, payload []byte, err error)
	FanoutAfter(after int64) ([]int64, error)
	LastFanout() (int64, error)
}

// Relay carries what the other nodes on one PostgreSQL commit to this
// node: their turns to the in-memory views and the staff console (the
// observers), their bookings to the ledger, and the replies they showed on
// their web connections to this node's (a citizen's socket may be held by
// any node). It is nil for a store of one node.
type Relay struct {
	db        nodeStore
	st        store.Store
	observers []gateway.Observer
	ledger    *appointments.Ledger
	log       *slog.Logger

	mu    sync.Mutex
	local map[string]channels.Sender // this node's senders that show replies live
	last  int64                      // the last fanout row shown
}

// newRelay returns the relay of a shared store, nil for any other.
func newRelay(st store.Store, observers []gateway.Observer, ledger *appointments.Ledger, log *slog.Logger) *Relay {
	db, ok := st.(nodeStore)
	if !ok {
		return nil
	}
	return &Relay{db: db, st: st, observers: observers, ledger: ledger, log: log.With("component", "relay"),
		local: map[string]channels.Sender{}}
}

// Wrap returns s so that what it shows on this node's connections is
// shown on the other nodes' too. On a store of one node (r nil) it is s.
func (r *Relay) Wrap(s channels.Sender) channels.Sender {
	if r == nil {
		return s
	}
	r.mu.Lock()
	r.local[s.Name()] = s
	r.mu.Unlock()
	return relayed{Sender: s, r: r}
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
	return r.db.Listen(ctx, func(n postgres.Note) { r.handle(ctx, n) })
}

func (r *Relay) handle(ctx context.Context, n postgres.Note) {
	switch {
	case n.Reconnected: // notifications may have been missed meanwhile
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
	case n.Fanout != 0:
		r.show(ctx, n.Fanout)
	case n.Turn != nil:
		r.turn(*n.Turn)
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
	_, payload, err := r.db.FanoutItem(id)
	if errors.Is(err, store.ErrNotFound) {
		return
	}
	if err != nil {
		r.log.Error("reading a reply of another node failed", "err", err)
		return
	}
	var f fanoutPayload
	if err := json.Unmarshal(payload, &f); err != nil {
		r.log.Error("a reply of another node is unreadable", "err", err)
		return
	}
	r.mu.Lock()
	s := r.local[f.Channel]
	r.mu.Unlock()
	if s == nil {
		return
	}
	if err := s.Send(ctx, f.Delivery); err != nil {
		r.log.Warn("showing a reply of another node failed", "channel", f.Channel, "err", err)
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

// fanoutPayload is what a fanout row holds: a delivery and its channel.
type fanoutPayload struct {
	Channel  string            `json:"ch"`
	Delivery channels.Delivery `json:"d"`
}

// relayed is a sender whose deliveries the other nodes show too.
type relayed struct {
	channels.Sender
	r *Relay
}

// Send shows d here, then hands it to the other nodes; a failure to hand
// it on is logged, not retried (the citizen's history has it).
func (s relayed) Send(ctx context.Context, d channels.Delivery) error {
	if err := s.Sender.Send(ctx, d); err != nil {
		return err
	}
	raw, err := json.Marshal(fanoutPayload{Channel: s.Name(), Delivery: d})
	if err == nil {
		err = s.r.db.Fanout(ctx, d.Conversation, raw)
	}
	if err != nil {
		s.r.log.Error("handing a reply to the other nodes failed", "channel", s.Name(), "err", err)
	}
	return nil
}

// SendConcurrency passes the wrapped sender's on (channels.Concurrent).
func (s relayed) SendConcurrency() int {
	if c, ok := s.Sender.(channels.Concurrent); ok {
		return c.SendConcurrency()
	}
	return 0
}
