package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
	"amtsbote/store/seal"
)

// dueChunk is how many candidates DueExcept reads at a time.
const dueChunk = 256

// foreignGrace is how long an item stays its writing node's to send: that
// node is woken at once and sends it in milliseconds; another takes it
// over only when it was not taken for this long.
const foreignGrace = 2 * time.Second

// dueQuery selects the items of channel $1 due at $2 after id $3, in
// write order, that no other node ($5) holds a live lease on, leaving out
// those behind an earlier item of their conversation that waits for its
// retry (not scheduled, due later than $2) or that another node is sending.
// Another node's item is taken only once it is overdue by foreignGrace ($6:
// its node died before taking it). A scheduled item holds back nothing.
// The rows are locked (SKIP LOCKED: an
// item being marked delivered or retried is left out) until the lease is
// written.
const dueQuery = `SELECT o.id, o.conversation, o.attempts, o.created, o.next_at, o.sealed, k.wrapped
	FROM outbox o JOIN conv_keys k ON k.conversation = o.conversation
	WHERE o.channel = $1 AND o.next_at <= $2 AND o.id > $3
	  AND (o.leased_until IS NULL OR o.leased_until <= now() OR o.leased_by = $5)
	  AND (o.node IS NULL OR o.node = $5 OR o.next_at <= $6)
	  AND NOT EXISTS (SELECT 1 FROM outbox h WHERE h.channel = o.channel AND h.conversation = o.conversation
		AND h.id < o.id AND NOT h.scheduled
		AND (h.next_at > $2 OR h.leased_until > now() AND h.leased_by <> $5))
	ORDER BY o.id LIMIT $4
	FOR UPDATE OF o SKIP LOCKED`

// Due returns up to limit outbox items of channel whose time has come, in
// the order they were written, leaving out those behind an earlier item of
// the same conversation that is not due yet, and the earliest time of those
// not yet due (zero when there are none).
func (d *DB) Due(channel string, now time.Time, limit int) ([]store.Delivery, time.Time, error) {
	return d.DueExcept(channel, now, limit, nil)
}

