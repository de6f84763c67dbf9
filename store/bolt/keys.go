package bolt

import (
	"fmt"
	"sync"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/pgp"
	"amtsbote/store"
)

// keyCache keeps unwrapped conversation keys in memory, so a turn costs
// symmetric encryption and no public-key operation.
type keyCache struct {
	mu  sync.Mutex
	max int
	m   map[string]*convKey
}

// convKey is a conversation's session key; wrapped is written with the
// first turn that commits.
type convKey struct {
	key     *pgp.SessionKey
	wrapped []byte
	saved   bool
}

func newKeyCache(max int) *keyCache { return &keyCache{max: max, m: map[string]*convKey{}} }

func (c *keyCache) get(id string) (*convKey, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.m[id]
	return k, ok
}

func (c *keyCache) put(id string, k *convKey) *convKey {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[id]; ok {
		return old
	}
	if len(c.m) >= c.max {
		for other, v := range c.m { // evict some saved keys; they can be unwrapped again
			if v.saved {
				delete(c.m, other)
				if len(c.m) < c.max*9/10 {
					break
				}
			}
		}
	}
	c.m[id] = k
	return k
}

func (c *keyCache) markSaved(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k, ok := c.m[id]; ok {
		k.saved = true
	}
}

func (c *keyCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, id)
}

// key returns the conversation's session key; create makes a new one when
// the conversation has none yet.
func (d *DB) key(id string, create bool) (*convKey, error) {
	if k, ok := d.keys.get(id); ok {
		return k, nil
	}
	var wrapped []byte
	err := d.view(func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bKeys).Get([]byte(id)); v != nil {
			wrapped = append([]byte{}, v...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: read key: %w", err)
	}
	if wrapped != nil {
		sk, err := d.portal.Unwrap(wrapped)
		if err != nil {
			return nil, fmt.Errorf("store: conversation key: %w", err)
		}
		return d.keys.put(id, &convKey{key: sk, wrapped: wrapped, saved: true}), nil
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
	return d.keys.put(id, &convKey{key: sk, wrapped: w}), nil
}
