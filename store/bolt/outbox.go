package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// Due returns up to limit outbox items of channel whose time has come, in
// the order they were written, leaving out those behind an earlier item of
// the same conversation that is not due yet, and the earliest time of those
// not yet due (zero when there are none).
func (d *DB) Due(channel string, now time.Time, limit int) ([]store.Delivery, time.Time, error) {
	type row struct {
		seq uint64
		rec outboxRecord
	}
	var rows []row
	var next time.Time
	err := d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil {
			return nil
		}
		// Items are in write order. Once one of a conversation waits for
		// its retry, its later ones wait too: a reply never overtakes an
		// earlier one, also after a restart.
		held := map[string]bool{}
		return b.ForEach(func(k, v []byte) error {
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("outbox item %x is corrupt: %w", k, err)
			}
			if rec.NextAt.After(now) {
				// A scheduled item (a reminder) waits alone.
				held[rec.Conversation] = held[rec.Conversation] || !rec.Scheduled
				if next.IsZero() || rec.NextAt.Before(next) {
					next = rec.NextAt
				}
				return nil
			}
			if held[rec.Conversation] {
				return nil
			}
			if len(rows) < limit {
				rows = append(rows, row{seq: bytesU64(k), rec: rec})
			}
			return nil
		})
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: outbox: %w", err)
	}
	out := make([]store.Delivery, 0, len(rows))
	for _, r := range rows {
		ck, err := d.key(r.rec.Conversation, false)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("store: outbox %d: %w", r.seq, err)
		}
		raw, err := ck.key.Open(r.rec.Sealed)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("store: outbox %d: %w", r.seq, err)
		}
		var sec outboxSecret
		if err := json.Unmarshal(raw, &sec); err != nil {
			return nil, time.Time{}, fmt.Errorf("store: outbox %d: %w", r.seq, err)
		}
		out = append(out, store.Delivery{ID: formatID(r.seq), Channel: channel, Conversation: r.rec.Conversation,
			Address: sec.Address, Body: sec.Body, Attempts: r.rec.Attempts, Created: r.rec.Created, NextAt: r.rec.NextAt})
	}
	return out, next, nil
}

// Delivered removes a delivered item from the outbox. A scheduled item (a
// reminder) enters the conversation's transcript now, in the same
// transaction: it was not part of the turn that wrote it, and a citizen who
// was not there to receive it live still finds it in the history.
func (d *DB) Delivered(ctx context.Context, channel, id string) error {
	seq, err := parseID(id)
	if err != nil {
		return err
	}
	entry, conv, err := d.scheduledEntry(channel, seq)
	if err != nil {
		return err
	}
	err = d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bOutbox).Bucket([]byte(channel))
		if b == nil || b.Get(u64(seq)) == nil {
			return nil // delivered before
		}
		if err := b.Delete(u64(seq)); err != nil {
			return err
		}
		if entry == nil {
			return nil
		}
		convs := tx.Bucket(bConvs)
		v := convs.Get([]byte(conv))
		if v == nil {
			return nil // the conversation was deleted meanwhile
		}
		var rec convRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return err
		}
		rec.LastSeq++
		if err := tx.Bucket(bTranscript).Put(seqKey([]byte(conv), rec.LastSeq), entry); err != nil {
			return err
		}
		nv, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return convs.Put([]byte(conv), nv)
	})
	if err != nil {
		return fmt.Errorf("store: mark delivered: %w", err)
	}
	return nil
}

// scheduledEntry makes the transcript entry of a scheduled outbox item
// (nil for any other item), sealed outside the writer.
func (d *DB) scheduledEntry(channel string, seq uint64) ([]byte, string, error) {
	var rec outboxRecord
	var found bool
	err := d.view(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bOutbox).Bucket([]byte(channel)); b != nil {
			if v := b.Get(u64(seq)); v != nil {
				found = true
				return json.Unmarshal(v, &rec)
			}
		}
		return nil
	})
	if err != nil || !found || !rec.Scheduled {
		return nil, "", err
	}
	ck, err := d.key(rec.Conversation, false)
	if err != nil {
		return nil, "", fmt.Errorf("store: mark delivered: %w", err)
	}
	raw, err := ck.key.Open(rec.Sealed)
	if err != nil {
		return nil, "", fmt.Errorf("store: mark delivered: %w", err)
	}
	var sec outboxSecret
	if err := json.Unmarshal(raw, &sec); err != nil {
		return nil, "", fmt.Errorf("store: mark delivered: %w", err)
	}
	sealed, err := ck.key.Seal(sec.Body)
	if err != nil {
		return nil, "", fmt.Errorf("store: mark delivered: %w", err)
	}
	return encodeEntry(time.Now(), store.EntryOut, sealed), rec.Conversation, nil
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
