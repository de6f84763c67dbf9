package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/seal"
)

// convLock is the advisory lock that serialises the writes of one
// conversation across nodes: its turns, a reminder entering its transcript,
// its erasure. An advisory lock rather than SELECT … FOR UPDATE because the
// first turn of a conversation has no row to lock yet; it is 64 bits of
// SHA-256, so unrelated conversations practically never wait for each other.
func convLock(id string) int64 { return lockKey("conv", id) }

// CommitTurn stores a turn in one transaction under its conversation's
// lock and returns after COMMIT: a turn is durable before the channel
// acknowledges it. A turn whose dedupe key is known writes nothing.
func (d *DB) CommitTurn(ctx context.Context, t store.Turn) (store.TurnResult, error) {
	if t.Conversation == "" || t.Channel == "" {
		return store.TurnResult{}, fmt.Errorf("store: turn without conversation or channel")
	}
	if d.closed.Load() {
		return store.TurnResult{}, store.ErrClosed
	}
	secret, err := json.Marshal(seal.ConvSecret{Address: t.Address, State: t.State})
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: %w", err)
	}
	outbox := make([][]byte, len(t.Outbox))
	for i, o := range t.Outbox {
		if outbox[i], err = json.Marshal(seal.OutboxSecret{Address: o.Address, Body: o.Body}); err != nil {
			return store.TurnResult{}, fmt.Errorf("store: %w", err)
		}
	}
	for _, b := range t.Bookings {
		if b.Ref == "" || b.Office == "" {
			return store.TurnResult{}, errors.New("store: booking without reference or office")
		}
	}
	var dedupe, endpoint []byte
	if t.DedupeKey != "" {
		dedupe = d.index.MAC("msg", t.DedupeKey)
	}
	if t.Bind {
		endpoint = d.index.MAC("ep", t.Channel, t.Address)
	}
	note, err := d.turnNote(t)
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: %w", err)
	}
	var res store.TurnResult
	var head turnHead
	var ids []int64
	// Two round trips: BEGIN, the lock and the head; then the writes and
	// COMMIT. A turn with bookings or amendments reads under the lock
	// before it writes those, and commits alone.
	err = d.pipelined(ctx, func(b *pgx.Batch) {
		res, head, ids = store.TurnResult{}, turnHead{}, nil
		queueHead(b, &head, t.Conversation, dedupe, t.Time)
	}, func(tx pgx.Tx) (*pgx.Batch, error) {
		if head.duplicate {
			res.Duplicate = true
			return nil, nil // the dedupe key was known: nothing was written
		}
		b := &pgx.Batch{}
		sk, err := d.turnKey(b, t.Conversation, head.wrapped)
		if err != nil {
			return nil, err
		}
		sealedConv, err := sk.Seal(secret)
		if err != nil {
			return nil, err
		}
		if ids, err = d.queueTurn(b, sk, t, head.lastSeq, endpoint, outbox, sealedConv); err != nil {
			return nil, err
		}
		if len(t.Bookings) == 0 && len(t.Amendments) == 0 {
			return b, nil
		}
		if err := sendWrites(ctx, tx, b); err != nil {
			return nil, err
		}
		if err := d.applyBookings(ctx, tx, sk, t); err != nil {
			return nil, err
		}
		for _, a := range t.Amendments {
			ch, err := applyAmendment(ctx, tx, sk, t.Conversation, a)
			if err != nil {
				return nil, err
			}
			res.Amended = append(res.Amended, ch)
		}
		return nil, nil
	})
	if err != nil {
		return store.TurnResult{}, fmt.Errorf("store: commit turn: %w", caseExists(err)) // a *store.BookingConflict stays reachable
	}
	if !res.Duplicate {
		d.notes.add(note) // after COMMIT: see notifier
		res.OutboxIDs = make([]string, len(ids))
		for i, id := range ids {
			res.OutboxIDs[i] = formatID(id)
		}
	}
	return res, nil
}

// turnHead is what a turn reads under its conversation's lock.
type turnHead struct {
	duplicate bool   // the dedupe key was known: write nothing
	wrapped   []byte // the conversation's wrapped key; nil for a new one
	lastSeq   int64  // the transcript's last Seq
}

// queueHead queues taking the conversation's lock, claiming the dedupe key
// and reading the conversation's key and Seq counter into h (a batch runs
// its statements in order, each after the lock is held).
func queueHead(b *pgx.Batch, h *turnHead, id string, dedupe []byte, at time.Time) {
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, convLock(id))
	if dedupe != nil {
		b.Queue(`INSERT INTO dedupe (mac, conversation, at) VALUES ($1, $2, $3) ON CONFLICT (mac) DO NOTHING`, dedupe, id, at).
			Exec(func(tag pgconn.CommandTag) error { h.duplicate = tag.RowsAffected() == 0; return nil })
	}
	b.Queue(`SELECT wrapped FROM conv_keys WHERE conversation = $1`, id).
		QueryRow(func(r pgx.Row) error { return noRows(r.Scan(&h.wrapped)) })
	b.Queue(`SELECT last_seq FROM conversations WHERE id = $1`, id).
		QueryRow(func(r pgx.Row) error { return noRows(r.Scan(&h.lastSeq)) })
}

