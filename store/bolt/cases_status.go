package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// bCaseHistory holds one sub-bucket per case reference: its status changes
// in order, each note sealed with the case's conversation key (a reason or
// a question may name the citizen).
var bCaseHistory = []byte("case-history")

// changeRecord is a status change as stored.
type changeRecord struct {
	store.CaseChange
	Note   string `json:"note,omitempty"` // shadows CaseChange.Note: never stored in plaintext
	Sealed []byte `json:"s,omitempty"`    // the note, sealed
}

// Cases lists the cases that match f, without their answers, newest first.
func (d *DB) Cases(f store.CaseFilter) ([]store.Case, error) {
	var out []store.Case
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("case %s is corrupt: %w", k, err)
			}
			if (f.Status != "" && rec.Status != f.Status) || (f.Services != nil && !f.Services[rec.Service]) {
				return nil
			}
			out = append(out, store.Case{Ref: string(k), Service: rec.Service, Status: rec.Status,
				Conversation: rec.Conversation, Created: rec.Created})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	return out, nil
}

// SetCaseStatus changes a case's status in one write, checking the change
// with allowed (the lifecycle, dialog.ValidTransition) against the status
// read in the same transaction; ErrTransition when it is not allowed. The
// change is appended to the case's history with its note sealed. It
// returns the change as recorded (From filled in).
func (d *DB) SetCaseStatus(ctx context.Context, ref string, ch store.CaseChange, allowed func(from, to string) bool) (store.CaseChange, error) {
	c, err := d.caseMeta(ref)
	if err != nil {
		return store.CaseChange{}, err
	}
	ck, err := d.key(c.Conversation, false)
	if err != nil {
		return store.CaseChange{}, fmt.Errorf("store: case status: %w", err)
	}
	var sealed []byte
	if ch.Note != "" {
		if sealed, err = ck.key.Seal([]byte(ch.Note)); err != nil {
			return store.CaseChange{}, fmt.Errorf("store: case status: %w", err)
		}
	}
	var out store.CaseChange
	err = d.write(ctx, func(tx *bbolt.Tx) error {
		cases := tx.Bucket(bCases)
		v := cases.Get([]byte(ref))
		if v == nil {
			return store.ErrNotFound
		}
		var rec caseRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("case %s is corrupt: %w", ref, err)
		}
		if !allowed(rec.Status, ch.Status) {
			return fmt.Errorf("%w: %s → %s", store.ErrTransition, rec.Status, ch.Status)
		}
		out = ch
		out.From = rec.Status
		stored := changeRecord{CaseChange: out, Sealed: sealed}
		stored.CaseChange.Note = ""
		raw, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		rec.Status = ch.Status
		nv, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := cases.Put([]byte(ref), nv); err != nil {
			return err
		}
		return appendCaseHistory(tx, ref, raw)
	})
	if err != nil {
		return store.CaseChange{}, fmt.Errorf("store: case status: %w", err)
	}
	return out, nil
}

// appendCaseHistory adds a stored change record to a case's history.
func appendCaseHistory(tx *bbolt.Tx, ref string, raw []byte) error {
	root, err := tx.CreateBucketIfNotExists(bCaseHistory)
	if err != nil {
		return err
	}
	h, err := root.CreateBucketIfNotExists([]byte(ref))
	if err != nil {
		return err
	}
	seq, err := h.NextSequence()
	if err != nil {
		return err
	}
	return h.Put(u64(seq), raw)
}

// sealedAmendment is a store.Amendment with its answers and note sealed,
// ready for the writer.
type sealedAmendment struct {
	ref     string
	answers []byte // sealed
	note    []byte // sealed, or nil
	waiting string
	change  store.CaseChange
}

// sealAmendments seals the amendments of a turn with its conversation's key.
func sealAmendments(as []store.Amendment, seal func([]byte) ([]byte, error)) ([]sealedAmendment, error) {
	out := make([]sealedAmendment, len(as))
	for i, a := range as {
		s, err := seal(a.Answers)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out[i] = sealedAmendment{ref: a.Ref, answers: s, waiting: a.Waiting, change: a.Change}
		if a.Change.Note != "" {
			if out[i].note, err = seal([]byte(a.Change.Note)); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
	}
	return out, nil
}

// applyAmendment replaces a case's answers inside a turn's transaction and
// records the change; the waiting status moves on to the change's status,
// any other status stays. The case must belong to conversation conv; a case
// that no longer exists is skipped (the change returned is zero).
func applyAmendment(tx *bbolt.Tx, conv string, a sealedAmendment) (store.CaseChange, error) {
	cases := tx.Bucket(bCases)
	v := cases.Get([]byte(a.ref))
	if v == nil {
		return store.CaseChange{}, nil // deleted meanwhile (retention): nothing to amend, and no reason to fail the turn
	}
	var rec caseRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return store.CaseChange{}, fmt.Errorf("case %s is corrupt: %w", a.ref, err)
	}
	if rec.Conversation != conv {
		return store.CaseChange{}, fmt.Errorf("amendment of case %s from another conversation", a.ref)
	}
	ch := a.change
	ch.From = rec.Status
	if rec.Status != a.waiting {
		ch.Status = rec.Status
	}
	rec.Status, rec.Sealed = ch.Status, a.answers
	nv, err := json.Marshal(rec)
	if err != nil {
		return store.CaseChange{}, err
	}
	if err := cases.Put([]byte(a.ref), nv); err != nil {
		return store.CaseChange{}, err
	}
	stored := changeRecord{CaseChange: ch, Sealed: a.note}
	stored.CaseChange.Note = ""
	raw, err := json.Marshal(stored)
	if err != nil {
		return store.CaseChange{}, err
	}
	return ch, appendCaseHistory(tx, a.ref, raw)
}

// CaseHistory opens a case's status changes, oldest first.
func (d *DB) CaseHistory(ref string) ([]store.CaseChange, error) {
	c, err := d.caseMeta(ref)
	if err != nil {
		return nil, err
	}
	var rows [][]byte
	err = d.view(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bCaseHistory)
		if root == nil {
			return nil
		}
		h := root.Bucket([]byte(ref))
		if h == nil {
			return nil
		}
		return h.ForEach(func(_, v []byte) error {
			rows = append(rows, append([]byte{}, v...))
			return nil
		})
	})
	if err != nil || len(rows) == 0 {
		return nil, wrapErr("case history", err)
	}
	ck, err := d.key(c.Conversation, false)
	if err != nil {
		return nil, fmt.Errorf("store: case history: %w", err)
	}
	out := make([]store.CaseChange, 0, len(rows))
	for i, r := range rows {
		var rec changeRecord
		if err := json.Unmarshal(r, &rec); err != nil {
			return nil, fmt.Errorf("store: case history %s/%d: %w", ref, i+1, err)
		}
		ch := rec.CaseChange
		if rec.Sealed != nil {
			note, err := ck.key.Open(rec.Sealed)
			if err != nil {
				return nil, fmt.Errorf("store: case history %s/%d: %w", ref, i+1, err)
			}
			ch.Note = string(note)
		}
		out = append(out, ch)
	}
	return out, nil
}

// caseMeta reads a case's plaintext part.
func (d *DB) caseMeta(ref string) (store.Case, error) {
	var rec caseRecord
	found, err := d.viewJSON(bCases, []byte(ref), &rec)
	if err != nil {
		return store.Case{}, fmt.Errorf("store: case: %w", err)
	}
	if !found {
		return store.Case{}, store.ErrNotFound
	}
	return store.Case{Ref: ref, Service: rec.Service, Status: rec.Status, Conversation: rec.Conversation,
		Created: rec.Created}, nil
}
