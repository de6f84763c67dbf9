package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
)

const staffConvCols = `id, department, since, reason, agent, claimed`

func scanStaffConv(row pgx.Row) (store.StaffConversation, error) {
	var sc store.StaffConversation
	var since, claimed *time.Time
	err := row.Scan(&sc.ID, &sc.Department, &since, &sc.Reason, &sc.Agent, &claimed)
	sc.Since, sc.Claimed = timeOf(since), timeOf(claimed)
	return sc, err
}

// StaffConversation reads the staff record of a conversation; ErrNotFound
// when the conversation neither waits for nor is handled by staff.
func (d *DB) StaffConversation(id string) (store.StaffConversation, error) {
	sc, err := scanStaffConv(d.pool.QueryRow(bg(), `SELECT `+staffConvCols+` FROM staff_conversations WHERE id = $1`, id))
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return store.StaffConversation{}, store.ErrNotFound
		}
		return store.StaffConversation{}, fmt.Errorf("store: staff conversation: %w", err)
	}
	return sc, nil
}

// StaffConversations lists every staff record of a conversation.
func (d *DB) StaffConversations() ([]store.StaffConversation, error) {
	rows, err := d.pool.Query(bg(), `SELECT `+staffConvCols+` FROM staff_conversations ORDER BY id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store: staff conversations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.StaffConversation, error) { return scanStaffConv(r) })
	if err != nil {
		return nil, fmt.Errorf("store: staff conversations: %w", err)
	}
	return out, nil
}

// UpdateStaffConversation changes a conversation's staff record in one
// transaction under an advisory lock on it (the record may not exist yet,
// so there is no row to lock): fn gets the stored record (zero with exists
// false when there is none, ID set) and edits it; keep false deletes the
// record; an error from fn changes nothing. fn may run more than once.
func (d *DB) UpdateStaffConversation(ctx context.Context, id string,
	fn func(sc *store.StaffConversation, exists bool) (keep bool, err error)) (store.StaffConversation, error) {
	var out store.StaffConversation
	err := d.tx(ctx, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockKey("staff-conv", id)); err != nil {
			return err
		}
		sc, err := scanStaffConv(tx.QueryRow(ctx, `SELECT `+staffConvCols+` FROM staff_conversations WHERE id = $1`, id))
		exists := err == nil
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		sc.ID = id
		keep, err := fn(&sc, exists)
		if err != nil {
			return err
		}
		sc.ID = id
		out = sc
		if !keep {
			out = store.StaffConversation{ID: id}
			_, err := tx.Exec(ctx, `DELETE FROM staff_conversations WHERE id = $1`, id)
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO staff_conversations (`+staffConvCols+`) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (id) DO UPDATE SET department = excluded.department, since = excluded.since,
				reason = excluded.reason, agent = excluded.agent, claimed = excluded.claimed`,
			id, sc.Department, nullTime(sc.Since), sc.Reason, sc.Agent, nullTime(sc.Claimed))
		return err
	})
	if err != nil {
		return store.StaffConversation{}, fmt.Errorf("store: staff conversation: %w", err)
	}
	return out, nil
}

// ClaimConversation gives a conversation to agent in one transaction: it
// fails with ErrClaimed when another agent holds it, and then returns the
// record with that agent. department is recorded when the record has none yet.
func (d *DB) ClaimConversation(ctx context.Context, id, agent, department string, now time.Time) (store.StaffConversation, error) {
	var holder string
	sc, err := d.UpdateStaffConversation(ctx, id, func(sc *store.StaffConversation, exists bool) (bool, error) {
		holder = ""
		if sc.Agent != "" && sc.Agent != agent {
			holder = sc.Agent
			return false, store.ErrClaimed
		}
		if !exists {
			sc.Department, sc.Since = department, now
		}
		if sc.Agent != agent {
			sc.Agent, sc.Claimed = agent, now
		}
		return true, nil
	})
	if errors.Is(err, store.ErrClaimed) {
		return store.StaffConversation{ID: id, Agent: holder}, err
	}
	return sc, err
}

// AddNote seals a note with the conversation's key and appends it.
func (d *DB) AddNote(ctx context.Context, conversation string, n store.Note) (store.Note, error) {
	sk, err := d.key(ctx, d.pool, conversation, false)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	raw, err := json.Marshal(n)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	sealed, err := sk.Seal(raw)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	var seq int64
	err = d.pool.QueryRow(ctx, `INSERT INTO notes (conversation, sealed) VALUES ($1, $2) RETURNING seq`, conversation, sealed).Scan(&seq)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	n.Seq = uint64(seq)
	return n, nil
}

// Notes opens a conversation's notes, oldest first.
func (d *DB) Notes(conversation string) ([]store.Note, error) {
	rows, err := d.pool.Query(bg(), `SELECT seq, sealed FROM notes WHERE conversation = $1 ORDER BY seq`, conversation)
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	type row struct {
		seq    int64
		sealed []byte
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (row, error) {
		var x row
		return x, r.Scan(&x.seq, &x.sealed)
	})
	if err != nil || len(list) == 0 {
		if err != nil {
			err = fmt.Errorf("store: notes: %w", err)
		}
		return nil, err
	}
	sk, err := d.key(bg(), d.pool, conversation, false)
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	out := make([]store.Note, 0, len(list))
	for _, x := range list {
		raw, err := sk.Open(x.sealed)
		if err != nil {
			return nil, fmt.Errorf("store: note %d: %w", x.seq, err)
		}
		var n store.Note
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, fmt.Errorf("store: note %d: %w", x.seq, err)
		}
		n.Seq = uint64(x.seq)
		out = append(out, n)
	}
	return out, nil
}

// Audit appends an entry to the audit log.
func (d *DB) Audit(ctx context.Context, e store.AuditEntry) error {
	_, err := d.pool.Exec(ctx, `INSERT INTO audit (at, actor, action, object) VALUES ($1, $2, $3, $4)`,
		e.Time, e.Actor, e.Action, e.Object)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditLog returns up to limit entries before seq `before` (0: the newest),
// newest first.
func (d *DB) AuditLog(before uint64, limit int) ([]store.AuditEntry, error) {
	rows, err := d.pool.Query(bg(), `SELECT seq, at, actor, action, object FROM audit
		WHERE $1 = 0 OR seq < $1 ORDER BY seq DESC LIMIT $2`, int64(min(before, 1<<62)), limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.AuditEntry, error) {
		var e store.AuditEntry
		var seq int64
		err := r.Scan(&seq, &e.Time, &e.Actor, &e.Action, &e.Object)
		e.Seq = uint64(seq)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}
