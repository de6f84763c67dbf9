package postgres

import (
	"context"
	"time"
)

// Elect timing: how often a node that is not the holder tries again, and
// how often the holder checks that its connection (and with it the lock)
// still stands. A holder that dies loses its connection, PostgreSQL drops
// the lock, and another node takes over within electRetry.
const (
	electRetry = 5 * time.Second
	electCheck = 2 * time.Second
)

// Elect runs fn while this node holds the singleton name (a session
// advisory lock on a connection of its own) until ctx ends: exactly one
// node of those electing the same name runs it at a time. When the
// connection is lost, fn's context is cancelled and the node stands again.
// When fn returns by itself the node steps down and stands again later.
func (d *DB) Elect(ctx context.Context, name string, fn func(ctx context.Context) error) error {
	for ctx.Err() == nil {
		held, err := d.holdAndRun(ctx, name, fn)
		if err != nil && ctx.Err() == nil {
			d.log.Warn("standing for election failed", "singleton", name, "err", err)
		}
		if held && ctx.Err() == nil {
			d.log.Info("stepped down", "singleton", name, "node", d.node)
		}
		select {
		case <-ctx.Done():
		case <-time.After(electRetry):
		}
	}
	return nil
}

// holdAndRun tries the lock once; held reports whether fn ran.
func (d *DB) holdAndRun(ctx context.Context, name string, fn func(ctx context.Context) error) (held bool, err error) {
	pc, err := d.pool.Acquire(ctx)
	if err != nil {
		return false, err
	}
	conn := pc.Hijack() // the lock lives as long as this connection
	defer conn.Close(context.Background())
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, lockKey("elect", name)).Scan(&held); err != nil || !held {
		return false, err
	}
	d.log.Info("elected", "singleton", name, "node", d.node)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- fn(runCtx) }()
	t := time.NewTicker(electCheck)
	defer t.Stop()
	for {
		select {
		case err := <-done:
			cancel()
			if err != nil {
				d.log.Error("singleton stopped", "singleton", name, "err", err)
			}
			return true, nil
		case <-t.C:
			pctx, pcancel := context.WithTimeout(ctx, pingTimeout)
			err := conn.Ping(pctx)
			pcancel()
			if err != nil && ctx.Err() == nil {
				cancel() // the lock may be gone: another node may hold it now
				<-done
				return true, err
			}
		case <-ctx.Done():
			cancel()
			<-done
			return true, nil
		}
	}
}
