package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"amtsbote/store"
)

// pipelined runs a transaction in as few round trips as its statements
// allow: BEGIN rides on the first batch (which first queues) and COMMIT on
// the last (the batch fn returns, nil for none), so a transaction of two
// batches costs two round trips where BeginTxFunc spends four. fn may run
// statements of its own on tx in between. A serialization failure or a
// deadlock runs it again, as tx does, so first and fn must only touch
// their batches and tx.
func (d *DB) pipelined(ctx context.Context, first func(*pgx.Batch), fn func(pgx.Tx) (*pgx.Batch, error)) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	for attempt := 0; ; attempt++ {
		err := d.pipelineOnce(ctx, first, fn)
		if err == nil || attempt >= 4 || !retryable(err) || ctx.Err() != nil {
			return err
		}
	}
}

func (d *DB) pipelineOnce(ctx context.Context, first func(*pgx.Batch), fn func(pgx.Tx) (*pgx.Batch, error)) error {
	c, err := d.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// A connection left inside a transaction (a failed rollback) is not
	// put back: the pool closes it.
	defer c.Release()
	b := &pgx.Batch{}
	b.BeginTx(pgx.TxOptions{})
	first(b)
	br := c.Conn().SendBatch(ctx, b)
	tx := br.Tx()
	if err := br.Close(); err != nil {
		_ = tx.Rollback(ctx) // ErrTxClosed when BEGIN itself failed
		return err
	}
	last, err := fn(tx)
	if err != nil {
		_ = tx.Rollback(ctx)
		return err
	}
	if last == nil {
		last = &pgx.Batch{}
	}
	last.Queue(`COMMIT`).Exec(func(tag pgconn.CommandTag) error {
		if tag.String() == "ROLLBACK" { // an error went unnoticed before
			return pgx.ErrTxCommitRollback
		}
		return nil
	})
	if err := tx.SendBatch(ctx, last).Close(); err != nil {
		// A statement before COMMIT failed: the transaction is aborted and
		// waits for ROLLBACK. When COMMIT itself failed it is over.
		if c.Conn().PgConn().TxStatus() != 'I' {
			_ = tx.Rollback(ctx)
		}
		return err
	}
	if s := c.Conn().PgConn().TxStatus(); s != 'I' {
		// Not reached while COMMIT is last: a guard for the invariant.
		_ = tx.Rollback(ctx)
		return fmt.Errorf("transaction still open after COMMIT (status %q)", s)
	}
	return nil // committed; tx is left unclosed on purpose (no second COMMIT)
}
