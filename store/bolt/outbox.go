package bolt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// Due returns up to limit outbox items of channel whose time has come, in
// the order they were written, leaving out those behind an earlier item of
// the same conversation that is not due yet, and the earliest time of those
// not yet due (zero when there are none). It reads only the items it
// returns (see outboxIndex).
func (d *DB) Due(channel string, now time.Time, limit int) ([]store.Delivery, time.Time, error) {
	return d.DueExcept(channel, now, limit, nil)
}

// DueExcept is Due leaving out the items for which except reports true: a
// sender's replies sent but not yet recorded as delivered. They count as
// delivered, so they hold back nothing. except is called with the index's
// lock held and must not call the store.
func (d *DB) DueExcept(channel string, now time.Time, limit int, except func(id string) bool) ([]store.Delivery, time.Time, error) {
	for {
		items, next, err := d.outbox.due(d, channel, now, limit, except)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("store: outbox: %w", err)
		}
		if len(items) == 0 {
			return nil, next, nil
		}
		out, complete, err := d.readDue(channel, items)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("store: outbox: %w", err)
		}
		if !complete {
			// Some were deleted behind the index's back (with their
			// conversation or booking); it forgot them now, so ask again
			// for a full answer.
			continue
		}
		return out, next, nil
	}
}

// readOutbox reads the items seqs of channel; found lists those that
// exist, and the index forgets the others.
func (d *DB) readOutbox(channel string, seqs []uint64) (recs []outboxRecord, found []uint64, err error) {
	var gone []uint64
	err = d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		for _, seq := range seqs {
			var v []byte
			if b != nil {
				v = b.Get(u64(seq))
			}
			if v == nil {
				gone = append(gone, seq)
				continue
			}
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("outbox item %d is corrupt: %w", seq, err)
			}
			recs = append(recs, rec)
			found = append(found, seq)
		}
		return nil
	})
	if len(gone) > 0 {
		d.outbox.removed(channel, gone...)
	}
	return recs, found, err
}

// openOutbox decrypts an outbox item's content.
func (d *DB) openOutbox(rec outboxRecord) (outboxSecret, error) {
	var sec outboxSecret
	ck, err := d.key(rec.Conversation, false)
	if err != nil {
		return sec, err
	}
	raw, err := ck.key.Open(rec.Sealed)
	if err != nil {
		return sec, err
	}
	if err := json.Unmarshal(raw, &sec); err != nil {
		return sec, err
	}
	return sec, nil
}

// Delivered removes a delivered item from the outbox (see DeliveredAll).
func (d *DB) Delivered(ctx context.Context, channel, id string) error {
	return d.DeliveredAll(ctx, channel, []string{id})
}

