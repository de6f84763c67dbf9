package appointments

import (
	"crypto/subtle"
	"slices"
	"sync"
	"time"

	"amtsbote/cases"
	"amtsbote/dialog"
	"amtsbote/store"
)

// Entry is what the ledger knows of one booking: its index, no personal data.
type Entry struct {
	Ref        string      // the booking's (and its case's) reference
	Office     string      // the office's id
	Service    string      // what the visit is for
	Department string      // who sees the citizen
	Start, End time.Time   // the visit
	Slots      []time.Time // the grid steps it occupies
	Status     string      // a status of cases.Booking
	Rev        uint64      // the stored revision
	SecretMAC  []byte      // the access code as the store keeps it
}

// Active reports whether the booking still holds its slots and can be
// moved or cancelled (not cancelled, not yet seen or missed).
func (e Entry) Active() bool {
	return e.Status == cases.BookingBooked || e.Status == cases.BookingMoved
}

// SecretMAC turns a booking's access code into what the store keeps of it
// (the store's CaseSecretMAC: bookings share their case's code).
type SecretMAC func(ref, secret string) []byte

// Ledger is the in-memory view of the booked slots that the handler offers
// slots from: seeded from the store at start (Put), kept current after
// every committed turn (it is a gateway Observer with the BookingObserver
// and ConflictObserver abilities). It is safe for concurrent use; the
// engine only reads it. Changes carry the store's revision, so they may
// arrive in any order and twice: an older revision never overwrites a newer.
type Ledger struct {
	mac SecretMAC

	mu    sync.RWMutex
	byRef map[string]Entry
	held  map[slotKey]int // bookings holding each grid step
}

type slotKey struct {
	office string
	at     int64 // unix seconds
}

// NewLedger makes an empty ledger; mac checks access codes (nil: only the
// conversation that booked can change a booking).
func NewLedger(mac SecretMAC) *Ledger {
	return &Ledger{mac: mac, byRef: map[string]Entry{}, held: map[slotKey]int{}}
}

// Put records a booking as stored, unless a newer revision is known.
func (l *Ledger) Put(e Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old, ok := l.byRef[e.Ref]
	if ok && old.Rev > e.Rev {
		return
	}
	if ok && old.Rev == e.Rev {
		if old.SecretMAC == nil && e.SecretMAC != nil {
			old.SecretMAC = e.SecretMAC
			l.byRef[e.Ref] = old
		}
		return
	}
	if ok && cases.BookingHolds(old.Status) {
		l.count(old, -1)
	}
	if e.SecretMAC == nil && ok {
		e.SecretMAC = old.SecretMAC
	}
	l.byRef[e.Ref] = e
	if cases.BookingHolds(e.Status) {
		l.count(e, 1)
	}
}

func (l *Ledger) count(e Entry, n int) {
	for _, at := range e.Slots {
		k := slotKey{e.Office, at.Unix()}
		if l.held[k] += n; l.held[k] <= 0 {
			delete(l.held, k)
		}
	}
}

// PutStored records a booking read from the store.
func (l *Ledger) PutStored(b cases.Booking) {
	l.Put(Entry{Ref: b.Ref, Office: b.Office, Service: b.Service, Department: b.Department, Start: b.Start,
		End: b.End, Slots: slices.Clone(b.Slots), Status: b.Status, Rev: b.Rev, SecretMAC: b.SecretMAC})
}

// Record takes the bookings of a committed turn: each is stored with the
// revision after the one it was based on.
func (l *Ledger) Record(bookings ...dialog.BookingChange) {
	for _, b := range bookings {
		e := Entry{Ref: b.Ref, Office: b.Office, Service: b.Service, Department: b.Department, Start: b.Start,
			End: b.End, Slots: slices.Clone(b.Slots), Status: b.Status, Rev: b.Rev + 1}
		if b.Secret != "" && l.mac != nil {
			e.SecretMAC = l.mac(b.Ref, b.Secret)
		}
		l.Put(e)
	}
}

// TurnCommitted is the gateway.Observer hook; bookings arrive through
// BookingsCommitted.
func (l *Ledger) TurnCommitted(string, store.Meta, []cases.Case) {}

// BookingsCommitted records the bookings of a committed turn.
func (l *Ledger) BookingsCommitted(_ string, bookings []dialog.BookingChange) { l.Record(bookings...) }

// BookingConflict records the stored bookings a failed turn ran into, so
// that the turn decided again sees them.
func (l *Ledger) BookingConflict(c *store.BookingConflict) {
	for _, b := range c.Current {
		l.PutStored(b)
	}
}

// Get returns the booking with ref.
func (l *Ledger) Get(ref string) (Entry, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.byRef[ref]
	return e, ok
}

// Verify returns the booking with ref when secret is its access code.
func (l *Ledger) Verify(ref, secret string) (Entry, bool) {
	e, ok := l.Get(ref)
	if !ok || l.mac == nil || e.SecretMAC == nil || secret == "" {
		return Entry{}, false
	}
	if subtle.ConstantTimeCompare(l.mac(ref, secret), e.SecretMAC) != 1 {
		return Entry{}, false
	}
	return e, true
}

// Free reports whether every step of a slot has room at an office with
// counters, not counting the booking except (one being moved).
func (l *Ledger) Free(office string, steps []time.Time, counters int, except string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	mine := map[int64]bool{}
	if e, ok := l.byRef[except]; ok && cases.BookingHolds(e.Status) && e.Office == office {
		for _, at := range e.Slots {
			mine[at.Unix()] = true
		}
	}
	for _, at := range steps {
		n := l.held[slotKey{office, at.Unix()}]
		if mine[at.Unix()] {
			n--
		}
		if n >= counters {
			return false
		}
	}
	return true
}

// Held returns how many bookings hold the step at at office.
func (l *Ledger) Held(office string, at time.Time) int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.held[slotKey{office, at.Unix()}]
}
