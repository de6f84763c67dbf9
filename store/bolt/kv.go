package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

var bChannelState = []byte("channel-state")

// ChannelState reads a value a channel keeps (an update offset, a citizen's
// public key): ErrNotFound when unset. Keys are stored as HMACs and values
// encrypted to the portal key, so they may hold personal data.
func (d *DB) ChannelState(channel, key string) ([]byte, error) {
	k := d.mac("state", channel, key)
	var sealed []byte
	err := d.view(func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bChannelState); b != nil {
			if v := b.Get(k); v != nil {
				sealed = append([]byte{}, v...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: channel state: %w", err)
	}
	if sealed == nil {
		return nil, store.ErrNotFound
	}
	v, err := d.portal.DecryptMessage(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: channel state: %w", err)
	}
	return v, nil
}

// SetChannelState writes (value != nil) or deletes (value == nil) a
// channel's value durably.
func (d *DB) SetChannelState(ctx context.Context, channel, key string, value []byte) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	k := d.mac("state", channel, key)
	var sealed []byte
	if value != nil {
		var err error
		if sealed, err = d.portal.EncryptMessage(value); err != nil {
			return fmt.Errorf("store: channel state: %w", err)
		}
	}
	err := d.w.do(ctx, func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bChannelState)
		if err != nil {
			return err
		}
		if sealed == nil {
			return b.Delete(k)
		}
		return b.Put(k, sealed)
	})
	if err != nil {
		return fmt.Errorf("store: channel state: %w", err)
	}
	return nil
}

// errStale says that the value changed between reading and writing it.
var errStale = errors.New("the value changed meanwhile")

// UpdateChannelState changes one value in one write: fn gets the stored
// value (nil and false when unset) and returns the new one (nil deletes
// it); an error from fn changes nothing and is returned. The value is
// opened and sealed outside the writer, which only checks that the stored
// bytes are still the ones read; when another write changed them, fn runs
// again on the new value. It returns the value written.
func (d *DB) UpdateChannelState(ctx context.Context, channel, key string, fn func(old []byte, exists bool) ([]byte, error)) ([]byte, error) {
	k := d.mac("state", channel, key)
	for {
		if d.closed.Load() {
			return nil, store.ErrClosed
		}
		var cur []byte
		err := d.view(func(tx *bbolt.Tx) error {
			if b := tx.Bucket(bChannelState); b != nil {
				if v := b.Get(k); v != nil {
					cur = append([]byte{}, v...)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("store: channel state: %w", err)
		}
		var old []byte
		if cur != nil {
			if old, err = d.portal.DecryptMessage(cur); err != nil {
				return nil, fmt.Errorf("store: channel state: %w", err)
			}
			if old == nil {
				old = []byte{}
			}
		}
		next, err := fn(old, cur != nil)
		if err != nil {
			return nil, err
		}
		var sealed []byte
		if next != nil {
			if sealed, err = d.portal.EncryptMessage(next); err != nil {
				return nil, fmt.Errorf("store: channel state: %w", err)
			}
		}
		err = d.w.do(ctx, func(tx *bbolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bChannelState)
			if err != nil {
				return err
			}
			if now := b.Get(k); (now == nil) != (cur == nil) || !bytes.Equal(now, cur) {
				return errStale
			}
			if sealed == nil {
				return b.Delete(k)
			}
			return b.Put(k, sealed)
		})
		if errors.Is(err, errStale) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: channel state: %w", err)
		}
		return next, nil
	}
}
