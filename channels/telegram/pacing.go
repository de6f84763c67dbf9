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

// pacer spaces outgoing messages: at most perSecond a second over all chats
// and at least chatInterval between two messages to one chat. Every Send
// (the outbox calls it from several goroutines) and every direct notice
// waits here for its slot. A chat waits for its own slot first and only
// then takes an overall slot, so a busy chat never holds up the others.
type pacer struct {
	every     time.Duration // between two messages overall
	chatEvery time.Duration // between two messages to one chat

	mu    sync.Mutex
	next  time.Time // earliest free overall slot
	chats map[int64]*chatPace
}

// chatPace is one chat's pacing; turn lets one message of the chat wait
// for its slot at a time.
type chatPace struct {
	next  time.Time
	turn  chan struct{}
	users int
}

func newPacer(perSecond int, chatInterval time.Duration) *pacer {
	return &pacer{
		every:     time.Duration(float64(time.Second) / float64(perSecond) * pacingMargin),
		chatEvery: time.Duration(float64(chatInterval) * pacingMargin),
		chats:     map[int64]*chatPace{},
	}
}

// wait blocks until chat may be sent the next message, or ctx ends. A slot
// taken and then not used (ctx ended) is simply lost.
func (p *pacer) wait(ctx context.Context, chat int64) error {
	cp := p.enter(chat)
	defer p.leave(cp)
	select {
	case cp.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-cp.turn }()
	for {
		p.mu.Lock()
		d := time.Until(cp.next)
		p.mu.Unlock()
		if d <= 0 {
			break
		}
		if !sleep(ctx, d) {
			return ctx.Err()
		}
		// a 429 may have moved the chat's slot meanwhile: look again
	}
	p.mu.Lock()
	slot := time.Now()
	if p.next.After(slot) {
		slot = p.next
	}
	p.next = slot.Add(p.every)
	cp.next = slot.Add(p.chatEvery)
	p.mu.Unlock()
	if d := time.Until(slot); d > 0 && !sleep(ctx, d) {
		return ctx.Err()
	}
	return nil
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
