package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
)

// Staff records hold no citizen's data: they are stored as JSON (jsonb)
// like bolt's records, keyed for the look-ups the console makes.

func accountKey(username string) string { return strings.ToLower(username) }

// jsonRows collects the JSON column of a query into values of T.
func jsonRows[T any](rows pgx.Rows) ([]T, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) {
		var raw []byte
		var v T
		if err := r.Scan(&raw); err != nil {
			return v, err
		}
		return v, json.Unmarshal(raw, &v)
	})
}

// jsonRow reads one JSON value; ErrNotFound when the query finds no row.
func jsonRow[T any](row pgx.Row) (T, error) {
	var raw []byte
	var v T
	if err := row.Scan(&raw); err != nil {
		return v, notFound(err)
	}
	return v, json.Unmarshal(raw, &v)
}

// StaffAccount reads the account of username (case-insensitive).
func (d *DB) StaffAccount(username string) (store.StaffAccount, error) {
	a, err := jsonRow[store.StaffAccount](d.pool.QueryRow(bg(), `SELECT account FROM staff_accounts WHERE username = $1`, accountKey(username)))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return a, fmt.Errorf("store: staff account: %w", err)
	}
	return a, err
}

// StaffAccounts lists every account, ordered by username.
func (d *DB) StaffAccounts() ([]store.StaffAccount, error) {
	rows, err := d.pool.Query(bg(), `SELECT account FROM staff_accounts ORDER BY username COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store: staff accounts: %w", err)
	}
	out, err := jsonRows[store.StaffAccount](rows)
	if err != nil {
		return nil, fmt.Errorf("store: staff accounts: %w", err)
	}
	return out, nil
}

// CreateStaffAccount adds an account; ErrExists when the username is taken.
func (d *DB) CreateStaffAccount(ctx context.Context, a store.StaffAccount) error {
	if a.Username == "" {
		return fmt.Errorf("store: staff account without username")
	}
	if d.closed.Load() {
		return store.ErrClosed
	}
	raw, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("store: create staff account: %w", err)
	}
	tag, err := d.pool.Exec(ctx, `INSERT INTO staff_accounts (username, account) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		accountKey(a.Username), raw)
	if err != nil {
		return fmt.Errorf("store: create staff account: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: create staff account: %w", store.ErrExists)
	}
	return nil
}

// UpdateStaffAccount changes an account atomically (the row locked): fn
// gets the stored account and edits it; an error from fn leaves it
// unchanged. The username cannot change.
func (d *DB) UpdateStaffAccount(ctx context.Context, username string, fn func(a *store.StaffAccount) error) (store.StaffAccount, error) {
	k := accountKey(username)
	var out store.StaffAccount
	err := d.tx(ctx, func(tx pgx.Tx) error {
		a, err := jsonRow[store.StaffAccount](tx.QueryRow(ctx, `SELECT account FROM staff_accounts WHERE username = $1 FOR UPDATE`, k))
		if err != nil {
			return err
		}
		name := a.Username
		if err := fn(&a); err != nil {
			return err
		}
		a.Username = name
		raw, err := json.Marshal(a)
		if err != nil {
			return err
		}
		out = a
		_, err = tx.Exec(ctx, `UPDATE staff_accounts SET account = $2 WHERE username = $1`, k, raw)
		return err
	})
	if err != nil {
		return store.StaffAccount{}, fmt.Errorf("store: update staff account: %w", err)
	}
	return out, nil
}

// CreateStaffSession stores a new login.
func (d *DB) CreateStaffSession(ctx context.Context, s store.StaffSession) error {
	raw, err := json.Marshal(s)
	if err == nil {
		_, err = d.pool.Exec(ctx, `INSERT INTO staff_sessions (id, username, expires, session) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET username = excluded.username, expires = excluded.expires, session = excluded.session`,
			s.ID, accountKey(s.Username), s.Expires, raw)
	}
	if err != nil {
		return fmt.Errorf("store: create staff session: %w", err)
	}
	return nil
}

// StaffSession reads a login by its id (the token's hash).
func (d *DB) StaffSession(id string) (store.StaffSession, error) {
	s, err := jsonRow[store.StaffSession](d.pool.QueryRow(bg(), `SELECT session FROM staff_sessions WHERE id = $1`, id))
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return s, fmt.Errorf("store: staff session: %w", err)
	}
	return s, err
}

// DeleteStaffSession ends one login.
func (d *DB) DeleteStaffSession(ctx context.Context, id string) error {
	if _, err := d.pool.Exec(ctx, `DELETE FROM staff_sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete staff session: %w", err)
	}
	return nil
}

// PruneStaffSessions deletes the sessions that expired before now and,
// when username is not empty, every session of that user.
func (d *DB) PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error) {
	tag, err := d.pool.Exec(ctx, `DELETE FROM staff_sessions WHERE expires < $1 OR ($2 <> '' AND username = $2)`,
		now, accountKey(username))
	if err != nil {
		return 0, fmt.Errorf("store: prune staff sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Departments lists the departments, ordered by id.
func (d *DB) Departments() ([]store.Department, error) {
	rows, err := d.pool.Query(bg(), `SELECT department FROM departments ORDER BY id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store: departments: %w", err)
	}
	out, err := jsonRows[store.Department](rows)
	if err != nil {
		return nil, fmt.Errorf("store: departments: %w", err)
	}
	return out, nil
}

// PutDepartment creates or replaces a department.
func (d *DB) PutDepartment(ctx context.Context, dep store.Department) error {
	if dep.ID == "" {
		return fmt.Errorf("store: department without id")
	}
	raw, err := json.Marshal(dep)
	if err == nil {
		_, err = d.pool.Exec(ctx, `INSERT INTO departments (id, department) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET department = excluded.department`, dep.ID, raw)
	}
	if err != nil {
		return fmt.Errorf("store: put department: %w", err)
	}
	return nil
}

// CannedReplies lists the canned replies of department plus those for every
// department, by title; department "" lists all of them.
func (d *DB) CannedReplies(department string) ([]store.CannedReply, error) {
	rows, err := d.pool.Query(bg(), `SELECT id, department, language, title, text FROM canned_replies
		WHERE $1 = '' OR department = '' OR department = $1 ORDER BY title COLLATE "C", id`, department)
	if err != nil {
		return nil, fmt.Errorf("store: canned replies: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[store.CannedReply])
	if err != nil {
		return nil, fmt.Errorf("store: canned replies: %w", err)
	}
	return out, nil
}

// PutCannedReply creates (empty ID: one is assigned) or replaces a canned reply.
func (d *DB) PutCannedReply(ctx context.Context, r store.CannedReply) (store.CannedReply, error) {
	if r.ID == "" {
		var n int64
		if err := d.pool.QueryRow(ctx, `SELECT nextval('canned_seq')`).Scan(&n); err != nil {
			return store.CannedReply{}, fmt.Errorf("store: put canned reply: %w", err)
		}
		r.ID = fmt.Sprintf("c%d", n)
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO canned_replies (id, department, language, title, text) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET department = excluded.department, language = excluded.language,
			title = excluded.title, text = excluded.text`,
		r.ID, r.Department, r.Language, r.Title, r.Text)
	if err != nil {
		return store.CannedReply{}, fmt.Errorf("store: put canned reply: %w", err)
	}
	return r, nil
}

// DeleteCannedReply removes a canned reply; ErrNotFound when there is none.
func (d *DB) DeleteCannedReply(ctx context.Context, id string) error {
	tag, err := d.pool.Exec(ctx, `DELETE FROM canned_replies WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: delete canned reply: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}
