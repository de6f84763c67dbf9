package bolt

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
)

var (
	// bBookings holds every booking by reference.
	bBookings = []byte("bookings")
	// bBookingSlots indexes the bookings that hold a slot:
	// office 0x00 slot start (unix seconds, big endian) 0x00 ref → nothing.
	bBookingSlots = []byte("booking-slots")
)

// bookingRecord is a booking as stored: the index in plaintext (office,
// slot, status: no personal data), the person sealed.
type bookingRecord struct {
	Office       string      `json:"of"`
	Service      string      `json:"sv"`
	Department   string      `json:"dp,omitempty"`
	Start        time.Time   `json:"s"`
	End          time.Time   `json:"e"`
	Slots        []time.Time `json:"sl"`
	Status       string      `json:"st"`
	Rev          uint64      `json:"r"`
	Conversation string      `json:"cv"`
	Created      time.Time   `json:"c"`
	Updated      time.Time   `json:"u"`
	SecretMAC    []byte      `json:"sm,omitempty"`
	Sealed       []byte      `json:"p,omitempty"` // sealed bookingPerson
	ReminderCh   string      `json:"rc,omitempty"`
	ReminderSeq  uint64      `json:"rs,omitempty"`
}

// bookingPerson is what names the citizen of a booking, as JSON, sealed
// with the conversation's key.
type bookingPerson struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"`
}

// preparedBooking is a turn's booking with everything sealed beforehand,
// so that the single writer only writes.
type preparedBooking struct {
	b        store.BookingChange
	sealed   []byte
	mac      []byte
	reminder *outboxRecord
}

// prepareBookings seals the personal data and reminders of a turn's bookings.
func (d *DB) prepareBookings(t store.Turn, seal func([]byte) ([]byte, error)) ([]preparedBooking, error) {
	out := make([]preparedBooking, len(t.Bookings))
	for i, b := range t.Bookings {
		if b.Ref == "" || b.Office == "" {
			return nil, errors.New("store: booking without reference or office")
		}
		p := preparedBooking{b: b}
		if b.Rev == 0 { // only a new booking stores who comes
			raw, err := json.Marshal(bookingPerson{Name: b.Name, Contact: b.Contact})
			if err != nil {
				return nil, fmt.Errorf("store: booking %s: %w", b.Ref, err)
			}
			s, err := seal(raw)
			if err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
			p.sealed = s
		}
		if b.Secret != "" {
			p.mac = d.CaseSecretMAC(b.Ref, b.Secret)
		}
		if r := b.Reminder; r != nil {
			raw, _ := json.Marshal(outboxSecret{Address: r.Address, Body: r.Body})
			s, err := seal(raw)
			if err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
			p.reminder = &outboxRecord{Conversation: t.Conversation, Created: t.Time, NextAt: r.At, Scheduled: true, Sealed: s}
		}
		out[i] = p
	}
	return out, nil
}

// applyBookings writes a turn's bookings inside its transaction. A booking
// that does not fit returns a *store.BookingConflict, which fails the turn.
func applyBookings(tx *bbolt.Tx, conv string, now time.Time, list []preparedBooking) error {
	if len(list) == 0 {
		return nil
	}
	books, err := tx.CreateBucketIfNotExists(bBookings)
	if err != nil {
		return err
	}
	slots, err := tx.CreateBucketIfNotExists(bBookingSlots)
	if err != nil {
		return err
	}
	for _, p := range list {
		b := p.b
		var old *bookingRecord
		if v := books.Get([]byte(b.Ref)); v != nil {
			old = &bookingRecord{}
			if err := json.Unmarshal(v, old); err != nil {
				return fmt.Errorf("booking %s is corrupt: %w", b.Ref, err)
			}
		}
		if b.Rev == 0 && old != nil || b.Rev != 0 && (old == nil || old.Rev != b.Rev) {
			c := &store.BookingConflict{Err: store.ErrBookingChanged, Ref: b.Ref}
			if old != nil {
				c.Current = []cases.Booking{old.index(b.Ref)}
			}
			return c
		}
		rec := bookingRecord{Conversation: conv, Created: now, SecretMAC: p.mac, Sealed: p.sealed}
		if old != nil {
			rec = *old
			if err := unindex(slots, b.Ref, old); err != nil {
				return err
			}
			if err := dropReminder(tx, old); err != nil {
				return err
			}
		}
		rec.Office, rec.Service, rec.Department = b.Office, b.Service, b.Department
		rec.Start, rec.End, rec.Slots, rec.Status = b.Start, b.End, b.Slots, b.Status
		rec.Rev, rec.Updated = b.Rev+1, now
		if cases.BookingHolds(rec.Status) {
			if err := take(tx, slots, b.Booking, &rec); err != nil {
				return err
			}
			if p.reminder != nil {
				if err := putReminder(tx, p.b.Reminder.Channel, p.reminder, &rec); err != nil {
					return err
				}
			}
		}
		v, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if err := books.Put([]byte(b.Ref), v); err != nil {
			return err
		}
	}
	return nil
}

