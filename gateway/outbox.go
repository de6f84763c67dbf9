package gateway

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"sync"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// sender delivers one channel's outbox; it is owned by Run.
type sender struct {
	ch          channels.Sender
	wake        chan struct{}
	concurrency int

	mu      sync.Mutex
	blocked map[string]string // conversation → id of its reply waiting for a retry
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
	for ctx.Err() == nil {
		items, next, err := g.outbox.Due(name, g.cfg.Now(), dueBatch)
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
		var msg channels.Outbound
		if err := json.Unmarshal(it.Body, &msg); err != nil {
			g.giveUp(ctx, s, it, "unreadable reply: "+err.Error())
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		err := s.ch.Send(sctx, channels.Delivery{ID: it.ID, Conversation: it.Conversation,
			Address: it.Address, Message: msg, Created: it.Created})
		cancel()
		if err == nil {
			if err := g.outbox.Delivered(context.Background(), name, it.ID); err != nil {
				g.log.Error("marking a reply delivered failed", "channel", name, "id", it.ID, "err", err)
			}
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
