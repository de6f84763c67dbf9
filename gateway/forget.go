package gateway

import (
	"context"
	"fmt"
)

// hold parks a conversation's worker between two turns while the
// conversation is erased.
type hold struct {
	parked  chan struct{} // closed by the worker once it waits
	release chan struct{} // closed by Erase when the erasure is over
}

// Erase runs del, which deletes the conversations ids from the store
// (retention, a GDPR erasure), while none of their turns runs: a turn in
// progress finishes first, messages queued before it are handled first,
// and later ones wait until del returns. Then their cached states are
// dropped, so no turn writes back what was erased; a message that comes
// afterwards starts afresh. del's error is returned as it is.
func (g *Gateway) Erase(ctx context.Context, ids []string, del func(context.Context) error) error {
	release := make(chan struct{})
	var parked []chan struct{}
	g.mu.Lock()
	for _, id := range ids {
		g.erasing[id] = release
		if q, running := g.queues[id]; running {
			h := &hold{parked: make(chan struct{}), release: release}
			q.jobs = append(q.jobs, &job{hold: h})
			parked = append(parked, h.parked)
		}
	}
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		for _, id := range ids {
			if g.erasing[id] == release {
				delete(g.erasing, id)
			}
		}
		g.mu.Unlock()
		close(release)
	}()
	for _, p := range parked {
		select {
		case <-p:
		case <-ctx.Done():
			return fmt.Errorf("gateway: waiting for turns before an erasure: %w", ctx.Err())
		}
	}
	if err := del(ctx); err != nil {
		return err
	}
	for _, id := range ids {
		g.cache.put(id, nil)
	}
	return nil
}

// waitErased holds a new worker of conversation id while it is erased.
func (g *Gateway) waitErased(id string) {
	g.mu.Lock()
	ch := g.erasing[id]
	g.mu.Unlock()
	if ch != nil {
		<-ch
	}
}
