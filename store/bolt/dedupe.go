package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"
)

// dedupeChunk is how many de-duplication keys one step of PruneDedupe
// reads, and so the most it deletes in one write: a few hundred
// microseconds inside a commit that turns share, so turns never wait long.
const dedupeChunk = 1024

// PruneDedupe forgets the message ids (de-duplication keys) of turns
// committed before before: a channel that redelivers such a message after
// that is no longer recognised. Deleted conversations' keys go with them
// (Delete); this keeps the keys of live conversations from growing for
// ever. It works in steps of dedupeChunk keys, each a short read and one
// small write through the shared writer, and returns how many keys went.
func (d *DB) PruneDedupe(ctx context.Context, before time.Time) (int, error) {
	limit := before.Unix()
	var after []byte // the last key looked at; the next step starts behind it
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("store: prune dedupe: %w", err)
		}
		doomed, last, err := d.oldDedupeKeys(after, limit)
		if err != nil {
			return total, fmt.Errorf("store: prune dedupe: %w", err)
		}
		if len(doomed) > 0 {
			n := 0
			err := d.w.do(ctx, func(tx *bbolt.Tx) error {
				n = 0 // the writer may run this function again
				b := tx.Bucket(bDedupe)
				for _, k := range doomed {
					// Looked at again: a key may have gone since the read.
					if v := b.Get(k); v == nil || !dedupeBefore(v, limit) {
						continue
					}
					if err := b.Delete(k); err != nil {
						return err
					}
					n++
				}
				return nil
			})
			if err != nil {
				return total, fmt.Errorf("store: prune dedupe: %w", err)
			}
			total += n
		}
		if last == nil {
			return total, nil
		}
		after = last
	}
}

// oldDedupeKeys reads up to dedupeChunk keys behind after (from the start
// when nil) and returns those older than limit (Unix seconds), and the
// last key read, nil once the bucket is read to its end.
func (d *DB) oldDedupeKeys(after []byte, limit int64) (doomed [][]byte, last []byte, err error) {
	err = d.view(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bDedupe).Cursor()
		k, v := c.First()
		if after != nil {
			if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for n := 0; k != nil; k, v = c.Next() {
			if dedupeBefore(v, limit) {
				doomed = append(doomed, append([]byte{}, k...))
			}
			if n++; n == dedupeChunk {
				last = append([]byte{}, k...)
				return nil
			}
		}
		return nil
	})
	return doomed, last, err
}

// dedupeBefore says whether a de-duplication value (dedupeValue: the
// turn's time in Unix seconds, then the conversation) is older than limit.
// A value too short to hold a time is left alone.
func dedupeBefore(v []byte, limit int64) bool {
	return len(v) >= 8 && int64(binary.BigEndian.Uint64(v[:8])) < limit
}
