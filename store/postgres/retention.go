package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
)

// Expired lists the conversations whose time is up under r at now: idle
// for ConversationIdle, and every case of them past its status's time.
func (d *DB) Expired(r store.Retention, now time.Time) ([]string, error) {
	if r.ConversationIdle <= 0 {
		return nil, nil
	}
	statuses := make([]string, 0, len(r.Cases))
	cutoffs := make([]time.Time, 0, len(r.Cases))
	for st, ttl := range r.Cases {
		statuses = append(statuses, st)
		cutoffs = append(cutoffs, now.Add(-ttl))
	}
	rows, err := d.pool.Query(bg(), `SELECT c.id FROM conversations c WHERE c.updated <= $1 AND NOT EXISTS (
			SELECT 1 FROM cases k LEFT JOIN unnest($2::text[], $3::timestamptz[]) AS r(status, cutoff) ON r.status = k.status
			WHERE k.conversation = c.id AND (r.status IS NULL OR k.created > r.cutoff))
		ORDER BY c.id`, now.Add(-r.ConversationIdle), statuses, cutoffs)
	if err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("store: retention: %w", err)
	}
	return out, nil
}

// erasedTables are the tables Delete removes rows from, for Compact.
var erasedTables = []string{"conv_keys", "conversations", "transcript", "endpoints", "dedupe", "cases",
	"case_history", "staff_conversations", "notes", "dead_letters", "outbox"}

// Delete removes conversations for good, in one transaction under their
// locks: their wrapped keys (which makes every copy of their sealed data
// unreadable, in WAL and backups too), records, transcripts, cases with
// their histories, outbox items and dead letters, bindings, de-duplication
// keys, staff records and notes. Bookings stay, holding their slots; their
// personal part can no longer be opened.
func (d *DB) Delete(ctx context.Context, ids []string) (store.Deleted, error) {
	if len(ids) == 0 {
		return store.Deleted{}, nil
	}
	var refs []string
	err := d.tx(ctx, func(tx pgx.Tx) error {
		locks := make([]int64, len(ids))
		for i, id := range ids {
			locks[i] = convLock(id)
		}
		if err := lock(ctx, tx, locks...); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `DELETE FROM cases WHERE conversation = ANY($1) RETURNING ref`, ids)
		if err != nil {
			return err
		}
		if refs, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return err
		}
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM case_history WHERE ref = ANY($1)`, refs)
		b.Queue(`DELETE FROM conv_keys WHERE conversation = ANY($1)`, ids)
		b.Queue(`DELETE FROM conversations WHERE id = ANY($1)`, ids)
		b.Queue(`DELETE FROM staff_conversations WHERE id = ANY($1)`, ids)
		for _, t := range []string{"transcript", "endpoints", "dedupe", "notes", "dead_letters", "outbox", "fanout"} {
			b.Queue(`DELETE FROM `+t+` WHERE conversation = ANY($1)`, ids)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return store.Deleted{}, fmt.Errorf("store: delete: %w", err)
	}
	for _, id := range ids {
		d.keys.drop(id)
	}
	slices.Sort(refs)
	return store.Deleted{Conversations: slices.Clone(ids), Cases: refs}, nil
}

// Compact runs VACUUM on the tables Delete changes, so that their dead
// rows are pruned and the space is reused. It cannot reach what lives
// outside the tables: the WAL segments (until checkpoints recycle them),
// WAL archives, replicas' and backups' copies keep the deleted rows' bytes.
// That is why Delete removes the wrapped key first: those copies hold only
// ciphertext under a key nobody keeps any more, and MACs.
func (d *DB) Compact(ctx context.Context) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	if _, err := d.pool.Exec(ctx, `VACUUM `+joinTables(erasedTables)); err != nil {
		return fmt.Errorf("store: compact: %w", err)
	}
	return nil
}

func joinTables(ts []string) string {
	out := ""
	for i, t := range ts {
		if i > 0 {
			out += ", "
		}
		out += pgx.Identifier{t}.Sanitize()
	}
	return out
}

// pruneChunk is how many de-duplication keys one step of PruneDedupe
// deletes, so that no step holds many row locks for long.
const pruneChunk = 1024

// PruneDedupe forgets the message ids of turns committed before before,
// in steps of pruneChunk keys, and returns how many went.
func (d *DB) PruneDedupe(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for {
		if d.closed.Load() {
			return total, store.ErrClosed
		}
		tag, err := d.pool.Exec(ctx, `DELETE FROM dedupe WHERE mac IN
			(SELECT mac FROM dedupe WHERE at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`, before, pruneChunk)
		if err != nil {
			return total, fmt.Errorf("store: prune dedupe: %w", err)
		}
		total += int(tag.RowsAffected())
		if tag.RowsAffected() < pruneChunk {
			return total, nil
		}
	}
}