// DueExcept is Due leaving out the items for which except reports true: a
// sender's replies sent but not yet recorded as delivered. They count as
// delivered, so they hold back nothing.
//
// Several nodes drain one outbox: the items returned are leased to this
// node (Options.Lease) and no other node gets them until they are
// delivered, retried or the lease runs out (the node died mid-send). The
// nodes take their leases of a channel one after the other (a transaction
// advisory lock), so that no node takes a later item of a conversation
// while another is taking an earlier one.
func (d *DB) DueExcept(channel string, now time.Time, limit int, except func(id string) bool) ([]store.Delivery, time.Time, error) {
	var out []store.Delivery
	var next *time.Time
	var first []dueRow
	query := func(after int64) (string, []any) {
		return dueQuery, []any{channel, now, after, dueChunk, d.node, now.Add(-foreignGrace)}
	}
	// Two round trips: BEGIN, the lock and the first candidates; then the
	// leases, the next time to look and COMMIT.
	err := d.pipelined(bg(), func(b *pgx.Batch) {
		out, next, first = out[:0], nil, nil
		b.Queue(`SELECT pg_advisory_xact_lock($1)`, lockKey("outbox-due", channel))
		sql, args := query(0)
		b.Queue(sql, args...).Query(func(rows pgx.Rows) (err error) {
			first, err = pgx.CollectRows(rows, scanDue)
			return err
		})
	}, func(tx pgx.Tx) (*pgx.Batch, error) {
		var leased []int64
		list := first
		if limit <= 0 {
			list = nil
		}
		for {
			for _, x := range list {
				dl := x.d
				dl.ID, dl.Channel = formatID(x.id), channel
				if except != nil && except(dl.ID) {
					continue
				}
				sec, err := d.openOutbox(dl.Conversation, x.wrapped, x.sealed)
				if err != nil {
					return nil, fmt.Errorf("outbox item %s: %w", dl.ID, err)
				}
				dl.Address, dl.Body = sec.Address, sec.Body
				leased = append(leased, x.id)
				if out = append(out, dl); len(out) == limit {
					break
				}
			}
			if len(out) == limit || len(list) < dueChunk {
				break
			}
			sql, args := query(list[len(list)-1].id)
			rows, err := tx.Query(bg(), sql, args...)
			if err != nil {
				return nil, err
			}
			if list, err = pgx.CollectRows(rows, scanDue); err != nil {
				return nil, err
			}
		}
		b := &pgx.Batch{}
		if len(leased) > 0 {
			b.Queue(`UPDATE outbox SET leased_by = $1, leased_until = now() + make_interval(secs => $2)
				WHERE id = ANY($3)`, d.node, d.lease.Seconds(), leased)
		}
		// The next time to look: an item's retry, another node's item
		// becoming overdue, or another node's lease running out.
		b.Queue(`SELECT min(t) FROM (
			SELECT min(next_at) AS t FROM outbox WHERE channel = $1 AND next_at > $2
			UNION ALL SELECT min(next_at) + make_interval(secs => $4) FROM outbox
				WHERE channel = $1 AND next_at <= $2 AND next_at > $2 - make_interval(secs => $4) AND node <> $3
			UNION ALL SELECT min(leased_until) FROM outbox WHERE channel = $1 AND leased_until > now() AND leased_by <> $3) x`,
			channel, now, d.node, foreignGrace.Seconds()).QueryRow(func(r pgx.Row) error { return r.Scan(&next) })
		return b, nil
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: outbox: %w", err)
	}
	return out, timeOf(next), nil
}

// dueRow is a candidate dueQuery read.
type dueRow struct {
	d       store.Delivery
	id      int64
	sealed  []byte
	wrapped []byte
}

func scanDue(r pgx.CollectableRow) (dueRow, error) {
	var x dueRow
	err := r.Scan(&x.id, &x.d.Conversation, &x.d.Attempts, &x.d.Created, &x.d.NextAt, &x.sealed, &x.wrapped)
	return x, err
}

// openOutbox decrypts an outbox item's content.
func (d *DB) openOutbox(conv string, wrapped, sealed []byte) (seal.OutboxSecret, error) {
	var sec seal.OutboxSecret
	sk, err := d.unwrap(conv, wrapped)
	if err != nil {
		return sec, err
	}
	raw, err := sk.Open(sealed)
	if err != nil {
		return sec, err
	}
	err = json.Unmarshal(raw, &sec)
	return sec, err
}

// Delivered removes a delivered item from the outbox (see DeliveredAll).
func (d *DB) Delivered(ctx context.Context, channel, id string) error {
	return d.DeliveredAll(ctx, channel, []string{id})
}

// DeliveredAll removes delivered items of channel from the outbox, all in
// one transaction. Items already gone are skipped. A scheduled item (a
// reminder) enters its conversation's transcript in the same transaction,
// under the conversation's lock. When the batch fails, each item is tried
// alone, so one bad item does not keep the others in the outbox.
func (d *DB) DeliveredAll(ctx context.Context, channel string, ids []string) error {
	nums := make([]int64, 0, len(ids))
	for _, id := range ids {
		n, err := parseID(id)
		if err != nil {
			return err
		}
		nums = append(nums, n)
	}
	err := d.delivered(ctx, channel, nums)
	if err == nil || len(nums) == 1 || ctx.Err() != nil || errors.Is(err, store.ErrClosed) {
		return err
	}
	errs := []error{err}
	for _, n := range nums {
		if err := d.delivered(ctx, channel, []int64{n}); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// delivered removes ids in one transaction: two round trips when none is
// a reminder (BEGIN and the reminders' conversations; the fanout copy,
// the delete and COMMIT).
func (d *DB) delivered(ctx context.Context, channel string, ids []int64) error {
	var convs []string
	err := d.pipelined(ctx, func(b *pgx.Batch) {
		// The conversations of the scheduled items: locked before their
		// transcripts grow. Neither changes while an item exists.
		b.Queue(`SELECT DISTINCT conversation FROM outbox WHERE channel = $1 AND id = ANY($2) AND scheduled`, channel, ids).
			Query(func(rows pgx.Rows) (err error) {
				convs, err = pgx.CollectRows(rows, pgx.RowTo[string])
				return err
			})
	}, func(tx pgx.Tx) (*pgx.Batch, error) {
		if len(convs) > 0 {
			if err := d.deliveredReminders(ctx, tx, channel, ids, convs); err != nil {
				return nil, err
			}
		}
		b := &pgx.Batch{}
		if d.fanout[channel] {
			d.queueFanout(b, channel, ids)
		}
		b.Queue(`DELETE FROM outbox WHERE channel = $1 AND id = ANY($2)`, channel, ids)
		return b, nil
	})
	if err != nil {
		return fmt.Errorf("store: mark delivered: %w", err)
	}
	return nil
}

// deliveredReminders removes the delivered reminders among ids and adds
// them to their conversations' transcripts, under the locks of convs.
func (d *DB) deliveredReminders(ctx context.Context, tx pgx.Tx, channel string, ids []int64, convs []string) error {
	locks := make([]int64, len(convs))
	for i, c := range convs {
		locks[i] = convLock(c)
	}
	if err := lock(ctx, tx, locks...); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `DELETE FROM outbox WHERE channel = $1 AND id = ANY($2) AND scheduled
		RETURNING conversation, sealed`, channel, ids)
	if err != nil {
		return err
	}
	type sent struct {
		conv   string
		sealed []byte
	}
	reminders, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sent, error) {
		var s sent
		return s, r.Scan(&s.conv, &s.sealed)
	})
	if err != nil {
		return err
	}
	for _, r := range reminders {
		if err := d.appendReminder(ctx, tx, r.conv, r.sealed); err != nil {
			return err
		}
	}
	return nil
}

