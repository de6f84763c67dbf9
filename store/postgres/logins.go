package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/store"
)

// loginRow reads and locks the login counter of key inside tx, creating an
// empty one first, so that parallel attempts on any node count one after
// the other.
func loginRow(ctx context.Context, tx pgx.Tx, key string) (store.LoginFailures, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO staff_logins (username) VALUES ($1) ON CONFLICT DO NOTHING`, key); err != nil {
		return store.LoginFailures{}, err
	}
	return scanLogin(tx.QueryRow(ctx, `SELECT count, last, locked_until FROM staff_logins WHERE username = $1 FOR UPDATE`, key))
}

func scanLogin(row pgx.Row) (store.LoginFailures, error) {
	var f store.LoginFailures
	var last, locked *time.Time
	err := row.Scan(&f.Count, &last, &locked)
	f.Last, f.LockedUntil = timeOf(last), timeOf(locked)
	return f, err
}

func putLogin(ctx context.Context, tx pgx.Tx, key string, f store.LoginFailures) error {
	_, err := tx.Exec(ctx, `UPDATE staff_logins SET count = $2, last = $3, locked_until = $4 WHERE username = $1`,
		key, f.Count, nullTime(f.Last), nullTime(f.LockedUntil))
	return err
}

// LoginFailures reads the login counter of username.
func (d *DB) LoginFailures(username string) (store.LoginFailures, error) {
	f, err := scanLogin(d.pool.QueryRow(bg(), `SELECT count, last, locked_until FROM staff_logins WHERE username = $1`,
		accountKey(username)))
	if err != nil {
		if err = notFound(err); err == store.ErrNotFound {
			return store.LoginFailures{}, nil
		}
		return store.LoginFailures{}, fmt.Errorf("store: login failures: %w", err)
	}
	return f, nil
}

// ReserveLoginAttempt counts a login attempt of username before its
// password is checked, atomically (the counter's row locked): it refuses
// (false) while the username is locked or while limit attempts of the
// window are counted already, finished or still running. Attempts older
// than window are forgotten. Every reservation is ended with EndLoginAttempt.
func (d *DB) ReserveLoginAttempt(ctx context.Context, username string, now time.Time, limit int, window time.Duration) (store.LoginFailures, bool, error) {
	k := accountKey(username)
	var out store.LoginFailures
	var ok bool
	err := d.tx(ctx, func(tx pgx.Tx) error {
		f, err := loginRow(ctx, tx, k)
		if err != nil {
			return err
		}
		out = f
		if ok = f.Reserve(now, limit, window); !ok {
			return nil
		}
		out = f
		return putLogin(ctx, tx, k, f)
	})
	if err != nil {
		return store.LoginFailures{}, false, fmt.Errorf("store: reserve login attempt: %w", err)
	}
	return out, ok, nil
}

// EndLoginAttempt ends an attempt ReserveLoginAttempt counted. A failed one
// stays counted, and when limit attempts are counted it locks the username
// until now+lock and starts the count again; any other is given back.
func (d *DB) EndLoginAttempt(ctx context.Context, username string, now time.Time, failed bool, limit int, lock time.Duration) (store.LoginFailures, error) {
	k := accountKey(username)
	var out store.LoginFailures
	err := d.tx(ctx, func(tx pgx.Tx) error {
		f, err := loginRow(ctx, tx, k)
		if err != nil {
			return err
		}
		f.End(now, failed, limit, lock)
		out = f
		return putLogin(ctx, tx, k, f)
	})
	if err != nil {
		return store.LoginFailures{}, fmt.Errorf("store: end login attempt: %w", err)
	}
	return out, nil
}

// ClearLoginFailures forgets the login attempts of username.
func (d *DB) ClearLoginFailures(ctx context.Context, username string) error {
	if _, err := d.pool.Exec(ctx, `DELETE FROM staff_logins WHERE username = $1`, accountKey(username)); err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}
