package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
	"amtsbote/store/seal"
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

// convSecret is the sealed part of a conversation (shared with the other
// stores: package store/seal).
type convSecret = seal.ConvSecret

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

// outboxSecret is the sealed part of an outbox item (store/seal).
type outboxSecret = seal.OutboxSecret

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
	outbox := make([][]byte, len(t.Outbox))
	written := make([]writtenItem, len(t.Outbox)) // for the outbox index, seq set in the writer
	for i, o := range t.Outbox {
		raw, _ := json.Marshal(outboxSecret{Address: o.Address, Body: o.Body})
		s, err := seal(raw)
		if err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
		rec := outboxRecord{Conversation: t.Conversation, Created: t.Time, NextAt: t.Time, Sealed: s}
		written[i] = writtenItem{channel: o.Channel, conv: t.Conversation, at: t.Time}
		if !o.At.IsZero() {
			rec.NextAt, rec.Scheduled = o.At, true
			written[i].at, written[i].sched = o.At, true
		} else {
			written[i].plain = &plainItem{address: o.Address, body: bytes.Clone(o.Body), decoded: o.Decoded, created: t.Time}
		}
		if outbox[i], err = json.Marshal(rec); err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
	}
	bookings, err := d.prepareBookings(t, seal)
	if err != nil {
		return store.TurnResult{}, err
	}
	cases := make([]caseRecord, len(t.Cases))
	for i, c := range t.Cases {
		raw, err := json.Marshal(c.Answers)
		if err != nil {
			return store.TurnResult{}, fmt.Errorf("store: case %s: encode answers: %w", c.Ref, err)
		}
		s, err := seal(raw)
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
	// The record is written whole here; the writer only sets LastSeq and
	// Created, which depend on what is stored (convrecord.go).
	conv := encodeConv(&convRecord{Channel: t.Channel, Updated: t.Time, Meta: t.Meta, Sealed: sealedConv})

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
		lastSeq, created := uint64(0), t.Time
		if v := convs.Get(id); v != nil {
			var err error
			if lastSeq, created, err = convHeader(v); err != nil {
				return fmt.Errorf("conversation %s: %w", id, err)
			}
		}
		if endpoint != nil {
			if err := tx.Bucket(bEndpoints).Put(endpoint, id); err != nil {
				return err
			}
		}
		tr := tx.Bucket(bTranscript)
		for _, e := range entries {
			lastSeq++
			if err := tr.Put(seqKey(id, lastSeq), e); err != nil {
				return err
			}
		}
		for i, v := range outbox {
			b, err := tx.Bucket(bOutbox).CreateBucketIfNotExists([]byte(t.Outbox[i].Channel))
			if err != nil {
				return err
			}
			seq, err := tx.Bucket(bOutbox).NextSequence()
			if err != nil {
				return err
			}
			if err := b.Put(u64(seq), v); err != nil {
				return err
			}
			res.OutboxIDs = append(res.OutboxIDs, formatID(seq))
			written[i].seq = seq
		}
		if len(written) > 0 {
			// The index learns the items, with their content, when they
			// commit: Due need not decrypt them (outbox_plain.go).
			items := slices.Clone(written)
			tx.OnCommit(func() { d.outbox.written(items) })
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
		setConvHeader(conv, lastSeq, created)
		return convs.Put(id, conv)
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
