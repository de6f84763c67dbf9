package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/cases"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/seal"
)

// bookingCols are the columns bookingRow scans, in order.
const bookingCols = `ref, office, service, department, start_at, end_at, slots, status, rev, conversation,
	created, updated, secret_mac, sealed, reminder_id`

// bookingRow is a booking as stored: the index in plaintext (office, slots,
// status: no personal data), the person sealed.
type bookingRow struct {
	cases.Booking        // the index fields
	sealed        []byte // a bookingPerson, sealed with the conversation's key
	reminder      *int64 // the reminder's outbox id while not sent
}

func scanBooking(row pgx.Row, extra ...any) (bookingRow, error) {
	var r bookingRow
	var rev int64
	dest := []any{&r.Ref, &r.Office, &r.Service, &r.Department, &r.Start, &r.End, &r.Slots, &r.Status, &rev,
		&r.Conversation, &r.Created, &r.Updated, &r.SecretMAC, &r.sealed, &r.reminder}
	err := row.Scan(append(dest, extra...)...)
	r.Rev = uint64(rev)
	return r, err
}

// index is the plaintext part of a stored booking.
func (r bookingRow) index() cases.Booking {
	b := r.Booking
	b.Name, b.Contact, b.ReminderPending = "", "", false
	return b
}

// bookingPerson is who comes to a booking, as JSON, sealed with the
// conversation's key (the same bytes bolt seals).
type bookingPerson struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"`
}

// slotLock is the advisory lock of one slot of an office.
func slotLock(office string, at time.Time) int64 {
	return lockKey("slot", office+"\x00"+strconv.FormatInt(at.Unix(), 10))
}

// applyBookings writes a turn's bookings inside its transaction. It first
// locks every booking and every slot the turn takes, in one order, so that
// two turns booking the same slot count one after the other (SlotRace). A
// booking that does not fit returns a *store.BookingConflict, which fails
// the turn.
func (d *DB) applyBookings(ctx context.Context, tx pgx.Tx, sk *pgp.SessionKey, t store.Turn) error {
	if len(t.Bookings) == 0 {
		return nil
	}
	var keys []int64
	for _, b := range t.Bookings {
		keys = append(keys, lockKey("booking", b.Ref))
		for _, s := range b.Slots {
			keys = append(keys, slotLock(b.Office, s))
		}
	}
	if err := lock(ctx, tx, keys...); err != nil {
		return err
	}
	for _, b := range t.Bookings {
		if err := d.applyBooking(ctx, tx, sk, t, b); err != nil {
			return err
		}
	}
	return nil
}

