package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// sender delivers one channel's outbox; it is owned by Run.
//
// A reply sent is recorded as delivered in the background (markSent): the
// next reply of its conversation goes out without waiting for that commit,
// and the records of many conversations share one. Until its record is
// committed a reply is in sent, and the outbox leaves it out of what is due.
type sender struct {
	ch          channels.Sender
	wake        chan struct{}
	concurrency int
	running     atomic.Bool // runSender delivers; otherwise (Drain) deliverDue waits for its records

	mu       sync.Mutex
	blocked  map[string]string // conversation → id of its reply waiting for a retry
	sent     map[string]bool   // sent, "delivered" not yet committed
	marking  []string          // sent, not yet handed to the store, in the order sent
	flushed  []string          // records committed (or failed) since the last Due
	flushing bool              // a flushMarks goroutine runs
	markers  sync.WaitGroup    // the flushMarks goroutine
}

// outboxExcept is an Outbox that leaves the replies a sender has in flight
// out of what is due (store/bolt does); with a plain Outbox they are
// filtered after reading.
type outboxExcept interface {
	DueExcept(channel string, now time.Time, limit int, except func(id string) bool) ([]store.Delivery, time.Time, error)
}

// outboxBatch is an Outbox that records several replies as delivered in
// one commit, in the order given (store/bolt does).
type outboxBatch interface {
	DeliveredAll(ctx context.Context, channel string, ids []string) error
}

const (
	dueBatch    = 512
	idlePoll    = 30 * time.Second
	sendTimeout = 30 * time.Second
)

