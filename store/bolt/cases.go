package bolt

import (
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
	"amtsbote/store/seal"
)

// CaseTimes calls fn with the service and creation time of every case
// created since `since`; used to seed usage statistics at start.
func (d *DB) CaseTimes(since time.Time, fn func(service string, created time.Time)) error {
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("case %s is corrupt: %w", k, err)
			}
			if !rec.Created.Before(since) {
				fn(rec.Service, rec.Created)
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("store: cases: %w", err)
	}
	return nil
}

// CasesOf returns the cases of a conversation, opened.
func (d *DB) CasesOf(conversation string) ([]cases.Case, error) {
	var refs []string
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("case %s is corrupt: %w", k, err)
			}
			if rec.Conversation == conversation {
				refs = append(refs, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	out := make([]cases.Case, 0, len(refs))
	for _, ref := range refs {
		c, err := d.Case(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// CaseSecretMAC is the look-up form of a case's access code: what the store
// keeps, and what a status question's code is compared with.
func (d *DB) CaseSecretMAC(ref, secret string) []byte {
	return seal.NewIndex(d.indexKey).CaseSecret(ref, secret)
}

// CaseIndex calls fn with every case's plaintext part.
func (d *DB) CaseIndex(fn func(store.CaseIndexEntry)) error {
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(k, v []byte) error {
			var rec caseRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("case %s is corrupt: %w", k, err)
			}
			fn(store.CaseIndexEntry{Ref: string(k), Service: rec.Service, Status: rec.Status, Department: rec.Department,
				Conversation: rec.Conversation, Created: rec.Created, SecretMAC: rec.SecretMAC})
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("store: cases: %w", err)
	}
	return nil
}

// CasesOfService returns every case of a service, opened (e.g. to seed the
// permit registry at start).
func (d *DB) CasesOfService(service string) ([]cases.Case, error) {
	var refs []string
	err := d.CaseIndex(func(e store.CaseIndexEntry) {
		if e.Service == service {
			refs = append(refs, e.Ref)
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]cases.Case, 0, len(refs))
	for _, ref := range refs {
		c, err := d.Case(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// LinkMAC is the store's keyed MAC for link codes (gateway.Links).
func (d *DB) LinkMAC(parts ...string) []byte { return seal.NewIndex(d.indexKey).Link(parts...) }
