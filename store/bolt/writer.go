package bolt

import (
	"context"
	"errors"
	"sync"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// op is one write waiting for the writer. apply runs inside the shared
// transaction and must only touch tx; done receives the commit's outcome.
// An op with alone set instead runs by itself, outside any transaction,
// while no other write happens (compaction).
type op struct {
	apply func(tx *bbolt.Tx) error
	alone func() error
	done  chan error
}

// writer is the single goroutine that writes: it takes every op waiting,
// applies them in one transaction, syncs once, then answers each (group
// commit). An op whose apply fails is answered with its error and the
// others are committed without it.
type writer struct {
	d        *DB
	ops      chan *op
	maxBatch int

	mu      sync.RWMutex
	stopped bool
	quit    chan struct{}
	exited  chan struct{}
}

func startWriter(d *DB, maxBatch int) *writer {
	w := &writer{d: d, ops: make(chan *op, 4*maxBatch), maxBatch: maxBatch,
		quit: make(chan struct{}), exited: make(chan struct{})}
	go w.loop()
	return w
}

// do queues apply and waits until it is committed or failed. When ctx ends
// first, the write may still commit later; callers treat that as unknown.
func (w *writer) do(ctx context.Context, apply func(tx *bbolt.Tx) error) error {
	return w.queue(ctx, &op{apply: apply, done: make(chan error, 1)})
}

// doAlone runs fn on the writer goroutine between batches.
func (w *writer) doAlone(ctx context.Context, fn func() error) error {
	return w.queue(ctx, &op{alone: fn, done: make(chan error, 1)})
}

func (w *writer) queue(ctx context.Context, o *op) error {
	w.mu.RLock()
	if w.stopped {
		w.mu.RUnlock()
		return store.ErrClosed
	}
	select {
	case w.ops <- o:
		w.mu.RUnlock()
	case <-ctx.Done():
		w.mu.RUnlock()
		return ctx.Err()
	}
	select {
	case err := <-o.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop refuses new ops, lets the writer finish those queued, and waits.
func (w *writer) stop() {
	w.mu.Lock()
	if w.stopped {
		w.mu.Unlock()
		<-w.exited
		return
	}
	w.stopped = true
	close(w.quit)
	w.mu.Unlock()
	<-w.exited
}

func (w *writer) loop() {
	defer close(w.exited)
	batch := make([]*op, 0, w.maxBatch)
	for {
		var first *op
		select {
		case first = <-w.ops:
		case <-w.quit:
			// No sender can be blocked: stop holds the lock that senders
			// take before queueing. Drain what is queued, then exit.
			for {
				select {
				case o := <-w.ops:
					w.commit(append(batch[:0], o))
				default:
					return
				}
			}
		}
		batch = append(batch[:0], first)
	fill:
		for len(batch) < w.maxBatch && first.alone == nil {
			select {
			case o := <-w.ops:
				if o.alone != nil {
					w.commit(batch)
					batch = append(batch[:0], o)
					break fill
				}
				batch = append(batch, o)
			default:
				break fill
			}
		}
		w.commit(batch)
	}
}

// errOpFailed marks which op of a batch failed inside the transaction.
type errOpFailed struct {
	index int
	err   error
}

func (e *errOpFailed) Error() string { return e.err.Error() }

func (w *writer) commit(batch []*op) {
	if len(batch) == 1 && batch[0].alone != nil {
		batch[0].done <- batch[0].alone()
		return
	}
	for len(batch) > 0 {
		err := w.d.update(func(tx *bbolt.Tx) error {
			for i, o := range batch {
				if err := o.apply(tx); err != nil {
					return &errOpFailed{index: i, err: err}
				}
			}
			return nil
		})
		var failed *errOpFailed
		if errors.As(err, &failed) {
			batch[failed.index].done <- failed.err
			batch = append(batch[:failed.index:failed.index], batch[failed.index+1:]...)
			continue // retry the others without the failed one
		}
		for _, o := range batch {
			o.done <- err
		}
		return
	}
}
