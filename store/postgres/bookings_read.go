package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/cases"
	"amtsbote/store"
)

// pendingCol tells whether a booking's reminder is still in the outbox.
const pendingCol = `, EXISTS (SELECT 1 FROM outbox o WHERE o.id = bookings.reminder_id)`

// readBookings runs a query over bookings (bookingCols then pendingCol)
// and opens each booking's personal part.
func (d *DB) readBookings(sql string, args ...any) ([]cases.Booking, error) {
	rows, err := d.pool.Query(bg(), sql, args...)
	if err != nil {
		return nil, fmt.Errorf("store: bookings: %w", err)
	}
	type read struct {
		row     bookingRow
		pending bool
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (read, error) {
		var r read
		var err error
		r.row, err = scanBooking(row, &r.pending)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: bookings: %w", err)
	}
	out := make([]cases.Booking, 0, len(list))
	for _, r := range list {
		out = append(out, d.openBooking(r.row, r.pending))
	}
	return out, nil
}

// openBooking opens the personal part of a booking; without the
// conversation's key (deleted) Name and Contact stay empty.
func (d *DB) openBooking(r bookingRow, pending bool) cases.Booking {
	b := r.index()
	b.ReminderPending = pending
	if len(r.sealed) == 0 {
		return b
	}
	if sk, err := d.key(bg(), d.pool, r.Conversation, false); err == nil {
		var p bookingPerson
		if raw, err := sk.Open(r.sealed); err == nil && json.Unmarshal(raw, &p) == nil {
			b.Name, b.Contact = p.Name, p.Contact
		}
	}
	return b
}

// Booking reads one booking with its personal data opened.
func (d *DB) Booking(ref string) (cases.Booking, error) {
	bs, err := d.readBookings(`SELECT `+bookingCols+pendingCol+` FROM bookings WHERE ref = $1`, ref)
	if err != nil {
		return cases.Booking{}, err
	}
	if len(bs) == 0 {
		return cases.Booking{}, store.ErrNotFound
	}
	return bs[0], nil
}

// BookingsOf returns the bookings a conversation made, in order of their
// start, with their personal data opened (for the subject's export).
func (d *DB) BookingsOf(conversation string) ([]cases.Booking, error) {
	return d.readBookings(`SELECT `+bookingCols+pendingCol+` FROM bookings WHERE conversation = $1
		ORDER BY start_at, ref`, conversation)
}

// BookingsAt returns the bookings of office that hold a slot starting in
// [from, to), in order of their start, with their personal data opened.
func (d *DB) BookingsAt(office string, from, to time.Time) ([]cases.Booking, error) {
	return d.readBookings(`SELECT `+bookingCols+pendingCol+` FROM bookings WHERE office = $1 AND ref IN
		(SELECT ref FROM booking_slots WHERE office = $1 AND slot >= $2 AND slot < $3)
		ORDER BY start_at, ref`, office, from, to)
}

// BookingIndex calls fn with the plaintext part of every booking (no
// personal data); used to seed the availability view at start.
func (d *DB) BookingIndex(fn func(cases.Booking)) error {
	rows, err := d.pool.Query(bg(), `SELECT `+bookingCols+` FROM bookings ORDER BY ref`)
	if err != nil {
		return fmt.Errorf("store: bookings: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (bookingRow, error) { return scanBooking(row) })
	if err != nil {
		return fmt.Errorf("store: bookings: %w", err)
	}
	for _, r := range list {
		fn(r.index())
	}
	return nil
}
