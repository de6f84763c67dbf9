package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"amtsbote/pgp"
	"amtsbote/store"
)

// querier is what a pool and a transaction both offer.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// keyCache keeps unwrapped conversation keys in memory, so that a turn
// costs symmetric encryption and no public-key operation. An entry is
// used only while the database holds the same wrapped key: a key another
// node deleted (erasure) or re-wrapped (rotation) is not used from memory.
type keyCache struct {
	mu  sync.Mutex
	max int
	m   map[string]cachedKey
}

type cachedKey struct {
	wrapped []byte
	key     *pgp.SessionKey
}

func newKeyCache(max int) *keyCache { return &keyCache{max: max, m: map[string]cachedKey{}} }

func (c *keyCache) get(id string, wrapped []byte) (*pgp.SessionKey, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[id]
	if !ok || !bytes.Equal(k.wrapped, wrapped) {
		return nil, false
	}
	return k.key, true
}

func (c *keyCache) put(id string, wrapped []byte, key *pgp.SessionKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		for other := range c.m { // forget some; they can be unwrapped again
			delete(c.m, other)
			if len(c.m) < c.max*9/10 {
				break
			}
		}
	}
	c.m[id] = cachedKey{wrapped: wrapped, key: key}
}

func (c *keyCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}

// key returns conversation id's session key as q sees it (see keyFrom).
func (d *DB) key(ctx context.Context, q querier, id string, create bool) (*pgp.SessionKey, error) {
	var wrapped []byte
	err := q.QueryRow(ctx, `SELECT wrapped FROM conv_keys WHERE conversation = $1`, id).Scan(&wrapped)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("store: read key: %w", err)
	}
	return d.keyFrom(ctx, q, id, wrapped, create)
}

// keyFrom opens the wrapped key of conversation id; with none (nil) and
// create, it makes a new key and stores it through q (call it so only
// under the conversation's lock). ErrNotFound when there is none.
func (d *DB) keyFrom(ctx context.Context, q querier, id string, wrapped []byte, create bool) (*pgp.SessionKey, error) {
	if wrapped != nil {
		return d.unwrap(id, wrapped)
	}
	if !create {
		return nil, store.ErrNotFound
	}
	sk, err := pgp.NewSessionKey()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	w, err := d.portal.Wrap(sk)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if _, err := q.Exec(ctx, `INSERT INTO conv_keys (conversation, wrapped) VALUES ($1, $2)`, id, w); err != nil {
		return nil, fmt.Errorf("store: write key: %w", err)
	}
	d.keys.put(id, w, sk)
	return sk, nil
}

// unwrap opens a wrapped key, from memory when it was opened before.
func (d *DB) unwrap(id string, wrapped []byte) (*pgp.SessionKey, error) {
	if k, ok := d.keys.get(id, wrapped); ok {
		return k, nil
	}
	sk, err := d.portal.Unwrap(wrapped)
	if err != nil {
		return nil, fmt.Errorf("store: conversation key: %w", err)
	}
	d.keys.put(id, wrapped, sk)
	return sk, nil
}

// CaseSecretMAC is the look-up form of a case's access code.
func (d *DB) CaseSecretMAC(ref, secret string) []byte { return d.index.CaseSecret(ref, secret) }

// LinkMAC is the store's keyed MAC for link codes (gateway.Links).
func (d *DB) LinkMAC(parts ...string) []byte { return d.index.Link(parts...) }

// ChannelState reads a value a channel keeps: ErrNotFound when unset. Keys
// are HMACs and values encrypted to the portal key, so they may hold
// personal data.
func (d *DB) ChannelState(channel, key string) ([]byte, error) {
	var sealed []byte
	err := d.pool.QueryRow(bg(), `SELECT sealed FROM channel_state WHERE mac = $1`, d.index.MAC("state", channel, key)).Scan(&sealed)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, store.ErrNotFound
		}
		return nil, fmt.Errorf("store: channel state: %w", err)
	}
	v, err := d.portal.DecryptMessage(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: channel state: %w", err)
	}
	if v == nil {
		v = []byte{}
	}
	return v, nil
}

// SetChannelState writes (value != nil) or deletes (value == nil) a
// channel's value; it returns after the commit.
func (d *DB) SetChannelState(ctx context.Context, channel, key string, value []byte) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	mac := d.index.MAC("state", channel, key)
	var err error
	if value == nil {
		_, err = d.pool.Exec(ctx, `DELETE FROM channel_state WHERE mac = $1`, mac)
	} else {
		var sealed []byte
		if sealed, err = d.portal.EncryptMessage(value); err != nil {
			return fmt.Errorf("store: channel state: %w", err)
		}
		_, err = d.pool.Exec(ctx, `INSERT INTO channel_state (mac, sealed) VALUES ($1, $2)
			ON CONFLICT (mac) DO UPDATE SET sealed = excluded.sealed`, mac, sealed)
	}
	if err != nil {
		return fmt.Errorf("store: channel state: %w", err)
	}
	return nil
}

// UpdateChannelState changes one value in one transaction under an
// advisory lock on it (it may not exist yet, so there is no row to lock),
// atomic across nodes: fn gets the stored value (nil and false when unset)
// and returns the new one (nil deletes it); an error from fn changes
// nothing and is returned. fn may run more than once. It returns the value
// written.
func (d *DB) UpdateChannelState(ctx context.Context, channel, key string, fn func(old []byte, exists bool) ([]byte, error)) ([]byte, error) {
	mac := d.index.MAC("state", channel, key)
	var out []byte
	var fnErr error
	err := d.tx(ctx, func(tx pgx.Tx) error {
		fnErr = nil
		if err := lock(ctx, tx, lockKey("channel-state", string(mac))); err != nil {
			return err
		}
		var sealed []byte
		err := tx.QueryRow(ctx, `SELECT sealed FROM channel_state WHERE mac = $1`, mac).Scan(&sealed)
		exists := err == nil
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		var old []byte
		if exists {
			if old, err = d.portal.DecryptMessage(sealed); err != nil {
				return err
			}
			if old == nil {
				old = []byte{}
			}
		}
		next, err := fn(old, exists)
		if err != nil {
			fnErr = err
			return err
		}
		out = next
		if next == nil {
			_, err = tx.Exec(ctx, `DELETE FROM channel_state WHERE mac = $1`, mac)
			return err
		}
		if sealed, err = d.portal.EncryptMessage(next); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO channel_state (mac, sealed) VALUES ($1, $2)
			ON CONFLICT (mac) DO UPDATE SET sealed = excluded.sealed`, mac, sealed)
		return err
	})
	if fnErr != nil {
		return nil, fnErr
	}
	if err != nil {
		return nil, fmt.Errorf("store: channel state: %w", err)
	}
	return out, nil
}
