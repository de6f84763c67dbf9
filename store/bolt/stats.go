package bolt

import (
	"encoding/json"
	"fmt"

	bbolt "go.etcd.io/bbolt"
)

// OutboxDepth counts the replies waiting per channel.
func (d *DB) OutboxDepth() (map[string]int, error) {
	out := map[string]int{}
	err := d.view(func(tx *bbolt.Tx) error {
		ob := tx.Bucket(bOutbox)
		return ob.ForEachBucket(func(ch []byte) error {
			out[string(ch)] = ob.Bucket(ch).Stats().KeyN
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: outbox depth: %w", err)
	}
	return out, nil
}

// Waiting counts the conversations waiting for staff.
func (d *DB) Waiting() (int, error) {
	n := 0
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bConvs).ForEach(func(_, v []byte) error {
			c, err := decodeConv(v)
			if err != nil {
				return err
			}
			if c.Meta.WaitingForStaff {
				n++
			}
			return nil
		})
	})
	if err != nil {
		return 0, fmt.Errorf("store: waiting: %w", err)
	}
	return n, nil
}

// CaseCounts counts the cases per (service, status).
func (d *DB) CaseCounts() (map[[2]string]int, error) {
	out := map[[2]string]int{}
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bCases).ForEach(func(_, v []byte) error {
			var c caseRecord
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			out[[2]string{c.Service, c.Status}]++
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: case counts: %w", err)
	}
	return out, nil
}

// Ping checks that the store answers a read.
func (d *DB) Ping() error {
	return d.view(func(tx *bbolt.Tx) error {
		if tx.Bucket(bMeta) == nil {
			return fmt.Errorf("store: meta bucket missing")
		}
		return nil
	})
}
