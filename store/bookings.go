package store

import (
	"fmt"
	"time"
)

// The statuses of a booking. A booking holds its slots in every status but
// cancelled:
//
//	booked → moved (rescheduled, any number of times) → seen | no-show
//	booked | moved → cancelled
const (
	BookingBooked    = "booked"
	BookingMoved     = "moved"
	BookingCancelled = "cancelled"
	BookingSeen      = "seen"
	BookingNoShow    = "no-show"
)

// BookingHolds reports whether a booking in status s occupies its slots.
func BookingHolds(s string) bool {
	switch s {
	case BookingBooked, BookingMoved, BookingSeen, BookingNoShow:
		return true
	}
	return false
}

// Booking is an appointment at an office.
//
// In a Turn it is the booking's new state, and the commit enforces it in
// the turn's transaction: Rev 0 makes a new booking (its Ref must be new);
// any other Rev changes the booking whose stored revision is Rev (else the
// commit fails with ErrBookingChanged): new Slots move it, status cancelled
// frees its slots. A booking that takes slots fails the commit with
// ErrSlotTaken when one of them already holds Capacity bookings. Either way
// the error is a *BookingConflict and only that turn fails.
type Booking struct {
	Ref        string // the appointment's reference (the case reference of its booking)
	Office     string
	Service    string // what the visit is for (a service id)
	Department string // who sees the citizen
	Start, End time.Time
	// Slots are the starts of the office's grid steps the visit occupies:
	// a 30-minute visit on a 15-minute grid occupies two.
	Slots []time.Time
	// Capacity is how many bookings one slot may hold: the office's counters.
	Capacity int
	Status   string
	// Rev is the stored revision (1 after booking, counting every change);
	// in a Turn, the revision the change is based on.
	Rev uint64
	// Secret is the access code of a new booking; the store keeps only an
	// HMAC of it (SecretMAC, as for cases).
	Secret    string
	SecretMAC []byte
	// Personal is what names the citizen (serialized), sealed with the
	// conversation's key. In a Turn only a new booking carries it; read,
	// it is opened (nil when the conversation was deleted).
	Personal []byte
	// Reminder, in a Turn, is the message to deliver before the visit (At
	// set); it replaces the booking's earlier reminder, and nil drops that.
	Reminder *OutboxItem
	// Read only: the conversation that booked, when, the last change, and
	// whether a reminder is still to be sent.
	Conversation     string
	Created, Updated time.Time
	ReminderPending  bool
}

// BookingPerson is what Booking.Personal holds, as JSON.
type BookingPerson struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"`
}

// BookingConflict is why a turn with bookings could not be committed. Err
// is ErrSlotTaken or ErrBookingChanged. The gateway decides such a turn
// again after its views have learnt Current.
type BookingConflict struct {
	Err error
	Ref string // the booking of the failed turn
	// Current are the stored bookings it ran into (index fields only): those
	// holding the full slot, or the booking as it is now.
	Current []Booking
}

// Error names the booking; references are no personal data.
func (c *BookingConflict) Error() string { return fmt.Sprintf("%v (booking %s)", c.Err, c.Ref) }

// Unwrap returns ErrSlotTaken or ErrBookingChanged.
func (c *BookingConflict) Unwrap() error { return c.Err }
