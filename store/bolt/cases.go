package bolt

import (
	"encoding/json"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"
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
