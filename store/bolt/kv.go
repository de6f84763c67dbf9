package bolt

import (
	"context"
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
