package bolt

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
	"amtsbote/store/seal"
)

// Export reads a stopped store's records as they are at rest (package
// store/seal's records), for moving the installation to another store
// without opening anything. It holds the file read-only and reads one
// consistent snapshot until Close.
type Export struct {
	db *bbolt.DB
	tx *bbolt.Tx
}

// ErrNoStore is returned by OpenExport for a directory without a store.
var ErrNoStore = errors.New("no Amtsbote store")

// OpenExport opens the store in dir for reading. It fails with ErrInUse
// while a server has the store open, and with ErrNoStore when dir holds
// none; it never creates or changes anything.
func OpenExport(dir string) (*Export, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("store: %s is not a directory", dir)
	}
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: %w in %s (%s is missing)", ErrNoStore, dir, FileName)
	}
	if err := CheckFile(path); err != nil {
		if errors.Is(err, bbolt.ErrTimeout) {
			return nil, fmt.Errorf("store: %s: %w", path, ErrInUse)
		}
		return nil, err
	}
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if errors.Is(err, bbolt.ErrTimeout) {
		return nil, fmt.Errorf("store: %s: %w", path, ErrInUse)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	tx, err := db.Begin(false)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Export{db: db, tx: tx}, nil
}

// Close ends the snapshot and closes the file.
func (e *Export) Close() error {
	_ = e.tx.Rollback()
	return e.db.Close()
}

// IndexKey is the store's index key, sealed to the portal key.
func (e *Export) IndexKey() []byte { return bytes.Clone(e.tx.Bucket(bMeta).Get(kIndexKey)) }

// Sequences are the store's counters.
func (e *Export) Sequences() seal.Sequences {
	var s seal.Sequences
	if b := e.tx.Bucket(bOutbox); b != nil {
		s.Outbox = b.Sequence()
	}
	if b := e.tx.Bucket(bStaffCanned); b != nil {
		s.Canned = b.Sequence()
	}
	if b := e.tx.Bucket(bStaffAudit); b != nil {
		s.Audit = b.Sequence()
	}
	return s
}

// each calls fn with every key and value of bucket name (none when the
// bucket is missing), skipping nested buckets.
func (e *Export) each(name []byte, fn func(k, v []byte) error) error {
	b := e.tx.Bucket(name)
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil
		}
		return fn(k, v)
	})
}

// Conversations calls fn with every conversation, its key and transcript,
// in id order.
func (e *Export) Conversations(fn func(seal.Conversation) error) error {
	keys, tr := e.tx.Bucket(bKeys), e.tx.Bucket(bTranscript).Cursor()
	return e.each(bConvs, func(k, v []byte) error {
		rec, err := decodeConv(v)
		if err != nil {
			return fmt.Errorf("store: conversation %s: %w", k, err)
		}
		c := seal.Conversation{ID: string(k), Channel: rec.Channel, Language: rec.Meta.Language, Service: rec.Meta.Service,
			Waiting: rec.Meta.WaitingForStaff, Department: rec.Meta.Department, Created: rec.Created.UTC(),
			Updated: rec.Updated.UTC(), LastSeq: rec.LastSeq, Sealed: rec.Sealed, Key: bytes.Clone(keys.Get(k))}
		prefix := append(bytes.Clone(k), 0)
		for tk, tv := tr.Seek(prefix); tk != nil && bytes.HasPrefix(tk, prefix); tk, tv = tr.Next() {
			if len(tk) != len(prefix)+8 || len(tv) < 9 {
				return fmt.Errorf("store: transcript of %s: an entry is corrupt", k)
			}
			kind := store.EntryIn
			if tv[8] == store.EntryOut[0] {
				kind = store.EntryOut
			}
			c.Entries = append(c.Entries, seal.Entry{Seq: binary.BigEndian.Uint64(tk[len(prefix):]),
				Time: time.Unix(0, int64(binary.BigEndian.Uint64(tv[:8]))).UTC(), Kind: kind, Sealed: bytes.Clone(tv[9:])})
		}
		return fn(c)
	})
}

// HasConversation reports whether the store holds conversation id.
func (e *Export) HasConversation(id string) bool { return e.tx.Bucket(bConvs).Get([]byte(id)) != nil }

// Endpoints calls fn with every channel address bound to a conversation.
func (e *Export) Endpoints(fn func(seal.Ref) error) error {
	return e.each(bEndpoints, func(k, v []byte) error {
		return fn(seal.Ref{MAC: bytes.Clone(k), Conversation: string(v)})
	})
}

// Dedupe calls fn with every message id seen, and when.
func (e *Export) Dedupe(fn func(seal.Ref) error) error {
	return e.each(bDedupe, func(k, v []byte) error {
		if len(v) < 8 {
			return nil // too short to hold a time: as PruneDedupe, left alone
		}
		return fn(seal.Ref{MAC: bytes.Clone(k), Conversation: string(v[8:]),
			Time: time.Unix(int64(binary.BigEndian.Uint64(v[:8])), 0).UTC()})
	})
}