// applyBooking writes one booking of a turn under the locks.
func (d *DB) applyBooking(ctx context.Context, tx pgx.Tx, sk *pgp.SessionKey, t store.Turn, b store.BookingChange) error {
	old, err := scanBooking(tx.QueryRow(ctx, `SELECT `+bookingCols+` FROM bookings WHERE ref = $1`, b.Ref))
	found := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if b.Rev == 0 && found || b.Rev != 0 && (!found || old.Rev != b.Rev) {
		c := &store.BookingConflict{Err: store.ErrBookingChanged, Ref: b.Ref}
		if found {
			c.Current = []cases.Booking{old.index()}
		}
		return c
	}
	rec := bookingRow{Booking: cases.Booking{Ref: b.Ref, Conversation: t.Conversation, Created: t.Time}}
	if found {
		rec = old
		if _, err := tx.Exec(ctx, `DELETE FROM booking_slots WHERE ref = $1`, b.Ref); err != nil {
			return err
		}
		if err := dropReminder(ctx, tx, &rec); err != nil {
			return err
		}
	} else {
		raw, err := json.Marshal(bookingPerson{Name: b.Name, Contact: b.Contact})
		if err != nil {
			return err
		}
		if rec.sealed, err = sk.Seal(raw); err != nil {
			return err
		}
		if b.Secret != "" {
			rec.SecretMAC = d.CaseSecretMAC(b.Ref, b.Secret)
		}
	}
	rec.Office, rec.Service, rec.Department = b.Office, b.Service, b.Department
	rec.Start, rec.End, rec.Slots, rec.Status = b.Start, b.End, b.Slots, b.Status
	rec.Rev, rec.Updated = b.Rev+1, t.Time
	if rec.Slots == nil {
		rec.Slots = []time.Time{}
	}
	if cases.BookingHolds(rec.Status) {
		if err := take(ctx, tx, b.Booking, rec.Slots); err != nil {
			return err
		}
		if r := b.Reminder; r != nil {
			raw, err := json.Marshal(seal.OutboxSecret{Address: r.Address, Body: r.Body})
			if err != nil {
				return err
			}
			sealed, err := sk.Seal(raw)
			if err != nil {
				return err
			}
			var id int64
			err = tx.QueryRow(ctx, `INSERT INTO outbox (channel, conversation, created, next_at, scheduled, sealed)
				VALUES ($1, $2, $3, $4, true, $5) RETURNING id`, r.Channel, t.Conversation, t.Time, r.At, sealed).Scan(&id)
			if err != nil {
				return err
			}
			rec.reminder = &id
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO bookings (`+bookingCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (ref) DO UPDATE SET office = excluded.office, service = excluded.service,
			department = excluded.department, start_at = excluded.start_at, end_at = excluded.end_at,
			slots = excluded.slots, status = excluded.status, rev = excluded.rev, updated = excluded.updated,
			reminder_id = excluded.reminder_id`,
		rec.Ref, rec.Office, rec.Service, rec.Department, rec.Start, rec.End, rec.Slots, rec.Status, int64(rec.Rev),
		rec.Conversation, rec.Created, rec.Updated, rec.SecretMAC, rec.sealed, rec.reminder)
	return err
}

// take records the slots of booking b after checking each has room for
// one more; the caller holds the slots' locks.
func take(ctx context.Context, tx pgx.Tx, b cases.Booking, slots []time.Time) error {
	capacity := max(b.Capacity, 1)
	for _, at := range slots {
		rows, err := tx.Query(ctx, `SELECT `+bookingCols+` FROM bookings WHERE ref IN
			(SELECT ref FROM booking_slots WHERE office = $1 AND slot = $2) ORDER BY ref`, b.Office, at)
		if err != nil {
			return err
		}
		holders, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (bookingRow, error) { return scanBooking(row) })
		if err != nil {
			return err
		}
		if len(holders) >= capacity {
			c := &store.BookingConflict{Err: store.ErrSlotTaken, Ref: b.Ref}
			for _, h := range holders {
				c.Current = append(c.Current, h.index())
			}
			return c
		}
		if _, err := tx.Exec(ctx, `INSERT INTO booking_slots (office, slot, ref) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, b.Office, at, b.Ref); err != nil {
			return err
		}
	}
	return nil
}

// dropReminder deletes a booking's reminder if it was not sent yet.
func dropReminder(ctx context.Context, tx pgx.Tx, rec *bookingRow) error {
	if rec.reminder == nil {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM outbox WHERE id = $1`, *rec.reminder); err != nil {
		return err
	}
	rec.reminder = nil
	return nil
}

// SetBookingStatus records what became of a visit (seen, no-show). Only a
// booking that holds its slot may change, and only to seen or no-show;
// anything else is store.ErrTransition. A reminder not yet sent is dropped.
func (d *DB) SetBookingStatus(ctx context.Context, ref, status string, now time.Time) (cases.Booking, error) {
	if status != cases.BookingSeen && status != cases.BookingNoShow {
		return cases.Booking{}, fmt.Errorf("store: booking status %q: %w", status, store.ErrTransition)
	}
	var out cases.Booking
	err := d.tx(ctx, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockKey("booking", ref)); err != nil {
			return err
		}
		rec, err := scanBooking(tx.QueryRow(ctx, `SELECT `+bookingCols+` FROM bookings WHERE ref = $1`, ref))
		if err != nil {
			return notFound(err)
		}
		if !cases.BookingHolds(rec.Status) {
			return store.ErrTransition
		}
		if err := dropReminder(ctx, tx, &rec); err != nil {
			return err
		}
		rec.Status, rec.Rev, rec.Updated = status, rec.Rev+1, now
		_, err = tx.Exec(ctx, `UPDATE bookings SET status = $2, rev = $3, updated = $4, reminder_id = NULL WHERE ref = $1`,
			ref, status, int64(rec.Rev), now)
		out = rec.index()
		return err
	})
	if err != nil {
		return cases.Booking{}, fmt.Errorf("store: booking %s: %w", ref, err)
	}
	return out, nil
}
