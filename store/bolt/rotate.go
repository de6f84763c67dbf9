package bolt

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/pgp"
)

// ErrWrongKey is returned by Open when the portal key does not open the
// store's index key: another key, or a rotation that was interrupted.
var ErrWrongKey = errors.New("the portal key does not open this store")

// Rewrap re-wraps every conversation key, the index key and the channel
// state from the old portal key to the new one, in one transaction, without
// decrypting any message. The store must not be open elsewhere.
func Rewrap(dir string, old, next *pgp.Portal) (int, error) {
	path := filepath.Join(dir, FileName)
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: 500 * time.Millisecond})
	if errors.Is(err, bbolt.ErrTimeout) {
		return 0, fmt.Errorf("store: rewrap: %w; stop the server first", ErrInUse)
	}
	if err != nil {
		return 0, fmt.Errorf("store: rewrap: %w", err)
	}
	defer db.Close()
	n := 0
	err = db.Update(func(tx *bbolt.Tx) error {
		keys := tx.Bucket(bKeys)
		if keys == nil {
			return errors.New("not an Amtsbote store")
		}
		type kv struct{ k, v []byte }
		var updates []kv
		err := keys.ForEach(func(k, v []byte) error {
			sk, err := old.Unwrap(v)
			if err != nil {
				return fmt.Errorf("conversation key %s: %w", k, err)
			}
			w, err := next.Wrap(sk)
			if err != nil {
				return err
			}
			updates = append(updates, kv{append([]byte{}, k...), w})
			return nil
		})
		if err != nil {
			return err
		}
		for _, u := range updates {
			if err := keys.Put(u.k, u.v); err != nil {
				return err
			}
		}
		n = len(updates)
		if err := reencrypt(tx.Bucket(bMeta), kIndexKey, old, next); err != nil {
			return fmt.Errorf("index key: %w", err)
		}
		if b := tx.Bucket(bChannelState); b != nil {
			var ks [][]byte
			_ = b.ForEach(func(k, _ []byte) error { ks = append(ks, append([]byte{}, k...)); return nil })
			for _, k := range ks {
				if err := reencrypt(b, k, old, next); err != nil {
					return fmt.Errorf("channel state: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: rewrap: %w", err)
	}
	return n, nil
}

func reencrypt(b *bbolt.Bucket, k []byte, old, next *pgp.Portal) error {
	v := b.Get(k)
	if v == nil {
		return nil
	}
	plain, err := old.DecryptMessage(v)
	if err != nil {
		return err
	}
	sealed, err := next.EncryptMessage(plain)
	if err != nil {
		return err
	}
	return b.Put(k, sealed)
}
