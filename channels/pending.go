package channels

import (
	"context"
	"sync"
)

// Pending is the Deliverer a channel's handlers hold before its Run hands
// over the real one: a request that arrives between the server's start and
// Run waits for it instead of failing. Make it with NewPending.
type Pending struct {
	ready chan struct{} // closed by the first Set
	once  sync.Once
	mu    sync.RWMutex
	d     Deliverer
}

// NewPending returns a Pending without a Deliverer yet.
func NewPending() *Pending { return &Pending{ready: make(chan struct{})} }

// Set hands over the Deliverer (a later Set replaces it, e.g. a channel run
// again); Deliver calls waiting for it go on.
func (p *Pending) Set(d Deliverer) {
	p.mu.Lock()
	p.d = d
	p.mu.Unlock()
	p.once.Do(func() { close(p.ready) })
}

// Deliver waits for Set, or for ctx to end, and hands in over.
func (p *Pending) Deliver(ctx context.Context, in Inbound) (Receipt, error) {
	select {
	case <-p.ready:
	case <-ctx.Done():
		return Receipt{}, ctx.Err()
	}
	p.mu.RLock()
	d := p.d
	p.mu.RUnlock()
	return d.Deliver(ctx, in)
}
