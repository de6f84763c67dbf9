package gateway

import (
	"container/list"
	"sync"
)

// stateCache keeps the state of recently active conversations between
// turns, so that a turn does not read and decrypt its conversation again.
// What it holds is always what was committed last; a failed turn drops its
// entry. Bounded: the least recently used conversation is forgotten.
type stateCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are *cacheEntry
	items map[string]*list.Element
}

type cacheEntry struct {
	id string
	l  *loaded
}

func newStateCache(max int) *stateCache {
	return &stateCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *stateCache) get(id string) *loaded {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).l
	}
	return nil
}

// put stores l for id; nil forgets id.
func (c *stateCache) put(id string, l *loaded) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[id]; ok {
		if l == nil {
			c.order.Remove(e)
			delete(c.items, id)
			return
		}
		e.Value.(*cacheEntry).l = l
		c.order.MoveToFront(e)
		return
	}
	if l == nil || c.max <= 0 {
		return
	}
	c.items[id] = c.order.PushFront(&cacheEntry{id: id, l: l})
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.items, old.Value.(*cacheEntry).id)
	}
}
