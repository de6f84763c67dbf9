package bolt

import (
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
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
func (d *DB) CasesOf(conversation string) ([]store.Case, error) {
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
	out := make([]store.Case, 0, len(refs))
	for _, ref := range refs {
		c, err := d.Case(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
