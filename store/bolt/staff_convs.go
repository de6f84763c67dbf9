package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/store"
)

var (
	bStaffConvs = []byte("staff-conversations")
	bStaffNotes = []byte("staff-notes")
	bStaffAudit = []byte("staff-audit")
)

// WaitingConversations lists the conversations whose dialog waits for staff
// (Meta.WaitingForStaff), from their plaintext part. It reads every
// conversation record: O(n) in all conversations, fine for one city's
// volume; an index kept by CommitTurn would make it O(waiting).
func (d *DB) WaitingConversations() ([]store.ConversationInfo, error) {
	var out []store.ConversationInfo
	err := d.view(func(tx *bbolt.Tx) error {
		return tx.Bucket(bConvs).ForEach(func(k, v []byte) error {
			rec, err := decodeConv(v)
			if err != nil {
				return fmt.Errorf("conversation %s: %w", k, err)
			}
			if rec.Meta.WaitingForStaff {
				out = append(out, convInfo(string(k), rec))
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: waiting conversations: %w", err)
	}
	return out, nil
}

// ConversationInfo reads the plaintext part of one conversation.
func (d *DB) ConversationInfo(id string) (store.ConversationInfo, error) {
	rec, err := d.convRecordOf(id)
	if err != nil {
		return store.ConversationInfo{}, err
	}
	return convInfo(id, rec), nil
}

// StaffConversation reads the staff record of a conversation; ErrNotFound
// when the conversation neither waits for nor is handled by staff.
func (d *DB) StaffConversation(id string) (store.StaffConversation, error) {
	var sc store.StaffConversation
	found, err := d.viewJSON(bStaffConvs, []byte(id), &sc)
	if err != nil {
		return store.StaffConversation{}, fmt.Errorf("store: staff conversation: %w", err)
	}
	if !found {
		return store.StaffConversation{}, store.ErrNotFound
	}
	return sc, nil
}

// StaffConversations lists every staff record of a conversation.
func (d *DB) StaffConversations() ([]store.StaffConversation, error) {
	var out []store.StaffConversation
	err := d.each(bStaffConvs, func(k, v []byte) error {
		var sc store.StaffConversation
		if err := json.Unmarshal(v, &sc); err != nil {
			return fmt.Errorf("staff conversation %s is corrupt: %w", k, err)
		}
		out = append(out, sc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: staff conversations: %w", err)
	}
	return out, nil
}

// UpdateStaffConversation changes a conversation's staff record in one
// write: fn gets the stored record (zero with exists false when there is
// none, ID set) and edits it; keep false deletes the record; an error from
// fn changes nothing. fn may run more than once and must only edit sc.
func (d *DB) UpdateStaffConversation(ctx context.Context, id string,
	fn func(sc *store.StaffConversation, exists bool) (keep bool, err error)) (store.StaffConversation, error) {
	var out store.StaffConversation
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		var sc store.StaffConversation
		exists, err := getJSON(tx, bStaffConvs, []byte(id), &sc)
		if err != nil {
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
			return deleteKey(tx, bStaffConvs, []byte(id))
		}
		return putJSON(tx, bStaffConvs, []byte(id), sc)
	})
	if err != nil {
		return store.StaffConversation{}, fmt.Errorf("store: staff conversation: %w", err)
	}
	return out, nil
}

// ClaimConversation gives a conversation to agent in one write: it fails
// with ErrClaimed when another agent holds it, and then returns the record
// with that agent. department is recorded when the record has none yet.
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

// ReleaseConversation drops agent's claim; with agent "" any claim. It
// fails with ErrClaimed when another agent holds the conversation.
func (d *DB) ReleaseConversation(ctx context.Context, id, agent string) error {
	_, err := d.UpdateStaffConversation(ctx, id, func(sc *store.StaffConversation, exists bool) (bool, error) {
		if agent != "" && sc.Agent != "" && sc.Agent != agent {
			return false, store.ErrClaimed
		}
		sc.Agent, sc.Claimed = "", time.Time{}
		return exists, nil
	})
	return err
}

// AddNote seals a note with the conversation's key and appends it.
func (d *DB) AddNote(ctx context.Context, conversation string, n store.Note) (store.Note, error) {
	ck, err := d.key(conversation, false)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	raw, err := json.Marshal(n)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	sealed, err := ck.key.Seal(raw)
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	err = d.write(ctx, func(tx *bbolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bStaffNotes)
		if err != nil {
			return err
		}
		b, err := root.CreateBucketIfNotExists([]byte(conversation))
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		n.Seq = seq
		return b.Put(u64(seq), sealed)
	})
	if err != nil {
		return store.Note{}, fmt.Errorf("store: note: %w", err)
	}
	return n, nil
}

// Notes opens a conversation's notes, oldest first.
func (d *DB) Notes(conversation string) ([]store.Note, error) {
	type row struct {
		seq    uint64
		sealed []byte
	}
	var rows []row
	err := d.view(func(tx *bbolt.Tx) error {
		root := tx.Bucket(bStaffNotes)
		if root == nil {
			return nil
		}
		b := root.Bucket([]byte(conversation))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			rows = append(rows, row{seq: binary.BigEndian.Uint64(k), sealed: append([]byte{}, v...)})
			return nil
		})
	})
	if err != nil || len(rows) == 0 {
		return nil, wrapErr("notes", err)
	}
	ck, err := d.key(conversation, false)
	if err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	out := make([]store.Note, 0, len(rows))
	for _, r := range rows {
		raw, err := ck.key.Open(r.sealed)
		if err != nil {
			return nil, fmt.Errorf("store: note %d: %w", r.seq, err)
		}
		var n store.Note
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, fmt.Errorf("store: note %d: %w", r.seq, err)
		}
		n.Seq = r.seq
		out = append(out, n)
	}
	return out, nil
}

// Audit appends an entry to the audit log.
func (d *DB) Audit(ctx context.Context, e store.AuditEntry) error {
	err := d.write(ctx, func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bStaffAudit)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.Seq = seq
		raw, err := json.Marshal(e)
		if err != nil {
			return err
		}
		return b.Put(u64(seq), raw)
	})
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditLog returns up to limit entries before seq `before` (0: the newest),
// newest first.
func (d *DB) AuditLog(before uint64, limit int) ([]store.AuditEntry, error) {
	var out []store.AuditEntry
	err := d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bStaffAudit)
		if b == nil {
			return nil
		}
		c := b.Cursor()
		var k, v []byte
		if before == 0 {
			k, v = c.Last()
		} else if k, _ = c.Seek(u64(before)); k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && len(out) < limit; k, v = c.Prev() {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit entry %x is corrupt: %w", k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}

// wrapErr prefixes a store error with what was read; nil stays nil.
func wrapErr(what string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return err
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
