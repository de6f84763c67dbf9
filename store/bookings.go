package store

import (
	"fmt"

	"amtsbote/cases"
)

// BookingChange is a booking a turn makes, moves or cancels: the
// booking's new state, with the reminder to send before the visit.
//
// The commit enforces it in the turn's transaction: Rev 0 makes a new
// booking (its Ref must be new; only then are Name and Contact stored);
// any other Rev changes the booking whose stored revision is Rev (else the
// commit fails with ErrBookingChanged): new Slots move it, status cancelled
// frees its slots. A booking that takes slots fails the commit with
// ErrSlotTaken when one of them already holds Capacity bookings. Either way
// the error is a *BookingConflict and only that turn fails.
type BookingChange struct {
	cases.Booking
	// Reminder is the message to deliver before the visit (At set); it
	// replaces the booking's earlier reminder, and nil drops that.
	Reminder *OutboxItem
}

// BookingConflict is why a turn with bookings could not be committed. Err
// is ErrSlotTaken or ErrBookingChanged. The gateway decides such a turn
// again after its views have learnt Current.
type BookingConflict struct {
	Err error
	Ref string // the booking of the failed turn
	// Current are the stored bookings it ran into (index fields only): those
	// holding the full slot, or the booking as it is now.
	Current []cases.Booking
}

// Error names the booking; references are no personal data.
func (c *BookingConflict) Error() string { return fmt.Sprintf("%v (booking %s)", c.Err, c.Ref) }

// Unwrap returns ErrSlotTaken or ErrBookingChanged.
func (c *BookingConflict) Unwrap() error { return c.Err }
