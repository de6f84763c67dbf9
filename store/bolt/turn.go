package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// convRecord is a conversation as stored: indexes in plaintext, the rest sealed.
type convRecord struct {
	Channel string     `json:"ch"`
	Created time.Time  `json:"c"`
	Updated time.Time  `json:"u"`
	Meta    store.Meta `json:"m"`
	LastSeq uint64     `json:"n"`
	Sealed  []byte     `json:"s"` // sealed convSecret
}

// convSecret is the sealed part of a conversation.
type convSecret struct {
	Address string `json:"a"`
	State   []byte `json:"s"`
}

// outboxRecord is an outbox item as stored.
type outboxRecord struct {
	Conversation string    `json:"cv"`
	Attempts     int       `json:"n,omitempty"`
	Created      time.Time `json:"c"`
	NextAt       time.Time `json:"t"`
	Sealed       []byte    `json:"s"` // sealed outboxSecret
	// Scheduled marks an item written for later (OutboxItem.At): it holds
	// back no later item of its conversation while it waits.
	Scheduled bool `json:"at,omitempty"`
}

type outboxSecret struct {
	Address string `json:"a"`
	Body    []byte `json:"b"`
}

// caseRecord is a case as stored.
type caseRecord struct {
	Service      string    `json:"sv"`
	Status       string    `json:"st"`
	Conversation string    `json:"cv"`
	Created      time.Time `json:"c"`
	Sealed       []byte    `json:"s"` // sealed answers
	Department   string    `json:"dp,omitempty"`
	SealedReview []byte    `json:"rv,omitempty"` // sealed: a review note may name things
	SecretMAC    []byte    `json:"sm,omitempty"` // HMAC of the access code
}

