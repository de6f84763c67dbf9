package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// Expired lists the conversations whose time is up under r at now.
func (d *DB) Expired(r store.Retention, now time.Time) ([]string, error) {
	if r.ConversationIdle <= 0 {
		return nil, nil
	}
	var out []string
	err := d.view(func(tx *bbolt.Tx) error {
		keep := map[string]bool{}
		err := tx.Bucket(bCases).ForEach(func(_, v []byte) error {
			var c caseRecord
			if err := json.Unmarshal(v, &c); err != nil {
				return err
			}
			ttl, ok := r.Cases[c.Status]
			if !ok || now.Sub(c.Created) < ttl {
				keep[c.Conversation] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bConvs).ForEach(func(k, v []byte) error {
			c, err := decodeConv(v)
			if err != nil {
				return fmt.Errorf("conversation %s: %w", k, err)
			}
			if now.Sub(c.Updated) >= r.ConversationIdle && !keep[string(k)] {
				out = append(out, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	return out, nil
}

// Delete removes conversations for good: their wrapped keys (which makes
// every copy of their data unreadable), records, transcripts, cases, outbox
// items, bindings and de-duplication keys. Call Compact afterwards so that
// no freed page of the file still holds their bytes. Bookings stay, holding
// their slots; their personal part can no longer be opened.
func (d *DB) Delete(ctx context.Context, ids []string) (store.Deleted, error) {
	if len(ids) == 0 {
		return store.Deleted{}, nil
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	var refs [][]byte
	err := d.w.do(ctx, func(tx *bbolt.Tx) error {
		for _, id := range ids {
			for _, b := range [][]byte{bKeys, bConvs} {
				if err := tx.Bucket(b).Delete([]byte(id)); err != nil {
					return err
				}
			}
			if err := deletePrefix(tx.Bucket(bTranscript), append([]byte(id), 0)); err != nil {
				return err
			}
		}
		if err := deleteWhere(tx.Bucket(bEndpoints), func(_, v []byte) bool { return gone[string(v)] }); err != nil {
			return err
		}
		if err := deleteWhere(tx.Bucket(bDedupe), func(_, v []byte) bool { return len(v) >= 8 && gone[string(v[8:])] }); err != nil {
			return err
		}
		refs = refs[:0] // the writer may run this function again
		if err := deleteWhere(tx.Bucket(bCases), func(k, v []byte) bool {
			var c caseRecord
			doomed := json.Unmarshal(v, &c) == nil && gone[c.Conversation]
			if doomed {
				refs = append(refs, append([]byte{}, k...))
			}
			return doomed
		}); err != nil {
			return err
		}
		// What the staff console kept: the queue entry, internal notes, and
		// the cases' status histories (their notes are sealed too).
		for _, id := range ids {
			if b := tx.Bucket(bStaffConvs); b != nil {
				if err := b.Delete([]byte(id)); err != nil {
					return err
				}
			}
			if err := deleteSub(tx.Bucket(bStaffNotes), []byte(id)); err != nil {
				return err
			}
		}
		for _, ref := range refs {
			if err := deleteSub(tx.Bucket(bCaseHistory), ref); err != nil {
				return err
			}
		}
		if err := deleteWhere(tx.Bucket(bDead), func(_, v []byte) bool {
			var r deadRecord
			return json.Unmarshal(v, &r) == nil && gone[r.Item.Conversation]
		}); err != nil {
			return err
		}
		return tx.Bucket(bOutbox).ForEachBucket(func(ch []byte) error {
			return deleteWhere(tx.Bucket(bOutbox).Bucket(ch), func(_, v []byte) bool {
				var r outboxRecord
				return json.Unmarshal(v, &r) == nil && gone[r.Conversation]
			})
		})
	})
	if err != nil {
		return store.Deleted{}, fmt.Errorf("store: delete: %w", err)
	}
	for _, id := range ids {
		d.keys.drop(id)
	}
	out := store.Deleted{Conversations: append([]string{}, ids...)}
	for _, ref := range refs {
		out.Cases = append(out.Cases, string(ref))
	}
	return out, nil
}

// deleteSub removes the nested bucket name of root, if both exist.
func deleteSub(root *bbolt.Bucket, name []byte) error {
	if root == nil || root.Bucket(name) == nil {
		return nil
	}
	return root.DeleteBucket(name)
}

func deletePrefix(b *bbolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func deleteWhere(b *bbolt.Bucket, match func(k, v []byte) bool) error {
	var doomed [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if v != nil && match(k, v) {
			doomed = append(doomed, append([]byte{}, k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range doomed {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Compact rewrites the store file with only its live data and swaps it in,
// so that deleted records leave no bytes behind in freed pages. Writes wait
// while it runs; reads wait for the swap.
func (d *DB) Compact(ctx context.Context) error {
	return d.w.doAlone(ctx, d.compact)
}

func (d *DB) compact() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	path := d.db.Path()
	tmp := path + ".compact"
	_ = os.Remove(tmp)
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: time.Second, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	if err := bbolt.Compact(dst, d.db, 64<<20); err != nil {
		dst.Close()
		os.Remove(tmp)
		return fmt.Errorf("store: compact: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: compact: %w", err)
	}
	if err := d.db.Close(); err != nil {
		return fmt.Errorf("store: compact: close: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	db, err := bbolt.Open(path, 0o600, d.opts)
	if err != nil {
		return fmt.Errorf("store: compact: reopen: %w", err)
	}
	d.db = db
	return nil
}
