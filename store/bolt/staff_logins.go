package bolt

import (
	"context"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// LoginFailures reads the login counter of username.
func (d *DB) LoginFailures(username string) (store.LoginFailures, error) {
	var f store.LoginFailures
	if _, err := d.viewJSON(bStaffLogins, accountKey(username), &f); err != nil {
		return store.LoginFailures{}, fmt.Errorf("store: login failures: %w", err)
	}
	return f, nil
}

// ReserveLoginAttempt counts a login attempt of username before its
// password is checked, atomically: it refuses (false) while the username is
// locked or while limit attempts of the window are counted already, finished
// or still running. Attempts older than window are forgotten. Every
// reservation is ended with EndLoginAttempt.
func (d *DB) ReserveLoginAttempt(ctx context.Context, username string, now time.Time, limit int, window time.Duration) (store.LoginFailures, bool, error) {
	k := accountKey(username)
	var out store.LoginFailures
	var ok bool
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		var f store.LoginFailures
		if _, err := getJSON(tx, bStaffLogins, k, &f); err != nil {
			return err
		}
		out = f
		if ok = f.Reserve(now, limit, window); !ok {
			return nil
		}
		out = f
		return putJSON(tx, bStaffLogins, k, f)
	})
	if err != nil {
		return store.LoginFailures{}, false, fmt.Errorf("store: reserve login attempt: %w", err)
	}
	return out, ok, nil
}

// EndLoginAttempt ends an attempt ReserveLoginAttempt counted. A failed one
// stays counted, and when limit attempts are counted it locks the username
// until now+lock and starts the count again; any other (the password was
// right, or never checked) is given back. The caller checks LockedUntil of
// the result: a lock set meanwhile by parallel attempts holds for all.
func (d *DB) EndLoginAttempt(ctx context.Context, username string, now time.Time, failed bool, limit int, lock time.Duration) (store.LoginFailures, error) {
	k := accountKey(username)
	var out store.LoginFailures
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		var f store.LoginFailures
		if _, err := getJSON(tx, bStaffLogins, k, &f); err != nil {
			return err
		}
		f.End(now, failed, limit, lock)
		out = f
		return putJSON(tx, bStaffLogins, k, f)
	})
	if err != nil {
		return store.LoginFailures{}, fmt.Errorf("store: end login attempt: %w", err)
	}
	return out, nil
}

// ClearLoginFailures forgets the login attempts of username (an admin
// unlocked it).
func (d *DB) ClearLoginFailures(ctx context.Context, username string) error {
	err := d.write(ctx, func(tx *bbolt.Tx) error { return deleteKey(tx, bStaffLogins, accountKey(username)) })
	if err != nil {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return nil
}