// turnKey opens the conversation's wrapped key, or makes a new key for a
// new conversation and queues storing it on b (under the lock the head
// took).
func (d *DB) turnKey(b *pgx.Batch, id string, wrapped []byte) (*pgp.SessionKey, error) {
	if wrapped != nil {
		return d.unwrap(id, wrapped)
	}
	sk, err := pgp.NewSessionKey()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	w, err := d.portal.Wrap(sk)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	b.Queue(`INSERT INTO conv_keys (conversation, wrapped) VALUES ($1, $2)`, id, w)
	d.keys.put(id, w, sk) // used only while the database holds w
	return sk, nil
}

// sendWrites sends a turn's write batch before the statements that follow
// it in the transaction.
func sendWrites(ctx context.Context, tx pgx.Tx, b *pgx.Batch) error {
	return tx.SendBatch(ctx, b).Close()
}

// caseExists names a turn's failure on an existing case reference.
func caseExists(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" && pe.TableName == "cases" {
		return fmt.Errorf("a case reference of the turn exists already: %w", err)
	}
	return err
}

// noRows treats pgx.ErrNoRows as no error.
func noRows(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	return err
}

// queueTurn queues on b a turn's binding, transcript entries, outbox
// items, cases and conversation record; the outbox ids are
// in the slice it returns once b has run.
func (d *DB) queueTurn(b *pgx.Batch, sk *pgp.SessionKey, t store.Turn, lastSeq int64,
	endpoint []byte, outbox [][]byte, sealedConv []byte) ([]int64, error) {
	if endpoint != nil {
		b.Queue(`INSERT INTO endpoints (mac, conversation) VALUES ($1, $2)
			ON CONFLICT (mac) DO UPDATE SET conversation = excluded.conversation`, endpoint, t.Conversation)
	}
	for _, e := range t.Entries {
		sealed, err := sk.Seal(e.Body)
		if err != nil {
			return nil, err
		}
		at := e.Time
		if at.IsZero() {
			at = t.Time
		}
		lastSeq++
		b.Queue(`INSERT INTO transcript (conversation, seq, at, kind, sealed) VALUES ($1, $2, $3, $4, $5)`,
			t.Conversation, lastSeq, at, entryKind(e.Kind), sealed)
	}
	ids := make([]int64, len(t.Outbox))
	for i, o := range t.Outbox {
		sealed, err := sk.Seal(outbox[i])
		if err != nil {
			return nil, err
		}
		next, scheduled := t.Time, false
		if !o.At.IsZero() {
			next, scheduled = o.At, true
		}
		b.Queue(`INSERT INTO outbox (channel, conversation, created, next_at, scheduled, sealed, node)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, o.Channel, t.Conversation, t.Time, next, scheduled, sealed, d.node).
			QueryRow(func(row pgx.Row) error { return row.Scan(&ids[i]) })
	}
	for _, c := range t.Cases {
		raw, err := json.Marshal(c.Answers)
		if err != nil {
			return nil, fmt.Errorf("case %s: encode answers: %w", c.Ref, err)
		}
		answers, err := sk.Seal(raw)
		if err != nil {
			return nil, err
		}
		var review, mac []byte
		if c.Review != "" {
			if review, err = sk.Seal([]byte(c.Review)); err != nil {
				return nil, err
			}
		}
		if c.Secret != "" {
			mac = d.CaseSecretMAC(c.Ref, c.Secret)
		}
		b.Queue(`INSERT INTO cases (ref, service, status, conversation, created, department, sealed, review, secret_mac)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			c.Ref, c.Service, c.Status, t.Conversation, c.Created, c.Department, answers, review, mac)
	}
	m := t.Meta
	b.Queue(`INSERT INTO conversations
		(id, channel, language, service, waiting, department, created, updated, last_seq, sealed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)
		ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, language = excluded.language,
			service = excluded.service, waiting = excluded.waiting, department = excluded.department,
			updated = excluded.updated, last_seq = excluded.last_seq, sealed = excluded.sealed`,
		t.Conversation, t.Channel, m.Language, m.Service, m.WaitingForStaff, m.Department, t.Time, lastSeq, sealedConv)
	return ids, nil
}

// entryKind is the stored kind of a transcript entry.
func entryKind(kind string) string {
	if kind == store.EntryOut {
		return store.EntryOut
	}
	return store.EntryIn
}

// formatID is an outbox id as the core sees it.
func formatID(id int64) string { return fmt.Sprintf("%016x", id) }

// parseID reads an outbox id.
func parseID(id string) (int64, error) {
	var n uint64
	if _, err := fmt.Sscanf(id, "%016x", &n); err != nil || len(id) != 16 || n > 1<<62 {
		return 0, fmt.Errorf("store: bad outbox id %q", id)
	}
	return int64(n), nil
}