// DeliveredAll removes delivered items of channel from the outbox, all in
// one transaction: a sender records many replies with one commit. Items
// already gone are skipped. A scheduled item (a reminder) enters its
// conversation's transcript in the same transaction: it was not part of the
// turn that wrote it, and a citizen who was not there to receive it live
// still finds it in the history. When the batch fails, each item is tried
// alone, so one bad item does not keep the others in the outbox.
func (d *DB) DeliveredAll(ctx context.Context, channel string, ids []string) error {
	seqs := make([]uint64, 0, len(ids))
	for _, id := range ids {
		seq, err := parseID(id)
		if err != nil {
			return err
		}
		seqs = append(seqs, seq)
	}
	err := d.delivered(ctx, channel, seqs)
	if err == nil || len(seqs) == 1 || ctx.Err() != nil || errors.Is(err, store.ErrClosed) {
		return err
	}
	errs := []error{err}
	for _, seq := range seqs {
		if err := d.delivered(ctx, channel, []uint64{seq}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// delivered removes seqs in one transaction.
func (d *DB) delivered(ctx context.Context, channel string, seqs []uint64) error {
	entries, err := d.scheduledEntries(channel, seqs)
	if err != nil {
		return err
	}
	err = d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		var removed []uint64
		for _, seq := range seqs {
			if b.Get(u64(seq)) == nil {
				continue // delivered before
			}
			if err := b.Delete(u64(seq)); err != nil {
				return err
			}
			removed = append(removed, seq)
			if e, ok := entries[seq]; ok {
				if err := appendEntry(tx, e.conv, e.entry); err != nil {
					return err
				}
			}
		}
		tx.OnCommit(func() { d.outbox.removed(channel, removed...) })
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark delivered: %w", err)
	}
	return nil
}

// appendEntry adds an entry to a conversation's transcript.
func appendEntry(tx *bbolt.Tx, conv string, entry []byte) error {
	convs := tx.Bucket(bConvs)
	v := convs.Get([]byte(conv))
	if v == nil {
		return nil // the conversation was deleted meanwhile
	}
	nv, seq, err := bumpConv(v)
	if err != nil {
		return fmt.Errorf("conversation %s: %w", conv, err)
	}
	if err := tx.Bucket(bTranscript).Put(seqKey([]byte(conv), seq), entry); err != nil {
		return err
	}
	return convs.Put([]byte(conv), nv)
}

// scheduledItem is a scheduled item's transcript entry, sealed.
type scheduledItem struct {
	conv  string
	entry []byte
}

// scheduledEntries makes the transcript entries of the scheduled items
// among seqs, sealed outside the writer. The index says which items are
// scheduled; only those, and any it does not know, are read.
func (d *DB) scheduledEntries(channel string, seqs []uint64) (map[uint64]scheduledItem, error) {
	scheduled, unknown := d.outbox.kinds(channel, seqs)
	read := slices.Concat(scheduled, unknown)
	if len(read) == 0 {
		return nil, nil
	}
	recs, found, err := d.readOutbox(channel, read)
	if err != nil {
		return nil, fmt.Errorf("store: mark delivered: %w", err)
	}
	out := map[uint64]scheduledItem{}
	for i, rec := range recs {
		if !rec.Scheduled {
			continue
		}
		sec, err := d.openOutbox(rec)
		if err != nil {
			return nil, fmt.Errorf("store: mark delivered: %w", err)
		}
		ck, err := d.key(rec.Conversation, false)
		if err != nil {
			return nil, fmt.Errorf("store: mark delivered: %w", err)
		}
		sealed, err := ck.key.Seal(sec.Body)
		if err != nil {
			return nil, fmt.Errorf("store: mark delivered: %w", err)
		}
		out[found[i]] = scheduledItem{conv: rec.Conversation, entry: encodeEntry(time.Now(), store.EntryOut, sealed)}
	}
	return out, nil
}

// Retry records a failed attempt and when to try again.
func (d *DB) Retry(ctx context.Context, channel, id string, next time.Time) error {
	seq, err := parseID(id)
	if err != nil {
		return err
	}
	err = d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		v := b.Get(u64(seq))
		if v == nil {
			return nil
		}
		var rec outboxRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		rec.Attempts++
		rec.NextAt = next
		nv, _ := json.Marshal(rec)
		tx.OnCommit(func() { d.outbox.rescheduled(channel, seq, next) })
		return b.Put(u64(seq), nv)
	})
	if err != nil {
		return fmt.Errorf("store: mark retry: %w", err)
	}
	return nil
}

// deadRecord is an item given up on, kept for staff.
type deadRecord struct {
	Channel string       `json:"ch"`
	Failed  time.Time    `json:"f"`
	Item    outboxRecord `json:"i"`
	Reason  []byte       `json:"r"` // sealed: errors may quote addresses
}

// GiveUp moves an item that cannot be delivered to the dead letters.
func (d *DB) GiveUp(ctx context.Context, channel, id string, reason string, now time.Time) error {
	seq, err := parseID(id)
	if err != nil {
		return err
	}
	var conv string
	_ = d.view(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bOutbox).Bucket([]byte(channel)); b != nil {
			var rec outboxRecord
			if v := b.Get(u64(seq)); v != nil && json.Unmarshal(v, &rec) == nil {
				conv = rec.Conversation
			}
		}
		return nil
	})
	var sealedReason []byte
	if conv != "" {
		if ck, err := d.key(conv, false); err == nil {
			sealedReason, _ = ck.key.Seal([]byte(reason))
		}
	}
	err = d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		v := b.Get(u64(seq))
		if v == nil {
			return nil
		}
		var rec outboxRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		dv, _ := json.Marshal(deadRecord{Channel: channel, Failed: now, Item: rec, Reason: sealedReason})
		if err := tx.Bucket(bDead).Put(u64(seq), dv); err != nil {
			return err
		}
		tx.OnCommit(func() { d.outbox.removed(channel, seq) })
		return b.Delete(u64(seq))
	})
	if err != nil {
		return fmt.Errorf("store: give up: %w", err)
	}
	return nil
}

func bytesU64(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}