// outboxItem is a stored outbox record as a seal.OutboxItem.
func outboxItem(seq uint64, channel string, rec outboxRecord) seal.OutboxItem {
	return seal.OutboxItem{ID: seq, Channel: channel, Conversation: rec.Conversation, Attempts: rec.Attempts,
		Created: rec.Created.UTC(), NextAt: rec.NextAt.UTC(), Scheduled: rec.Scheduled, Sealed: rec.Sealed}
}

// Outbox calls fn with every item waiting for delivery, channel by channel.
func (e *Export) Outbox(fn func(seal.OutboxItem) error) error {
	root := e.tx.Bucket(bOutbox)
	return root.ForEach(func(ch, v []byte) error {
		b := root.Bucket(ch)
		if v != nil || b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var rec outboxRecord
			if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
				return fmt.Errorf("store: outbox item %s/%x is corrupt", ch, k)
			}
			return fn(outboxItem(binary.BigEndian.Uint64(k), string(ch), rec))
		})
	})
}

// DeadLetters calls fn with every item given up on.
func (e *Export) DeadLetters(fn func(seal.DeadLetter) error) error {
	return e.each(bDead, func(k, v []byte) error {
		var rec deadRecord
		if err := json.Unmarshal(v, &rec); err != nil || len(k) != 8 {
			return fmt.Errorf("store: dead letter %x is corrupt", k)
		}
		return fn(seal.DeadLetter{OutboxItem: outboxItem(binary.BigEndian.Uint64(k), rec.Channel, rec.Item),
			Failed: rec.Failed.UTC(), Reason: rec.Reason})
	})
}

// Cases calls fn with every case and its history, in reference order.
func (e *Export) Cases(fn func(seal.Case) error) error {
	history := e.tx.Bucket(bCaseHistory)
	return e.each(bCases, func(k, v []byte) error {
		var rec caseRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("store: case %s is corrupt: %w", k, err)
		}
		c := seal.Case{Ref: string(k), Service: rec.Service, Status: rec.Status, Conversation: rec.Conversation,
			Department: rec.Department, Created: rec.Created.UTC(), Sealed: rec.Sealed, Review: rec.SealedReview,
			SecretMAC: rec.SecretMAC}
		if history == nil {
			return fn(c)
		}
		if h := history.Bucket(k); h != nil {
			err := h.ForEach(func(_, v []byte) error {
				var ch changeRecord
				if err := json.Unmarshal(v, &ch); err != nil {
					return fmt.Errorf("store: history of case %s is corrupt: %w", k, err)
				}
				c.History = append(c.History, seal.Change{Time: ch.Time.UTC(), Actor: ch.Actor, From: ch.From,
					Status: ch.Status, Field: ch.Field, Amended: ch.Amended, Note: ch.Sealed})
				return nil
			})
			if err != nil {
				return err
			}
		}
		return fn(c)
	})
}

// Bookings calls fn with every booking, in reference order. A reminder
// already sent is not named.
func (e *Export) Bookings(fn func(seal.Booking) error) error {
	return e.each(bBookings, func(k, v []byte) error {
		var rec bookingRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("store: booking %s is corrupt: %w", k, err)
		}
		b := seal.Booking{Ref: string(k), Office: rec.Office, Service: rec.Service, Department: rec.Department,
			Start: rec.Start.UTC(), End: rec.End.UTC(), Status: rec.Status, Holds: cases.BookingHolds(rec.Status),
			Rev: rec.Rev, Conversation: rec.Conversation, Created: rec.Created.UTC(), Updated: rec.Updated.UTC(),
			SecretMAC: rec.SecretMAC, Sealed: rec.Sealed}
		for _, s := range rec.Slots {
			b.Slots = append(b.Slots, s.UTC())
		}
		if reminderPending(e.tx, &rec) {
			b.Reminder = rec.ReminderSeq
		}
		return fn(b)
	})
}

// ChannelStates calls fn with every channel value.
func (e *Export) ChannelStates(fn func(seal.State) error) error {
	return e.each(bChannelState, func(k, v []byte) error {
		return fn(seal.State{MAC: bytes.Clone(k), Sealed: bytes.Clone(v)})
	})
}

// Notes calls fn with each conversation's internal notes.
func (e *Export) Notes(fn func(seal.Notes) error) error {
	root := e.tx.Bucket(bStaffNotes)
	if root == nil {
		return nil
	}
	return root.ForEach(func(conv, v []byte) error {
		b := root.Bucket(conv)
		if v != nil || b == nil {
			return nil
		}
		n := seal.Notes{Conversation: string(conv)}
		err := b.ForEach(func(_, v []byte) error {
			n.Sealed = append(n.Sealed, bytes.Clone(v))
			return nil
		})
		if err != nil || len(n.Sealed) == 0 {
			return err
		}
		return fn(n)
	})
}
