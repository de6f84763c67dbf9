// Package gateway routes every inbound message to its conversation, runs the
// conversation's turns strictly in order through the dialog engine, commits
// each turn with its replies in one store transaction, acknowledges only
// after that commit, and delivers the replies from the durable outbox with
// one sender per channel.
package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/store"
)

// Store is what the gateway needs to keep conversations and turns.
type Store interface {
	Lookup(channel, address string) (string, error)
	Seen(dedupeKey string) (bool, error)
	Conversation(id string) (store.Conversation, error)
	CommitTurn(ctx context.Context, t store.Turn) (store.TurnResult, error)
}

// Outbox is what the senders need to deliver replies.
type Outbox interface {
	Due(channel string, now time.Time, limit int) ([]store.Delivery, time.Time, error)
	Delivered(ctx context.Context, channel, id string) error
	Retry(ctx context.Context, channel, id string, next time.Time) error
	GiveUp(ctx context.Context, channel, id, reason string, now time.Time) error
}

// Engine decides a turn in memory.
type Engine interface {
	Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result
}

// Observer learns about committed turns: the staff console's live view and
// the usage statistics hang here. Calls must not block.
type Observer interface {
	TurnCommitted(conversation string, meta store.Meta, submitted []cases.Case)
}

// AmendObserver is an optional ability of an Observer: it learns which
// submitted cases a committed turn amended (the citizen answered a
// needs-info question), with the status each case has now.
type AmendObserver interface {
	CasesAmended(conversation string, amended []cases.Amendment, at time.Time)
}

// RatingObserver is an optional ability of an Observer: it counts the
// answers to "Hat das geholfen?" of a committed turn (once: a turn decided
// again after a booking conflict reports only its final result).
type RatingObserver interface {
	AnswersRated(ctx context.Context, ratings []dialog.AnswerRating, at time.Time) error
}

// ConversationRatingObserver is an optional ability of an Observer: it
// keeps the citizen's rating of the conversation a committed turn gave, or
// the comment it added to one (r.Comment set), once per committed turn.
type ConversationRatingObserver interface {
	ConversationRated(ctx context.Context, r dialog.Rating) error
}

// Meter counts what flows through the gateway (package metrics).
type Meter interface {
	TurnDone(channel string, d time.Duration, duplicate bool, err error)
	Delivered(channel string)
	Retried(channel string)
	GaveUp(channel string)
}

// ErrStopped is returned by Deliver once the gateway is shutting down.
var ErrStopped = errors.New("gateway: stopped")

// Config holds the gateway's settings.
type Config struct {
	Log *slog.Logger
	Now func() time.Time // nil means time.Now
	// SendConcurrency is how many conversations one channel delivers to at
	// once, unless the channel says otherwise (channels.Concurrent); 0 means 8.
	SendConcurrency int
	// MaxAttempts is how often a reply is tried before it is given up; 0 means 15.
	MaxAttempts int
	// RetryBase is the first retry delay, doubled per attempt up to RetryMax;
	// 0 means 1 s and 10 min.
	RetryBase, RetryMax time.Duration
	Observers           []Observer
	Meter               Meter // nil counts nothing
	// CacheSize is how many conversations' states are kept in memory
	// between turns; 0 means 20,000, negative none.
	CacheSize int
	// Handoff names the channel that takes every new case to its
	// department's back office (an outbox item in the case's own commit);
	// "" hands nothing off.
	Handoff string
	// Mail names the channel that mails what the engine mails on its own
	// (dialog.Result.Mails: a case's confirmation) to an address a citizen
	// gave: an outbox item in the turn's own commit. "" sends none.
	Mail string
}

// Gateway is the core's router; it implements channels.Deliverer.
type Gateway struct {
	cfg    Config
	st     Store
	outbox Outbox
	engine Engine
	log    *slog.Logger

	mu      sync.Mutex
	stopped bool
	queues  map[string]*convQueue
	erasing map[string]chan struct{} // conversations being erased: their new workers wait (forget.go)
	workers sync.WaitGroup

	resolveMu sync.Mutex
	pending   map[string]string // endpoint key → conversation id not yet committed

	senders map[string]*sender
	cache   *stateCache

	queueGone func() // test seam: runs after a worker gave up its queue
}

// New builds a gateway over a store and an engine.
func New(cfg Config, st Store, outbox Outbox, engine Engine) *Gateway {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SendConcurrency <= 0 {
		cfg.SendConcurrency = 8
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 15
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Second
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = 10 * time.Minute
	}
	if cfg.Meter == nil {
		cfg.Meter = noMeter{}
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = 20_000
	}
	return &Gateway{cfg: cfg, st: st, outbox: outbox, engine: engine,
		log:    cfg.Log.With("component", "gateway"),
		queues: map[string]*convQueue{}, erasing: map[string]chan struct{}{}, pending: map[string]string{},
		senders: map[string]*sender{},
		cache:   newStateCache(cfg.CacheSize)}
}