// CommitTurn stores a turn in one transaction shared with other turns
// waiting at the same time, and returns after it is durable.
func (d *DB) CommitTurn(ctx context.Context, t store.Turn) (store.TurnResult, error) {
	if t.Conversation == "" || t.Channel == "" {
		return store.TurnResult{}, fmt.Errorf("store: turn without conversation or channel")
	}
	if d.closed.Load() {
		return store.TurnResult{}, store.ErrClosed
	}
	ck, err := d.key(t.Conversation, true)
	if err != nil {
		return store.TurnResult{}, err
	}
	// Seal everything outside the writer, so the single writer only writes.
	seal := ck.key.Seal
	secret, err := json.Marshal(convSecret{Address: t.Address, State: t.State})
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: %w", err)
	}
	sealedConv, err := seal(secret)
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: %w", err)
	}
	entries := make([][]byte, len(t.Entries))
	for i, e := range t.Entries {
		s, err := seal(e.Body)
		if err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
		at := e.Time
		if at.IsZero() {
			at = t.Time
		}
		entries[i] = encodeEntry(at, e.Kind, s)
	}
	outbox := make([]outboxRecord, len(t.Outbox))
	for i, o := range t.Outbox {
		raw, _ := json.Marshal(outboxSecret{Address: o.Address, Body: o.Body})
		s, err := seal(raw)
		if err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
		outbox[i] = outboxRecord{Conversation: t.Conversation, Created: t.Time, NextAt: t.Time, Sealed: s}
		if !o.At.IsZero() {
			outbox[i].NextAt, outbox[i].Scheduled = o.At, true
		}
	}
	bookings, err := d.prepareBookings(t, seal)
	if err != nil {
		return store.TurnResult{}, err
	}
	cases := make([]caseRecord, len(t.Cases))
	for i, c := range t.Cases {
		s, err := seal(c.Answers)
		if err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
		cases[i] = caseRecord{Service: c.Service, Status: c.Status, Conversation: t.Conversation, Created: c.Created, Sealed: s,
			Department: c.Department}
		if c.Review != "" {
			if cases[i].SealedReview, err = seal([]byte(c.Review)); err != nil {
				return store.TurnResult{}, fmt.Errorf("store: %w", err)
			}
		}
		if c.Secret != "" {
			cases[i].SecretMAC = d.CaseSecretMAC(c.Ref, c.Secret)
		}
	}
	amends, err := sealAmendments(t.Amendments, seal)
	if err != nil {
		return store.TurnResult{}, err
	}
	var dedupe, endpoint []byte
	if t.DedupeKey != "" {
		dedupe = d.mac("msg", t.DedupeKey)
	}
	if t.Bind {
		endpoint = d.mac("ep", t.Channel, t.Address)
	}
	wrapped, keySaved := ck.wrapped, ck.saved

	var res store.TurnResult
	err = d.w.do(ctx, func(tx *bbolt.Tx) error {
		res = store.TurnResult{}
		if dedupe != nil {
			if tx.Bucket(bDedupe).Get(dedupe) != nil {
				res.Duplicate = true
				return nil
			}
			if err := tx.Bucket(bDedupe).Put(dedupe, dedupeValue(t.Conversation, t.Time)); err != nil {
				return err
			}
		}
		id := []byte(t.Conversation)
		if !keySaved && tx.Bucket(bKeys).Get(id) == nil {
			if err := tx.Bucket(bKeys).Put(id, wrapped); err != nil {
				return err
			}
		}
		convs := tx.Bucket(bConvs)
		var rec convRecord
		if v := convs.Get(id); v != nil {
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("conversation record is corrupt: %w", err)
			}
		} else {
			rec.Created = t.Time
		}
		rec.Channel, rec.Updated, rec.Meta, rec.Sealed = t.Channel, t.Time, t.Meta, sealedConv
		if endpoint != nil {
			if err := tx.Bucket(bEndpoints).Put(endpoint, id); err != nil {
				return err
			}
		}
		tr := tx.Bucket(bTranscript)
		for _, e := range entries {
			rec.LastSeq++
			if err := tr.Put(seqKey(id, rec.LastSeq), e); err != nil {
				return err
			}
		}
		for i, o := range outbox {
			b, err := tx.Bucket(bOutbox).CreateBucketIfNotExists([]byte(t.Outbox[i].Channel))
			if err != nil {
				return err
			}
			seq, err := tx.Bucket(bOutbox).NextSequence()
			if err != nil {
				return err
			}
			v, _ := json.Marshal(o)
			if err := b.Put(u64(seq), v); err != nil {
				return err
			}
			res.OutboxIDs = append(res.OutboxIDs, formatID(seq))
		}
		// After the replies, so a reminder never comes before its confirmation.
		if err := applyBookings(tx, t.Conversation, t.Time, bookings); err != nil {
			return err
		}
		for i, c := range cases {
			ref := []byte(t.Cases[i].Ref)
			if tx.Bucket(bCases).Get(ref) != nil {
				return fmt.Errorf("case reference %s exists already", ref)
			}
			v, _ := json.Marshal(c)
			if err := tx.Bucket(bCases).Put(ref, v); err != nil {
				return err
			}
		}
		for _, a := range amends {
			ch, err := applyAmendment(tx, t.Conversation, a)
			if err != nil {
				return err
			}
			res.Amended = append(res.Amended, ch)
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return convs.Put(id, v)
	})
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: commit turn: %w", err)
	}
	if !keySaved {
		d.keys.markSaved(t.Conversation)
	}
	return res, nil
}

func encodeEntry(t time.Time, kind string, sealed []byte) []byte {
	b := make([]byte, 9, 9+len(sealed))
	binary.BigEndian.PutUint64(b, uint64(t.UnixNano()))
	b[8] = kind[0]
	return append(b, sealed...)
}

func dedupeValue(conv string, t time.Time) []byte {
	b := make([]byte, 8, 8+len(conv))
	binary.BigEndian.PutUint64(b, uint64(t.Unix()))
	return append(b, conv...)
}

func seqKey(id []byte, seq uint64) []byte {
	k := make([]byte, 0, len(id)+9)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

func u64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func formatID(seq uint64) string { return fmt.Sprintf("%016x", seq) }

func parseID(id string) (uint64, error) {
	var n uint64
	if _, err := fmt.Sscanf(id, "%016x", &n); err != nil || len(id) != 16 {
		return 0, fmt.Errorf("store: bad outbox id %q", id)
	}
	return n, nil
}
