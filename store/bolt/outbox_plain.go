package bolt

import (
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// maxPlainBytes bounds the reply contents the outbox index holds in memory.
// Past it, new items are not held and Due decrypts them from the file.
var maxPlainBytes = 32 << 20 // a variable for tests

// plainItem is the content of an outbox item this process wrote, kept from
// its commit until it is delivered, given up or retried, so that Due need
// not read and decrypt what was just sealed. It lives only in memory; the
// file holds the item sealed, as always.
type plainItem struct {
	address string
	body    []byte
	decoded any // store.OutboxItem.Decoded
	created time.Time
}

// size is what a plainItem holds, roughly; 0 for none.
func (p *plainItem) size() int {
	if p == nil {
		return 0
	}
	n := 64 + len(p.address) + len(p.body)
	if p.decoded != nil {
		n += len(p.body) // the decoded form, about as large
	}
	return n
}

// writtenItem is an outbox item as CommitTurn wrote it.
type writtenItem struct {
	channel string
	seq     uint64
	conv    string
	at      time.Time
	sched   bool
	plain   *plainItem // nil for a scheduled item: it waits, maybe for days
}

// dueItem is an item Due returns, as the index knows it.
type dueItem struct {
	seq   uint64
	conv  string
	at    time.Time
	plain *plainItem
}

// written enters items committed by this process, with their content while
// the cap allows. It runs in the commit's hook, so before any later write
// (Retry, Delivered, GiveUp) of those items can commit.
func (x *outboxIndex) written(items []writtenItem) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, it := range items {
		ci := x.channel(it.channel)
		p := it.plain
		if x.plainBytes+p.size() > maxPlainBytes {
			p = nil
		}
		e := ci.items[it.seq]
		switch {
		case e == nil:
			ci.put(it.seq, &outboxEntry{conv: it.conv, at: it.at, scheduled: it.sched, plain: p})
		case e.plain == nil:
			e.plain = p // read by catchUp meanwhile
		default:
			p = nil
		}
		x.plainBytes += p.size()
	}
}

// readDue makes the deliveries of items. Those the index holds in plain are
// only checked to be still in the file; the others are read and decrypted.
// When some are gone (deleted with their conversation or booking) the index
// forgets them and complete is false.
func (d *DB) readDue(channel string, items []dueItem) (out []store.Delivery, complete bool, err error) {
	recs := make([]outboxRecord, len(items))
	var gone []uint64
	err = d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		for i, it := range items {
			var v []byte
			if b != nil {
				v = b.Get(u64(it.seq))
			}
			switch {
			case v == nil:
				gone = append(gone, it.seq)
			case it.plain == nil:
				if err := json.Unmarshal(v, &recs[i]); err != nil {
					return fmt.Errorf("outbox item %d is corrupt: %w", it.seq, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if len(gone) > 0 {
		d.outbox.removed(channel, gone...)
		return nil, false, nil
	}
	out = make([]store.Delivery, len(items))
	for i, it := range items {
		if p := it.plain; p != nil {
			out[i] = store.Delivery{ID: formatID(it.seq), Channel: channel, Conversation: it.conv,
				Address: p.address, Body: p.body, Decoded: p.decoded, Created: p.created, NextAt: it.at}
			continue
		}
		rec := recs[i]
		sec, err := d.openOutbox(rec)
		if err != nil {
			return nil, false, fmt.Errorf("outbox %d: %w", it.seq, err)
		}
		out[i] = store.Delivery{ID: formatID(it.seq), Channel: channel, Conversation: rec.Conversation,
			Address: sec.Address, Body: sec.Body, Attempts: rec.Attempts, Created: rec.Created, NextAt: rec.NextAt}
	}
	return out, true, nil
}
