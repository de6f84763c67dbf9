package bolt

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
)

// Lookup returns the conversation bound to (channel, address).
func (d *DB) Lookup(channel, address string) (string, error) {
	k := d.mac("ep", channel, address)
	var id string
	err := d.view(func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bEndpoints).Get(k); v != nil {
			id = string(v)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: lookup: %w", err)
	}
	if id == "" {
		return "", store.ErrNotFound
	}
	return id, nil
}

// Seen reports whether a turn with this dedupe key was committed.
func (d *DB) Seen(dedupeKey string) (bool, error) {
	k := d.mac("msg", dedupeKey)
	var seen bool
	err := d.view(func(tx *bbolt.Tx) error {
		seen = tx.Bucket(bDedupe).Get(k) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: seen: %w", err)
	}
	return seen, nil
}

// convRecordOf reads a conversation's stored record; ErrNotFound when
// there is none.
func (d *DB) convRecordOf(id string) (convRecord, error) {
	var rec convRecord
	found := false
	err := d.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bConvs).Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		var err error
		rec, err = decodeConv(v)
		return err
	})
	if err != nil {
		return convRecord{}, fmt.Errorf("store: read conversation: %w", err)
	}
	if !found {
		return convRecord{}, store.ErrNotFound
	}
	return rec, nil
}

// Conversation reads and opens a conversation's record.
func (d *DB) Conversation(id string) (store.Conversation, error) {
	rec, err := d.convRecordOf(id)
	if err != nil {
		return store.Conversation{}, err
	}
	ck, err := d.key(id, false)
	if err != nil {
		return store.Conversation{}, err
	}
	raw, err := ck.key.Open(rec.Sealed)
	if err != nil {
		return store.Conversation{}, fmt.Errorf("store: conversation %s: %w", id, err)
	}
	var sec convSecret
	if err := json.Unmarshal(raw, &sec); err != nil {
		return store.Conversation{}, fmt.Errorf("store: conversation %s: %w", id, err)
	}
	return store.Conversation{ID: id, Channel: rec.Channel, Address: sec.Address, State: sec.State,
		Meta: rec.Meta, Created: rec.Created, Updated: rec.Updated}, nil
}

// Transcript returns a conversation's entries after seq `after`, in order.
func (d *DB) Transcript(id string, after uint64) ([]store.Entry, error) {
	type raw struct {
		seq uint64
		v   []byte
	}
	var rows []raw
	prefix := append([]byte(id), 0)
	err := d.view(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bTranscript).Cursor()
		for k, v := c.Seek(seqKey([]byte(id), after+1)); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			rows = append(rows, raw{seq: binary.BigEndian.Uint64(k[len(prefix):]), v: append([]byte{}, v...)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: transcript: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ck, err := d.key(id, false)
	if err != nil {
		return nil, err
	}
	out := make([]store.Entry, 0, len(rows))
	for _, r := range rows {
		if len(r.v) < 9 {
			return nil, fmt.Errorf("store: transcript entry %d of %s is corrupt", r.seq, id)
		}
		body, err := ck.key.Open(r.v[9:])
		if err != nil {
			return nil, fmt.Errorf("store: transcript entry %d: %w", r.seq, err)
		}
		kind := store.EntryIn
		if r.v[8] == store.EntryOut[0] {
			kind = store.EntryOut
		}
		out = append(out, store.Entry{Seq: r.seq, Kind: kind, Body: body,
			Time: time.Unix(0, int64(binary.BigEndian.Uint64(r.v[:8])))})
	}
	return out, nil
}

// MaxCaseNumber returns the highest number n of the references
// "<prefix>-<year>-<n>" stored, or 0.
func (d *DB) MaxCaseNumber(prefix string, year int) (int, error) {
	head := fmt.Sprintf("%s-%04d-", prefix, year)
	n := 0
	err := d.view(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bCases).Cursor()
		for k, _ := c.Seek([]byte(head)); k != nil && bytes.HasPrefix(k, []byte(head)); k, _ = c.Next() {
			if v, err := strconv.Atoi(strings.TrimPrefix(string(k), head)); err == nil && v > n {
				n = v
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: cases: %w", err)
	}
	return n, nil
}

// Case reads and opens one case.
func (d *DB) Case(ref string) (cases.Case, error) {
	var rec caseRecord
	var found bool
	err := d.view(func(tx *bbolt.Tx) error {
		v := tx.Bucket(bCases).Get([]byte(ref))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &rec)
	})
	if err != nil {
		return cases.Case{}, fmt.Errorf("store: read case: %w", err)
	}
	if !found {
		return cases.Case{}, store.ErrNotFound
	}
	ck, err := d.key(rec.Conversation, false)
	if err != nil {
		return cases.Case{}, err
	}
	raw, err := ck.key.Open(rec.Sealed)
	if err != nil {
		return cases.Case{}, fmt.Errorf("store: case %s: %w", ref, err)
	}
	var answers map[string]string
	if err := json.Unmarshal(raw, &answers); err != nil {
		return cases.Case{}, fmt.Errorf("store: case %s: answers unreadable: %w", ref, err)
	}
	c := cases.Case{Ref: ref, Service: rec.Service, Status: rec.Status, Conversation: rec.Conversation,
		Created: rec.Created, Answers: answers, Department: rec.Department}
	if rec.SealedReview != nil {
		review, err := ck.key.Open(rec.SealedReview)
		if err != nil {
			return cases.Case{}, fmt.Errorf("store: case %s: %w", ref, err)
		}
		c.Review = string(review)
	}
	return c, nil
}
