package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

// Buckets of the staff console. They are created with their first write;
// reads treat a missing bucket as empty.
var (
	bStaffAccounts = []byte("staff-accounts")
	bStaffSessions = []byte("staff-sessions")
	bStaffLogins   = []byte("staff-logins")
	bStaffDepts    = []byte("staff-departments")
	bStaffCanned   = []byte("staff-canned")
)

// write runs fn in the writer's shared transaction.
func (d *DB) write(ctx context.Context, fn func(tx *bbolt.Tx) error) error {
	if d.closed.Load() {
		return store.ErrClosed
	}
	return d.w.do(ctx, fn)
}

// getJSON reads key of bucket name into v; false when absent.
func getJSON(tx *bbolt.Tx, name, key []byte, v any) (bool, error) {
	b := tx.Bucket(name)
	if b == nil {
		return false, nil
	}
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("record %s/%s is corrupt: %w", name, key, err)
	}
	return true, nil
}

// putJSON writes v under key of bucket name, creating the bucket.
func putJSON(tx *bbolt.Tx, name, key []byte, v any) error {
	b, err := tx.CreateBucketIfNotExists(name)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// deleteKey removes key of bucket name, if both exist.
func deleteKey(tx *bbolt.Tx, name, key []byte) error {
	if b := tx.Bucket(name); b != nil {
		return b.Delete(key)
	}
	return nil
}

// viewJSON reads one record outside the writer.
func (d *DB) viewJSON(name, key []byte, v any) (bool, error) {
	var found bool
	err := d.view(func(tx *bbolt.Tx) error {
		var err error
		found, err = getJSON(tx, name, key, v)
		return err
	})
	return found, err
}

// each calls fn with every value of bucket name, in key order.
func (d *DB) each(name []byte, fn func(k, v []byte) error) error {
	return d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(name)
		if b == nil {
			return nil
		}
		return b.ForEach(fn)
	})
}

func accountKey(username string) []byte { return []byte(strings.ToLower(username)) }

// StaffAccount reads the account of username (case-insensitive).
func (d *DB) StaffAccount(username string) (store.StaffAccount, error) {
	var a store.StaffAccount
	found, err := d.viewJSON(bStaffAccounts, accountKey(username), &a)
	if err != nil {
		return store.StaffAccount{}, fmt.Errorf("store: staff account: %w", err)
	}
	if !found {
		return store.StaffAccount{}, store.ErrNotFound
	}
	return a, nil
}

// StaffAccounts lists every account, ordered by username.
func (d *DB) StaffAccounts() ([]store.StaffAccount, error) {
	var out []store.StaffAccount
	err := d.each(bStaffAccounts, func(k, v []byte) error {
		var a store.StaffAccount
		if err := json.Unmarshal(v, &a); err != nil {
			return fmt.Errorf("account %s is corrupt: %w", k, err)
		}
		out = append(out, a)
		return nil
	})
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
	k := accountKey(a.Username)
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		if b := tx.Bucket(bStaffAccounts); b != nil && b.Get(k) != nil {
			return store.ErrExists
		}
		return putJSON(tx, bStaffAccounts, k, a)
	})
	if err != nil {
		return fmt.Errorf("store: create staff account: %w", err)
	}
	return nil
}

// UpdateStaffAccount changes an account atomically: fn gets the stored
// account and edits it; an error from fn leaves it unchanged. The username
// cannot change.
func (d *DB) UpdateStaffAccount(ctx context.Context, username string, fn func(a *store.StaffAccount) error) (store.StaffAccount, error) {
	k := accountKey(username)
	var out store.StaffAccount
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		var a store.StaffAccount
		found, err := getJSON(tx, bStaffAccounts, k, &a)
		if err != nil {
			return err
		}
		if !found {
			return store.ErrNotFound
		}
		name := a.Username
		if err := fn(&a); err != nil {
			return err
		}
		a.Username = name
		out = a
		return putJSON(tx, bStaffAccounts, k, a)
	})
	if err != nil {
		return store.StaffAccount{}, fmt.Errorf("store: update staff account: %w", err)
	}
	return out, nil
}

