package cases

import "time"

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
// Made, moved or cancelled in a turn it is the booking's new state: Rev 0
// makes a new booking (its Ref must be new); any other Rev changes the
// booking whose stored revision is Rev. New Slots move it, status cancelled
// frees its slots.
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
	// in a turn, the revision the change is based on.
	Rev uint64
	// Secret is the access code of a new booking (the engine sets the
	// case's); the store keeps only an HMAC of it, SecretMAC.
	Secret    string
	SecretMAC []byte
	// Name and Contact say who comes: personal data, stored sealed with the
	// conversation's key. In a turn only a new booking's are stored; read,
	// they are empty when the conversation was deleted.
	Name, Contact string
	// Read only: the conversation that booked, when, the last change, and
	// whether a reminder is still to be sent.
	Conversation     string
	Created, Updated time.Time
	ReminderPending  bool
}