// AddSender registers the sender of a channel; call before Run.
func (g *Gateway) AddSender(s channels.Sender) {
	n := g.cfg.SendConcurrency
	if c, ok := s.(channels.Concurrent); ok && c.SendConcurrency() > 0 {
		n = c.SendConcurrency()
	}
	g.senders[s.Name()] = &sender{ch: s, wake: make(chan struct{}, 1), blocked: map[string]string{}, concurrency: n}
}

// Run delivers the outbox until ctx ends, then waits for the turns still
// running. Call Drain afterwards to flush what is due.
func (g *Gateway) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, s := range g.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.runSender(ctx, s)
		}()
	}
	<-ctx.Done()
	g.mu.Lock()
	g.stopped = true
	g.mu.Unlock()
	wg.Wait()
	g.workers.Wait()
	return nil
}

// Drain delivers whatever is due on every channel until nothing is left or
// ctx ends; used at shutdown.
func (g *Gateway) Drain(ctx context.Context) {
	var wg sync.WaitGroup
	for _, s := range g.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if delivered, _ := g.deliverDue(ctx, s); delivered == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
}

// job is one inbound message waiting for its conversation's turn.
type job struct {
	in    channels.Inbound
	start time.Time
	done  chan outcome
	hold  *hold // set: no message, the worker waits while its conversation is erased
}

type outcome struct {
	receipt channels.Receipt
	err     error
}

// convQueue holds a conversation's waiting messages; one worker drains it.
type convQueue struct {
	jobs []*job
}

// Deliver runs one inbound message through its conversation's turn and
// returns once the turn is committed; only then may the channel acknowledge.
func (g *Gateway) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	if in.Channel == "" || (in.Address == "" && in.Conversation == "") {
		return channels.Receipt{}, errors.New("gateway: inbound message without channel or address")
	}
	if in.Received.IsZero() {
		in.Received = g.cfg.Now()
	}
	id := in.Conversation
	if id == "" {
		var err error
		if id, err = g.resolve(in.Channel, in.Address); err != nil {
			return channels.Receipt{}, err
		}
	}
	j := &job{in: in, start: time.Now(), done: make(chan outcome, 1)}
	g.mu.Lock()
	if g.stopped {
		g.mu.Unlock()
		return channels.Receipt{}, ErrStopped
	}
	q, running := g.queues[id]
	if !running {
		q = &convQueue{}
		g.queues[id] = q
	}
	q.jobs = append(q.jobs, j)
	if !running {
		g.workers.Add(1)
		go g.work(id, q)
	}
	g.mu.Unlock()
	select {
	case o := <-j.done:
		return o.receipt, o.err
	case <-ctx.Done():
		return channels.Receipt{}, ctx.Err()
	}
}

// resolve maps (channel, address) to a conversation, making a new id for an
// address never seen. The id stays pending until its first turn commits, so
// two messages racing from a new address share one conversation.
func (g *Gateway) resolve(channel, address string) (string, error) {
	id, err := g.st.Lookup(channel, address)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("gateway: %w", err)
	}
	key := channel + "\x00" + address
	g.resolveMu.Lock()
	defer g.resolveMu.Unlock()
	if id, ok := g.pending[key]; ok {
		return id, nil
	}
	// Look again under the lock: the first turn may have committed meanwhile.
	if id, err := g.st.Lookup(channel, address); err == nil {
		return id, nil
	}
	id = newID()
	g.pending[key] = id
	return id, nil
}

func (g *Gateway) bound(channel, address string) {
	g.resolveMu.Lock()
	delete(g.pending, channel+"\x00"+address)
	g.resolveMu.Unlock()
}

// newID returns a random conversation id.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// work runs a conversation's queued turns one after another, then exits.
func (g *Gateway) work(id string, q *convQueue) {
	defer g.workers.Done()
	g.waitErased(id)
	cur := g.cache.get(id)
	for {
		g.mu.Lock()
		if len(q.jobs) == 0 {
			// Cache before the queue goes: the next message's worker,
			// started once it is gone, must find this state, not an older one.
			g.cache.put(id, cur)
			delete(g.queues, id)
			g.mu.Unlock()
			if g.queueGone != nil {
				g.queueGone()
			}
			return
		}
		j := q.jobs[0]
		q.jobs[0] = nil
		q.jobs = q.jobs[1:]
		g.mu.Unlock()
		if j.hold != nil {
			close(j.hold.parked)
			<-j.hold.release
			cur = nil // read again from the store: what was erased stays erased
			continue
		}
		var o outcome
		cur, o = g.turn(id, cur, j.in)
		took := time.Since(j.start)
		g.cfg.Meter.TurnDone(j.in.Channel, took, o.receipt.Duplicate, o.err)
		if o.err != nil {
			g.log.Warn("turn failed", "channel", j.in.Channel, "conversation", id, "err", o.err)
		} else {
			g.log.Debug("turn committed", "channel", j.in.Channel, "conversation", id,
				"replies", len(o.receipt.Replies), "duplicate", o.receipt.Duplicate, "took", took)
		}
		j.done <- o
	}
}

// noMeter counts nothing.
type noMeter struct{}

func (noMeter) TurnDone(string, time.Duration, bool, error) {}
func (noMeter) Delivered(string)                            {}
func (noMeter) Retried(string)                              {}
func (noMeter) GaveUp(string)                               {}