// take indexes rec's slots after checking each has room for one more.
func take(tx *bbolt.Tx, slots *bbolt.Bucket, b cases.Booking, rec *bookingRecord) error {
	capacity := max(b.Capacity, 1)
	for _, at := range rec.Slots {
		holders := slotHolders(slots, rec.Office, at)
		if len(holders) >= capacity {
			c := &store.BookingConflict{Err: store.ErrSlotTaken, Ref: b.Ref}
			books := tx.Bucket(bBookings)
			for _, ref := range holders {
				var h bookingRecord
				if v := books.Get([]byte(ref)); v != nil && json.Unmarshal(v, &h) == nil {
					c.Current = append(c.Current, h.index(ref))
				}
			}
			return c
		}
		if err := slots.Put(slotKey(rec.Office, at, b.Ref), nil); err != nil {
			return err
		}
	}
	return nil
}

// unindex frees the slots old holds.
func unindex(slots *bbolt.Bucket, ref string, old *bookingRecord) error {
	for _, at := range old.Slots {
		if err := slots.Delete(slotKey(old.Office, at, ref)); err != nil {
			return err
		}
	}
	return nil
}

// slotHolders returns the references of the bookings holding one slot.
func slotHolders(slots *bbolt.Bucket, office string, at time.Time) []string {
	prefix := slotPrefix(office, at)
	var refs []string
	c := slots.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		refs = append(refs, string(k[len(prefix):]))
	}
	return refs
}

// putReminder writes the reminder into its channel's outbox and remembers it.
// Its key comes from the outbox's sequence, as every outbox item's must:
// that is how Due's index finds new items (outbox_index.go).
func putReminder(tx *bbolt.Tx, channel string, r *outboxRecord, rec *bookingRecord) error {
	b, err := tx.Bucket(bOutbox).CreateBucketIfNotExists([]byte(channel))
	if err != nil {
		return err
	}
	seq, err := tx.Bucket(bOutbox).NextSequence()
	if err != nil {
		return err
	}
	v, _ := json.Marshal(r)
	if err := b.Put(u64(seq), v); err != nil {
		return err
	}
	rec.ReminderCh, rec.ReminderSeq = channel, seq
	return nil
}

// dropReminder deletes a booking's reminder if it was not sent yet.
func dropReminder(tx *bbolt.Tx, rec *bookingRecord) error {
	if rec.ReminderCh == "" {
		return nil
	}
	if b := tx.Bucket(bOutbox).Bucket([]byte(rec.ReminderCh)); b != nil {
		if err := b.Delete(u64(rec.ReminderSeq)); err != nil {
			return err
		}
	}
	rec.ReminderCh, rec.ReminderSeq = "", 0
	return nil
}

// reminderPending reports whether rec's reminder is still in the outbox.
func reminderPending(tx *bbolt.Tx, rec *bookingRecord) bool {
	if rec.ReminderCh == "" {
		return false
	}
	b := tx.Bucket(bOutbox).Bucket([]byte(rec.ReminderCh))
	return b != nil && b.Get(u64(rec.ReminderSeq)) != nil
}

func slotPrefix(office string, at time.Time) []byte {
	k := make([]byte, 0, len(office)+10)
	k = append(k, office...)
	k = append(k, 0)
	k = binary.BigEndian.AppendUint64(k, uint64(at.Unix()))
	return append(k, 0)
}

func slotKey(office string, at time.Time, ref string) []byte {
	return append(slotPrefix(office, at), ref...)
}

// index is the plaintext part of a stored booking.
func (r bookingRecord) index(ref string) cases.Booking {
	return cases.Booking{Ref: ref, Office: r.Office, Service: r.Service, Department: r.Department,
		Start: r.Start, End: r.End, Slots: r.Slots, Status: r.Status, Rev: r.Rev, SecretMAC: r.SecretMAC,
		Conversation: r.Conversation, Created: r.Created, Updated: r.Updated}
}