// wake tells a channel's sender that new replies wait.
func (g *Gateway) wake(channel string) {
	if s, ok := g.senders[channel]; ok {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// runSender delivers due replies until ctx ends, sleeping until woken or
// until the next retry is due.
func (g *Gateway) runSender(ctx context.Context, s *sender) {
	s.running.Store(true)
	defer func() {
		s.running.Store(false)
		s.markers.Wait() // the store closes after Run: record what was sent first
	}()
	for {
		_, next := g.deliverDue(ctx, s)
		wait := idlePoll
		if !next.IsZero() {
			wait = max(time.Until(next), 10*time.Millisecond)
			wait = min(wait, idlePoll)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// deliverDue delivers what is due now, conversations in parallel (bounded),
// each conversation's replies in order. It returns how many it delivered and
// when the next retry is due.
func (g *Gateway) deliverDue(ctx context.Context, s *sender) (int, time.Time) {
	name := s.ch.Name()
	total := 0
	if !s.running.Load() {
		defer s.markers.Wait() // Drain: its replies are recorded before it returns
	}
	for ctx.Err() == nil {
		items, next, err := g.due(s)
		if err != nil {
			g.log.Error("reading the outbox failed", "channel", name, "err", err)
			return total, g.cfg.Now().Add(5 * time.Second)
		}
		groups, order := groupByConversation(items)
		var mu sync.Mutex
		delivered := 0
		var wg sync.WaitGroup
		sem := make(chan struct{}, s.concurrency)
		for _, conv := range order {
			sem <- struct{}{}
			wg.Add(1)
			go func(list []store.Delivery) {
				defer wg.Done()
				defer func() { <-sem }()
				n, retryAt := g.deliverConversation(ctx, s, list)
				mu.Lock()
				delivered += n
				if !retryAt.IsZero() && (next.IsZero() || retryAt.Before(next)) {
					next = retryAt
				}
				mu.Unlock()
			}(groups[conv])
		}
		wg.Wait()
		total += delivered
		if len(items) < dueBatch || delivered == 0 {
			return total, next
		}
	}
	return total, time.Time{}
}

// due reads what is due, leaving out the replies sent whose records are not
// committed yet. Records committed before this read began are dropped from
// sent first: the read cannot see their items any more.
func (g *Gateway) due(s *sender) ([]store.Delivery, time.Time, error) {
	s.mu.Lock()
	for _, id := range s.flushed {
		delete(s.sent, id)
	}
	s.flushed = s.flushed[:0]
	s.mu.Unlock()
	inFlight := func(id string) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.sent[id]
	}
	name, now := s.ch.Name(), g.cfg.Now()
	if o, ok := g.outbox.(outboxExcept); ok {
		return o.DueExcept(name, now, dueBatch, inFlight)
	}
	items, next, err := g.outbox.Due(name, now, dueBatch)
	return slices.DeleteFunc(items, func(it store.Delivery) bool { return inFlight(it.ID) }), next, err
}

func groupByConversation(items []store.Delivery) (map[string][]store.Delivery, []string) {
	groups := map[string][]store.Delivery{}
	var order []string
	for _, it := range items {
		if _, ok := groups[it.Conversation]; !ok {
			order = append(order, it.Conversation)
		}
		groups[it.Conversation] = append(groups[it.Conversation], it)
	}
	return groups, order
}

// deliverConversation sends one conversation's due replies in order and
// stops at the first failure, so a later reply never overtakes an earlier one.
func (g *Gateway) deliverConversation(ctx context.Context, s *sender, list []store.Delivery) (int, time.Time) {
	name := s.ch.Name()
	n := 0
	for _, it := range list {
		s.mu.Lock()
		waitFor, blocked := s.blocked[it.Conversation]
		s.mu.Unlock()
		if blocked && waitFor != it.ID {
			return n, time.Time{} // an earlier reply is waiting for its retry
		}
		msg, ok := it.Decoded.(channels.Outbound) // a reply of this process's turns, from memory
		if !ok {
			if err := json.Unmarshal(it.Body, &msg); err != nil {
				g.giveUp(ctx, s, it, "unreadable reply: "+err.Error())
				continue
			}
		}
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		err := s.ch.Send(sctx, channels.Delivery{ID: it.ID, Conversation: it.Conversation,
			Address: it.Address, Message: msg, Created: it.Created})
		cancel()
		if err == nil {
			g.markSent(s, it.ID)
			s.unblock(it.Conversation)
			g.cfg.Meter.Delivered(name)
			n++
			continue
		}
		if channels.IsPermanent(err) || it.Attempts+1 >= g.cfg.MaxAttempts {
			g.log.Warn("giving up on a reply", "channel", name, "id", it.ID, "attempts", it.Attempts+1)
			g.giveUp(ctx, s, it, err.Error())
			continue
		}
		wait := g.backoff(it.Attempts)
		if after, ok := channels.RetryAfter(err); ok && after > wait {
			wait = after
		}
		retryAt := g.cfg.Now().Add(wait)
		g.log.Info("reply not delivered, will retry", "channel", name, "id", it.ID,
			"attempt", it.Attempts+1, "retry_in", time.Until(retryAt).Round(time.Millisecond))
		g.cfg.Meter.Retried(name)
		if err := g.outbox.Retry(context.Background(), name, it.ID, retryAt); err != nil {
			g.log.Error("scheduling a retry failed", "channel", name, "id", it.ID, "err", err)
		}
		s.mu.Lock()
		s.blocked[it.Conversation] = it.ID
		s.mu.Unlock()
		return n, retryAt
	}
	return n, time.Time{}
}

// markSent has a sent reply recorded as delivered, after the replies sent
// before it, without waiting for the commit.
//
// Why the next reply of the conversation may go out before this record is
// durable: one flushMarks goroutine hands the records to the store in the
// order the replies were sent, a batch only after the one before it is
// committed, and a batch is one transaction. So of a conversation's
// replies, those recorded after a crash are always the first ones sent; the
// ones not recorded are the last ones sent, in order, and are still in the
// outbox. After a restart they are sent again, in their order: at worst a
// reply arrives twice, none is lost and none overtakes an unsent earlier one
// (TestCrashBetweenSendAndRecordResendsInOrder). A reply waiting for its
// retry is recorded (Retry) before the sender moves on, as before.
func (g *Gateway) markSent(s *sender, id string) {
	s.mu.Lock()
	if s.sent == nil {
		s.sent = map[string]bool{}
	}
	s.sent[id] = true
	s.marking = append(s.marking, id)
	start := !s.flushing
	if start {
		s.flushing = true
		s.markers.Add(1)
	}
	s.mu.Unlock()
	if start {
		go g.flushMarks(s)
	}
}

// flushMarks records the sent replies as delivered, batch after batch,
// until none is left. A failed record leaves its reply in the outbox: it is
// sent again (at least once).
func (g *Gateway) flushMarks(s *sender) {
	defer s.markers.Done()
	name := s.ch.Name()
	for {
		s.mu.Lock()
		ids := s.marking
		s.marking = nil
		if len(ids) == 0 {
			s.flushing = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if err := g.recordDelivered(name, ids); err != nil {
			g.log.Error("recording replies as delivered failed; they will be sent again",
				"channel", name, "replies", len(ids), "err", err)
		}
		s.mu.Lock()
		s.flushed = append(s.flushed, ids...)
		s.mu.Unlock()
		// Wake the sender: replies behind these may not have fit in its
		// last read, and failed ones must go again.
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// recordDelivered records ids as delivered, in one commit when the outbox can.
func (g *Gateway) recordDelivered(channel string, ids []string) error {
	if b, ok := g.outbox.(outboxBatch); ok {
		return b.DeliveredAll(context.Background(), channel, ids)
	}
	var errs []error
	for _, id := range ids {
		if err := g.outbox.Delivered(context.Background(), channel, id); err != nil {
			errs = append(errs, fmt.Errorf("reply %s: %w", id, err))
		}
	}
	return errors.Join(errs...)
}

func (g *Gateway) giveUp(ctx context.Context, s *sender, it store.Delivery, reason string) {
	g.cfg.Meter.GaveUp(s.ch.Name())
	if err := g.outbox.GiveUp(context.Background(), s.ch.Name(), it.ID, reason, g.cfg.Now()); err != nil {
		g.log.Error("moving a reply to the dead letters failed", "channel", s.ch.Name(), "id", it.ID, "err", err)
	}
	s.unblock(it.Conversation)
}

func (s *sender) unblock(conv string) {
	s.mu.Lock()
	delete(s.blocked, conv)
	s.mu.Unlock()
}

// backoff is the delay before retry number attempts+1: doubling, capped,
// with up to 20% jitter so many failed replies do not retry in step.
func (g *Gateway) backoff(attempts int) time.Duration {
	d := g.cfg.RetryBase
	for i := 0; i < attempts && d < g.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, g.cfg.RetryMax)
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}
