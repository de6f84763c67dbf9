package bolt

import (
	"container/heap"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// outboxIndex is what the store knows in memory about the outbox: each
// item's channel, conversation, due time and kind, and the content only of
// the replies this process wrote (outbox_plain.go). With it Due reads only
// the items it returns, instead of the channel's whole bucket.
//
// It learns new items lazily. Every item written to the outbox takes its key
// from the outbox bucket's sequence (CommitTurn, a booking's reminder), so
// before answering, Due reads the items above the highest sequence it has
// seen: one cursor seek per channel. Items CommitTurn writes reach it
// directly when their commit succeeds (written, outbox_plain.go), so the
// seek skips them unread. The changes made in outbox.go (Retry,
// Delivered, GiveUp) reach it when their transaction commits (tx.OnCommit).
// Items deleted elsewhere (a booking's reminder dropped, a conversation
// deleted) stay in it until Due finds them gone from the file; they could
// only hold back items of their own conversation, and those went with them.
//
// Lock order: mu before DB.mu (catchUp reads the file holding mu, so that a
// commit's hook, which waits for mu, always lands after a read of an older
// file state).
type outboxIndex struct {
	mu    sync.Mutex
	seen  uint64 // the outbox sequence read up to
	chans map[string]*chanIndex
	// plainBytes is what the items' plain contents hold (outbox_plain.go),
	// at most maxPlainBytes.
	plainBytes int
}

// outboxEntry is one outbox item as the index knows it.
type outboxEntry struct {
	conv      string
	at        time.Time // when it is due (NextAt)
	scheduled bool
	ready     bool       // its time came: it is in chanIndex.ready, not waiting
	plain     *plainItem // its content, when this process wrote it (outbox_plain.go)
}

// chanIndex is one channel's part of the index.
type chanIndex struct {
	items map[uint64]*outboxEntry
	// ready holds the items whose time came, by sequence (write order).
	// It may hold sequences no longer ready (delivered, retried): they are
	// dropped when Due passes them. unsorted is set when an older sequence
	// was appended; Due sorts before reading.
	ready    []uint64
	unsorted bool
	// waiting holds the items not yet due, earliest first; an entry whose
	// item is gone, ready or rescheduled is stale and skipped.
	waiting waitHeap
	// holds lists, per conversation, its waiting items that are not
	// scheduled: each holds back the later items of its conversation.
	holds map[string][]uint64
}

// outboxMeta is the plaintext part of an outboxRecord, all the index reads.
type outboxMeta struct {
	Conversation string    `json:"cv"`
	NextAt       time.Time `json:"t"`
	Scheduled    bool      `json:"at,omitempty"`
}

// due returns, in write order, the sequences of up to limit items of channel
// that are due at now and not held back by an earlier item of their
// conversation waiting for its retry, leaving out those skip names; and the
// earliest time an item not yet due is due (zero when none waits). Each
// item comes with what the index knows of it, its content too when it holds it.
func (x *outboxIndex) due(d *DB, channel string, now time.Time, limit int, skip func(id string) bool) ([]dueItem, time.Time, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.catchUp(d); err != nil {
		return nil, time.Time{}, err
	}
	ci := x.chans[channel]
	if ci == nil {
		return nil, time.Time{}, nil
	}
	seqs, next := ci.due(now, limit, skip)
	out := make([]dueItem, len(seqs))
	for i, seq := range seqs {
		e := ci.items[seq]
		out[i] = dueItem{seq: seq, conv: e.conv, at: e.at, plain: e.plain}
	}
	return out, next, nil
}

// catchUp reads the items written since the last call.
func (x *outboxIndex) catchUp(d *DB) error {
	return d.view(func(tx *bbolt.Tx) error {
		ob := tx.Bucket(bOutbox)
		top := ob.Sequence()
		if top <= x.seen {
			return nil
		}
		from := u64(x.seen + 1)
		err := ob.ForEachBucket(func(name []byte) error {
			ci := x.chans[string(name)]
			c := ob.Bucket(name).Cursor()
			for k, v := c.Seek(from); k != nil; k, v = c.Next() {
				if ci != nil && ci.items[bytesU64(k)] != nil {
					continue // written by this process: known from its commit
				}
				var m outboxMeta
				if err := json.Unmarshal(v, &m); err != nil {
					// Left out, so that it holds up no other reply.
					d.log.Error("an outbox item is corrupt; it is not delivered",
						"channel", string(name), "item", bytesU64(k), "err", err)
					continue
				}
				if ci == nil {
					ci = x.channel(string(name))
				}
				ci.put(bytesU64(k), &outboxEntry{conv: m.Conversation, at: m.NextAt, scheduled: m.Scheduled})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("reading new outbox items: %w", err)
		}
		x.seen = top
		return nil
	})
}

func (x *outboxIndex) channel(name string) *chanIndex {
	if x.chans == nil {
		x.chans = map[string]*chanIndex{}
	}
	ci := x.chans[name]
	if ci == nil {
		ci = &chanIndex{items: map[uint64]*outboxEntry{}, holds: map[string][]uint64{}}
		x.chans[name] = ci
	}
	return ci
}

// removed forgets items deleted from the outbox.
func (x *outboxIndex) removed(channel string, seqs ...uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if ci := x.chans[channel]; ci != nil {
		for _, seq := range seqs {
			x.plainBytes -= ci.remove(seq)
		}
	}
}

// rescheduled records an item's retry time. An item not known yet is read
// with its new time by the next catchUp.
func (x *outboxIndex) rescheduled(channel string, seq uint64, at time.Time) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if ci := x.chans[channel]; ci != nil {
		if e := ci.items[seq]; e != nil {
			// Its attempts changed: Due reads it from the file from now on.
			x.plainBytes -= e.plain.size()
			e.plain = nil
			ci.unhold(seq, e)
			e.at = at
			ci.wait(seq, e)
		}
	}
}

// kinds tells which of seqs are scheduled items; unknown lists those the
// index does not know (not read yet, or gone).
func (x *outboxIndex) kinds(channel string, seqs []uint64) (scheduled, unknown []uint64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	ci := x.chans[channel]
	for _, seq := range seqs {
		var e *outboxEntry
		if ci != nil {
			e = ci.items[seq]
		}
		switch {
		case e == nil:
			unknown = append(unknown, seq)
		case e.scheduled:
			scheduled = append(scheduled, seq)
		}
	}
	return scheduled, unknown
}

func (ci *chanIndex) put(seq uint64, e *outboxEntry) {
	if ci.items[seq] != nil {
		return // known already
	}
	ci.items[seq] = e
	ci.wait(seq, e)
}

// wait puts an item among the waiting ones; Due moves it to ready when its
// time comes.
func (ci *chanIndex) wait(seq uint64, e *outboxEntry) {
	e.ready = false
	heap.Push(&ci.waiting, waitEntry{at: e.at, seq: seq})
	if !e.scheduled {
		ci.holds[e.conv] = append(ci.holds[e.conv], seq)
	}
}

// unhold takes a waiting item out of its conversation's holds.
func (ci *chanIndex) unhold(seq uint64, e *outboxEntry) {
	if e.ready || e.scheduled {
		return
	}
	list := ci.holds[e.conv]
	if i := slices.Index(list, seq); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	if len(list) == 0 {
		delete(ci.holds, e.conv)
	} else {
		ci.holds[e.conv] = list
	}
}

// remove forgets an item and returns the bytes of plain content it held.
func (ci *chanIndex) remove(seq uint64) int {
	e := ci.items[seq]
	if e == nil {
		return 0
	}
	ci.unhold(seq, e)
	delete(ci.items, seq)
	return e.plain.size()
}

func (ci *chanIndex) makeReady(seq uint64, e *outboxEntry) {
	ci.unhold(seq, e)
	e.ready = true
	if n := len(ci.ready); n > 0 && ci.ready[n-1] >= seq {
		ci.unsorted = true
	}
	ci.ready = append(ci.ready, seq)
}

// heldBefore reports whether an item of conv older than seq waits for its retry.
func (ci *chanIndex) heldBefore(conv string, seq uint64) bool {
	for _, h := range ci.holds[conv] {
		if h < seq {
			return true
		}
	}
	return false
}

// due moves the items whose time came to ready, then reads ready in order.
// It returns what is due and the earliest time of an item not due yet.
func (ci *chanIndex) due(now time.Time, limit int, skip func(id string) bool) ([]uint64, time.Time) {
	for len(ci.waiting) > 0 {
		top := ci.waiting[0]
		e := ci.items[top.seq]
		current := e != nil && !e.ready && e.at.Equal(top.at)
		if current && top.at.After(now) {
			break
		}
		heap.Pop(&ci.waiting)
		if current {
			ci.makeReady(top.seq, e)
		}
	}
	if ci.unsorted {
		slices.Sort(ci.ready)
		ci.ready = slices.Compact(ci.ready)
		ci.unsorted = false
	}
	var next time.Time
	if len(ci.waiting) > 0 {
		next = ci.waiting[0].at // current: stale entries were popped above
	}
	var out []uint64
	var late map[string]bool
	w, i := 0, 0
	for ; i < len(ci.ready) && len(out) < limit; i++ {
		seq := ci.ready[i]
		e := ci.items[seq]
		if e == nil || !e.ready {
			continue // delivered, given up or retried: drop it from ready
		}
		ci.ready[w] = seq
		w++
		if e.at.After(now) {
			// Ready for a later now than this one (a caller's clock went
			// back): not due, and it holds back its conversation as a
			// waiting item would.
			if !e.scheduled {
				if late == nil {
					late = map[string]bool{}
				}
				late[e.conv] = true
			}
			if next.IsZero() || e.at.Before(next) {
				next = e.at
			}
			continue
		}
		if late[e.conv] || ci.heldBefore(e.conv, seq) || (skip != nil && skip(formatID(seq))) {
			continue
		}
		out = append(out, seq)
	}
	w += copy(ci.ready[w:], ci.ready[i:])
	clear(ci.ready[w:])
	ci.ready = ci.ready[:w]
	return out, next
}

// waitEntry is an item waiting for its time.
type waitEntry struct {
	at  time.Time
	seq uint64
}

// waitHeap orders waiting items by time (container/heap).
type waitHeap []waitEntry

func (h waitHeap) Len() int { return len(h) }
func (h waitHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h waitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *waitHeap) Push(x any)   { *h = append(*h, x.(waitEntry)) }
func (h *waitHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
