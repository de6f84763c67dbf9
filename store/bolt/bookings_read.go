package bolt

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
)

// BookingIndex calls fn with the plaintext part of every booking (no
// personal data); used to seed the availability view at start.
func (d *DB) BookingIndex(fn func(cases.Booking)) error {
	return d.eachBooking(func(_ *bbolt.Tx, ref string, rec *bookingRecord) { fn(rec.index(ref)) })
}

// eachBooking calls fn with every stored booking inside one read.
func (d *DB) eachBooking(fn func(tx *bbolt.Tx, ref string, rec *bookingRecord)) error {
	err := d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bBookings)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var rec bookingRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("booking %s is corrupt: %w", k, err)
			}
			fn(tx, string(k), &rec)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("store: bookings: %w", err)
	}
	return nil
}

// Booking reads one booking with its personal data opened.
func (d *DB) Booking(ref string) (cases.Booking, error) {
	var rec bookingRecord
	var found, pending bool
	err := d.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bBookings)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(ref))
		if v == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("booking %s is corrupt: %w", ref, err)
		}
		pending = reminderPending(tx, &rec)
		return nil
	})
	if err != nil {
		return cases.Booking{}, fmt.Errorf("store: booking: %w", err)
	}
	if !found {
		return cases.Booking{}, store.ErrNotFound
	}
	return d.openBooking(ref, rec, pending), nil
}

// BookingsOf returns the bookings a conversation made, in order of their
// start, with their personal data opened (for the subject's export).
func (d *DB) BookingsOf(conversation string) ([]cases.Booking, error) {
	type row struct {
		ref     string
		rec     bookingRecord
		pending bool
	}
	var rows []row
	err := d.eachBooking(func(tx *bbolt.Tx, ref string, rec *bookingRecord) {
		if rec.Conversation == conversation {
			rows = append(rows, row{ref: ref, rec: *rec, pending: reminderPending(tx, rec)})
		}
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].rec.Start.Before(rows[j].rec.Start) })
	out := make([]cases.Booking, 0, len(rows))
	for _, r := range rows {
		out = append(out, d.openBooking(r.ref, r.rec, r.pending))
	}
	return out, nil
}

// BookingsAt returns the bookings of office that hold a slot starting in
// [from, to), in order of their start, with their personal data opened.
func (d *DB) BookingsAt(office string, from, to time.Time) ([]cases.Booking, error) {
	type row struct {
		ref     string
		rec     bookingRecord
		pending bool
	}
	var rows []row
	err := d.view(func(tx *bbolt.Tx) error {
		slots, books := tx.Bucket(bBookingSlots), tx.Bucket(bBookings)
		if slots == nil || books == nil {
			return nil
		}
		seen := map[string]bool{}
		start, end := slotPrefix(office, from), slotPrefix(office, to)
		c := slots.Cursor()
		base := []byte(office + "\x00")
		for k, _ := c.Seek(start); k != nil && bytes.HasPrefix(k, base) && bytes.Compare(k, end) < 0; k, _ = c.Next() {
			if len(k) < len(base)+9 {
				continue
			}
			ref := string(k[len(base)+9:])
			if seen[ref] {
				continue // a visit of several slots
			}
			seen[ref] = true
			var rec bookingRecord
			v := books.Get([]byte(ref))
			if v == nil {
				continue
			}
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("booking %s is corrupt: %w", ref, err)
			}
			rows = append(rows, row{ref: ref, rec: rec, pending: reminderPending(tx, &rec)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: bookings: %w", err)
	}
	out := make([]cases.Booking, 0, len(rows))
	for _, r := range rows {
		out = append(out, d.openBooking(r.ref, r.rec, r.pending))
	}
	return out, nil
}

// openBooking opens the personal part of a booking; without the
// conversation's key (deleted) Name and Contact stay empty.
func (d *DB) openBooking(ref string, rec bookingRecord, pending bool) cases.Booking {
	b := rec.index(ref)
	b.ReminderPending = pending
	if len(rec.Sealed) == 0 {
		return b
	}
	if ck, err := d.key(rec.Conversation, false); err == nil {
		var p bookingPerson
		if raw, err := ck.key.Open(rec.Sealed); err == nil && json.Unmarshal(raw, &p) == nil {
			b.Name, b.Contact = p.Name, p.Contact
		}
	}
	return b
}

// SetBookingStatus records what became of a visit (seen, no-show) for the
// staff's day plan. Only a booking that holds its slot may change, and only
// to seen or no-show; anything else is store.ErrTransition. A reminder not
// yet sent is dropped.
func (d *DB) SetBookingStatus(ctx context.Context, ref, status string, now time.Time) (cases.Booking, error) {
	if status != cases.BookingSeen && status != cases.BookingNoShow {
		return cases.Booking{}, fmt.Errorf("store: booking status %q: %w", status, store.ErrTransition)
	}
	var rec bookingRecord
	err := d.w.do(ctx, func(tx *bbolt.Tx) error {
		b := tx.Bucket(bBookings)
		var v []byte
		if b != nil {
			v = b.Get([]byte(ref))
		}
		if v == nil {
			return store.ErrNotFound
		}
		rec = bookingRecord{}
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("booking %s is corrupt: %w", ref, err)
		}
		if !cases.BookingHolds(rec.Status) {
			return store.ErrTransition
		}
		if err := dropReminder(tx, &rec); err != nil {
			return err
		}
		rec.Status, rec.Rev, rec.Updated = status, rec.Rev+1, now
		nv, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return b.Put([]byte(ref), nv)
	})
	if err != nil {
		return cases.Booking{}, fmt.Errorf("store: booking %s: %w", ref, err)
	}
	return rec.index(ref), nil
}
