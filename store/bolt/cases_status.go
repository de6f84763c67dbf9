package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
)

// bCaseHistory holds one sub-bucket per case reference: its status changes
// in order, each note sealed with the case's conversation key (a reason or
// a question may name the citizen).
var bCaseHistory = []byte("case-history")

// changeRecord is a status change as stored.
type changeRecord struct {
	cases.Change
	Note   string `json:"note,omitempty"` // shadows Change.Note: never stored in plaintext
	Sealed []byte `json:"s,omitempty"`    // the note, sealed
}

// Cases lists the cases that match f, without their answers, newest first.
func (d *DB) Cases(f store.CaseFilter) ([]cases.Case, error) {
	var out []cases.Case
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("case %s is corrupt: %w", k, err)
			}
			if (f.Status != "" && rec.Status != f.Status) || (f.Services != nil && !f.Services[rec.Service]) {
				return nil
			}
			out = append(out, cases.Case{Ref: string(k), Service: rec.Service, Status: rec.Status,
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
// with allowed (the lifecycle, cases.ValidTransition) against the status
// read in the same transaction; ErrTransition when it is not allowed. The
// change is appended to the case's history with its note sealed. It
// returns the change as recorded (From filled in).
func (d *DB) SetCaseStatus(ctx context.Context, ref string, ch cases.Change, allowed func(from, to string) bool) (cases.Change, error) {
	c, err := d.caseMeta(ref)
	if err != nil {
		return cases.Change{}, err
	}
	ck, err := d.key(c.Conversation, false)
	if err != nil {
		return cases.Change{}, fmt.Errorf("store: case status: %w", err)
	}
	var sealed []byte
	if ch.Note != "" {
		if sealed, err = ck.key.Seal([]byte(ch.Note)); err != nil {
			return cases.Change{}, fmt.Errorf("store: case status: %w", err)
		}
	}
	var out cases.Change
	err = d.write(ctx, func(tx *bbolt.Tx) error {
		caseBucket := tx.Bucket(bCases)
		v := caseBucket.Get([]byte(ref))
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
		stored := changeRecord{Change: out, Sealed: sealed}
		stored.Change.Note = ""
		raw, err := json.Marshal(stored)
		if err != nil {
			return err
		}
		rec.Status = ch.Status
		nv, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := caseBucket.Put([]byte(ref), nv); err != nil {
			return err
		}
		return appendCaseHistory(tx, ref, raw)
	})
	if err != nil {
		return cases.Change{}, fmt.Errorf("store: case status: %w", err)
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
	change  cases.Change
}

// sealAmendments seals the amendments of a turn with its conversation's key.
func sealAmendments(as []store.Amendment, seal func([]byte) ([]byte, error)) ([]sealedAmendment, error) {
	out := make([]sealedAmendment, len(as))
	for i, a := range as {
		raw, err := json.Marshal(a.Answers)
		if err != nil {
			return nil, fmt.Errorf("store: case %s: encode answers: %w", a.Ref, err)
		}
		s, err := seal(raw)
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
func applyAmendment(tx *bbolt.Tx, conv string, a sealedAmendment) (cases.Change, error) {
	caseBucket := tx.Bucket(bCases)
	v := caseBucket.Get([]byte(a.ref))
	if v == nil {
		return cases.Change{}, nil // deleted meanwhile (retention): nothing to amend, and no reason to fail the turn
	}
	var rec caseRecord
	if err := json.Unmarshal(v, &rec); err != nil {
		return cases.Change{}, fmt.Errorf("case %s is corrupt: %w", a.ref, err)
	}
	if rec.Conversation != conv {
		return cases.Change{}, fmt.Errorf("amendment of case %s from another conversation", a.ref)
	}
	ch := a.change
	ch.From = rec.Status
	if rec.Status != a.waiting {
		ch.Status = rec.Status
	}
	rec.Status, rec.Sealed = ch.Status, a.answers
	nv, err := json.Marshal(rec)
	if err != nil {
		return cases.Change{}, err
	}
	if err := caseBucket.Put([]byte(a.ref), nv); err != nil {
		return cases.Change{}, err
	}
	stored := changeRecord{Change: ch, Sealed: a.note}
	stored.Change.Note = ""
	raw, err := json.Marshal(stored)
	if err != nil {
		return cases.Change{}, err
	}
	return ch, appendCaseHistory(tx, a.ref, raw)
}

// CaseHistory opens a case's status changes, oldest first.
func (d *DB) CaseHistory(ref string) ([]cases.Change, error) {
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
	out := make([]cases.Change, 0, len(rows))
	for i, r := range rows {
		var rec changeRecord
		if err := json.Unmarshal(r, &rec); err != nil {
			return nil, fmt.Errorf("store: case history %s/%d: %w", ref, i+1, err)
		}
		ch := rec.Change
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
func (d *DB) caseMeta(ref string) (cases.Case, error) {
	var rec caseRecord
	found, err := d.viewJSON(bCases, []byte(ref), &rec)
	if err != nil {
		return cases.Case{}, fmt.Errorf("store: case: %w", err)
	}
	if !found {
		return cases.Case{}, store.ErrNotFound
	}
	return cases.Case{Ref: ref, Service: rec.Service, Status: rec.Status, Conversation: rec.Conversation,
		Created: rec.Created}, nil
}