// appendReminder adds a delivered reminder to its conversation's
// transcript; the caller holds the conversation's lock. A conversation
// deleted meanwhile is skipped.
func (d *DB) appendReminder(ctx context.Context, tx pgx.Tx, conv string, sealed []byte) error {
	sk, err := d.key(ctx, tx, conv, false)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	raw, err := sk.Open(sealed)
	if err != nil {
		return err
	}
	var sec seal.OutboxSecret
	if err := json.Unmarshal(raw, &sec); err != nil {
		return err
	}
	entry, err := sk.Seal(sec.Body)
	if err != nil {
		return err
	}
	var seq int64
	err = tx.QueryRow(ctx, `UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`, conv).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO transcript (conversation, seq, at, kind, sealed) VALUES ($1, $2, $3, $4, $5)`,
		conv, seq, time.Now(), store.EntryOut, entry)
	return err
}

// Retry records a failed attempt and when to try again.
func (d *DB) Retry(ctx context.Context, channel, id string, next time.Time) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	if d.closed.Load() {
		return store.ErrClosed
	}
	_, err = d.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, next_at = $3, leased_by = NULL, leased_until = NULL
		WHERE channel = $1 AND id = $2`,
		channel, n, next)
	if err != nil {
		return fmt.Errorf("store: mark retry: %w", err)
	}
	return nil
}

// GiveUp moves an item that cannot be delivered to the dead letters, its
// reason sealed with the conversation's key (errors may quote addresses).
func (d *DB) GiveUp(ctx context.Context, channel, id string, reason string, now time.Time) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	err = d.tx(ctx, func(tx pgx.Tx) error {
		var conv string
		var attempts int
		var created time.Time
		var sealed []byte
		err := tx.QueryRow(ctx, `DELETE FROM outbox WHERE channel = $1 AND id = $2
			RETURNING conversation, attempts, created, sealed`, channel, n).Scan(&conv, &attempts, &created, &sealed)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // delivered or given up before
		}
		if err != nil {
			return err
		}
		var why []byte
		if sk, err := d.key(ctx, tx, conv, false); err == nil {
			if why, err = sk.Seal([]byte(reason)); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO dead_letters (id, channel, conversation, attempts, created, failed, sealed, reason)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`, n, channel, conv, attempts, created, now, sealed, why)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: give up: %w", err)
	}
	return nil
}