// CreateStaffSession stores a new login.
func (d *DB) CreateStaffSession(ctx context.Context, s store.StaffSession) error {
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		return putJSON(tx, bStaffSessions, []byte(s.ID), s)
	})
	if err != nil {
		return fmt.Errorf("store: create staff session: %w", err)
	}
	return nil
}

// StaffSession reads a login by its id (the token's hash).
func (d *DB) StaffSession(id string) (store.StaffSession, error) {
	var s store.StaffSession
	found, err := d.viewJSON(bStaffSessions, []byte(id), &s)
	if err != nil {
		return store.StaffSession{}, fmt.Errorf("store: staff session: %w", err)
	}
	if !found {
		return store.StaffSession{}, store.ErrNotFound
	}
	return s, nil
}

// DeleteStaffSession ends one login.
func (d *DB) DeleteStaffSession(ctx context.Context, id string) error {
	err := d.write(ctx, func(tx *bbolt.Tx) error { return deleteKey(tx, bStaffSessions, []byte(id)) })
	if err != nil {
		return fmt.Errorf("store: delete staff session: %w", err)
	}
	return nil
}

// PruneStaffSessions deletes the sessions that expired before now and,
// when username is not empty, every session of that user.
func (d *DB) PruneStaffSessions(ctx context.Context, now time.Time, username string) (int, error) {
	var n int
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		n = 0
		b := tx.Bucket(bStaffSessions)
		if b == nil {
			return nil
		}
		var doomed [][]byte
		err := b.ForEach(func(k, v []byte) error {
			var s store.StaffSession
			if json.Unmarshal(v, &s) != nil || s.Expires.Before(now) ||
				(username != "" && strings.EqualFold(s.Username, username)) {
				doomed = append(doomed, append([]byte{}, k...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range doomed {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(doomed)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: prune staff sessions: %w", err)
	}
	return n, nil
}

// Departments lists the departments, ordered by id.
func (d *DB) Departments() ([]store.Department, error) {
	var out []store.Department
	err := d.each(bStaffDepts, func(k, v []byte) error {
		var dep store.Department
		if err := json.Unmarshal(v, &dep); err != nil {
			return fmt.Errorf("department %s is corrupt: %w", k, err)
		}
		out = append(out, dep)
		return nil
	})
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
	err := d.write(ctx, func(tx *bbolt.Tx) error { return putJSON(tx, bStaffDepts, []byte(dep.ID), dep) })
	if err != nil {
		return fmt.Errorf("store: put department: %w", err)
	}
	return nil
}

// CannedReplies lists the canned replies of department plus those for every
// department; department "" lists all of them.
func (d *DB) CannedReplies(department string) ([]store.CannedReply, error) {
	var out []store.CannedReply
	err := d.each(bStaffCanned, func(k, v []byte) error {
		var r store.CannedReply
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("canned reply %s is corrupt: %w", k, err)
		}
		if department == "" || r.Department == "" || r.Department == department {
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: canned replies: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, nil
}

// PutCannedReply creates (empty ID: one is assigned) or replaces a canned reply.
func (d *DB) PutCannedReply(ctx context.Context, r store.CannedReply) (store.CannedReply, error) {
	var out store.CannedReply
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		out = r
		if out.ID == "" {
			b, err := tx.CreateBucketIfNotExists(bStaffCanned)
			if err != nil {
				return err
			}
			seq, err := b.NextSequence()
			if err != nil {
				return err
			}
			out.ID = fmt.Sprintf("c%d", seq)
		}
		return putJSON(tx, bStaffCanned, []byte(out.ID), out)
	})
	if err != nil {
		return store.CannedReply{}, fmt.Errorf("store: put canned reply: %w", err)
	}
	return out, nil
}

// DeleteCannedReply removes a canned reply; ErrNotFound when there is none.
func (d *DB) DeleteCannedReply(ctx context.Context, id string) error {
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bStaffCanned)
		if b == nil || b.Get([]byte(id)) == nil {
			return store.ErrNotFound
		}
		return b.Delete([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("store: delete canned reply: %w", err)
	}
	return nil
}
