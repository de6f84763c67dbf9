package telegram

import (
	"context"
	"sync"
	"time"
)

// pacingMargin widens both spacings by 5%, so that the jitter between
// leaving here and arriving at Telegram does not push the rate over the
// limits as Telegram measures them.
const pacingMargin = 21.0 / 20.0

// pruneAbove is how many chats the pacer remembers before it forgets the
// idle ones.
const pruneAbove = 256

// inFlight marks a slot whose message has not been answered yet.
var inFlight = time.Unix(1<<62, 0)

// pacer spaces outgoing messages: fewer than perSecond a second over all
// chats and at least chatInterval between two messages to one chat, as
// Telegram receives them. Both are counted from when a request was
// answered (so it has arrived), not from when it left: a busy machine that
// wakes senders late cannot clump them. Every Send and every direct notice
// waits here; a chat waits for its own turn first and only then takes one
// of the overall slots, so a busy chat never holds up the others.
type pacer struct {
	chatEvery time.Duration // between two messages to one chat
	span      time.Duration // how long an overall slot rests after use

	mu    sync.Mutex
	chats map[int64]*chatPace
	slots []time.Time // when each overall slot is free again
}

// chatPace is one chat's pacing; turn lets one message of the chat wait
// or travel at a time.
type chatPace struct {
	next  time.Time
	turn  chan struct{}
	users int
}

func newPacer(perSecond int, chatInterval time.Duration) *pacer {
	return &pacer{
		chatEvery: time.Duration(float64(chatInterval) * pacingMargin),
		span:      time.Duration(float64(time.Second) * pacingMargin),
		chats:     map[int64]*chatPace{},
		slots:     make([]time.Time, max(1, perSecond-1)), // one below the limit
	}
}

// wait blocks until chat may be sent the next message, or ctx ends. The
// caller must call done once Telegram has answered (or the call failed).
func (p *pacer) wait(ctx context.Context, chat int64) (done func(), err error) {
	cp := p.enter(chat)
	select {
	case cp.turn <- struct{}{}:
	case <-ctx.Done():
		p.leave(cp)
		return nil, ctx.Err()
	}
	abort := func() {
		<-cp.turn
		p.leave(cp)
	}
	for { // the chat's own interval; a 429 may move it meanwhile
		p.mu.Lock()
		d := time.Until(cp.next)
		p.mu.Unlock()
		if d <= 0 {
			break
		}
		if !sleep(ctx, d) {
			abort()
			return nil, ctx.Err()
		}
	}
	slot := -1
	for slot < 0 {
		p.mu.Lock()
		now, best := time.Now(), 0
		for i, t := range p.slots {
			if t.Before(p.slots[best]) {
				best = i
			}
		}
		if !p.slots[best].After(now) {
			slot = best
			p.slots[best] = inFlight
		}
		wait := min(p.slots[best].Sub(now), 50*time.Millisecond) // in-flight slots free up any time
		p.mu.Unlock()
		if slot < 0 && !sleep(ctx, wait) {
			abort()
			return nil, ctx.Err()
		}
	}
	return func() {
		p.mu.Lock()
		now := time.Now()
		p.slots[slot] = now.Add(p.span)
		if n := now.Add(p.chatEvery); n.After(cp.next) {
			cp.next = n
		}
		p.mu.Unlock()
		abort()
	}, nil
}

// pause keeps chat silent for d (Telegram's retry_after).
func (p *pacer) pause(chat int64, d time.Duration) {
	cp := p.enter(chat)
	p.mu.Lock()
	if until := time.Now().Add(d); until.After(cp.next) {
		cp.next = until
	}
	p.mu.Unlock()
	p.leave(cp)
}

// enter returns chat's pacing, counting the caller as a user.
func (p *pacer) enter(chat int64) *chatPace {
	p.mu.Lock()
	defer p.mu.Unlock()
	cp := p.chats[chat]
	if cp == nil {
		if len(p.chats) >= pruneAbove {
			p.prune()
		}
		cp = &chatPace{turn: make(chan struct{}, 1)}
		p.chats[chat] = cp
	}
	cp.users++
	return cp
}

func (p *pacer) leave(cp *chatPace) {
	p.mu.Lock()
	cp.users--
	p.mu.Unlock()
}

// prune forgets chats nobody waits for whose slot has passed; p.mu is held.
func (p *pacer) prune() {
	now := time.Now()
	for id, cp := range p.chats {
		if cp.users == 0 && !cp.next.After(now) {
			delete(p.chats, id)
		}
	}
}
