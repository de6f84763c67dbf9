package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// bookingContracts: slots, revisions and reminders, enforced in the turn's
// transaction.
var bookingContracts = []contract{
	{"BookAndRead", testBookAndRead},
	{"SlotCapacity", testSlotCapacity},
	{"SlotRace", testSlotRace},
	{"Revisions", testBookingRevisions},
	{"Reminder", testBookingReminder},
	{"Status", testBookingStatus},
}

// slot9 is the first slot of the suite's office day; visits take 15 minutes.
var slot9 = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func slotAt(i int) time.Time { return slot9.Add(time.Duration(i) * 15 * time.Minute) }

// booking is a new booking at the town hall taking slots first…first+n-1.
func booking(r string, first, n, capacity int) store.BookingChange {
	var slots []time.Time
	for i := range n {
		slots = append(slots, slotAt(first+i))
	}
	return store.BookingChange{Booking: cases.Booking{Ref: r, Office: "rathaus", Service: "passport", Department: "buergeramt",
		Start: slots[0], End: slots[n-1].Add(15 * time.Minute), Slots: slots, Capacity: capacity,
		Status: cases.BookingBooked, Secret: "K7-" + r, Name: "Besucher-" + r + "-Q7Zr4Wm2"}}
}

// book commits a turn of conv with bookings; the error is the commit's.
func (e *env) book(t *testing.T, conv string, at time.Time, bs ...store.BookingChange) error {
	t.Helper()
	e.turns++
	tr := citizenTurn(conv, fmt.Sprintf("book-%d", e.turns), at)
	tr.Bookings = bs
	_, err := e.s.CommitTurn(context.Background(), tr)
	return err
}

func testBookAndRead(t *testing.T, e *env) {
	b := booking(ref(2026, 1), 2, 2, 1)
	if err := e.book(t, "c1", t0, b); err != nil {
		t.Fatal(err)
	}
	got, err := e.s.Booking(b.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rev != 1 || got.Status != cases.BookingBooked || got.Office != "rathaus" || got.Service != "passport" ||
		got.Department != "buergeramt" || !got.Start.Equal(b.Start) || !got.End.Equal(b.End) || len(got.Slots) != 2 ||
		got.Conversation != "c1" || !got.Created.Equal(t0) || !got.Updated.Equal(t0) || got.Name != b.Name {
		t.Fatalf("booking %+v", got)
	}
	if string(got.SecretMAC) != string(e.s.CaseSecretMAC(b.Ref, b.Secret)) {
		t.Error("a booking's SecretMAC is not CaseSecretMAC of its code")
	}
	wantNotFound(t, "unknown booking", func() error { _, err := e.s.Booking("AB-2026-999999"); return err }())
	at, err := e.s.BookingsAt("rathaus", slotAt(3), slotAt(4))
	if err != nil || len(at) != 1 || at[0].Ref != b.Ref || at[0].Name != b.Name {
		t.Fatalf("bookings at its second slot: %+v %v", at, err)
	}
	for _, r := range [][2]time.Time{{slotAt(0), slotAt(2)}, {slotAt(4), slotAt(8)}} {
		if at, _ := e.s.BookingsAt("rathaus", r[0], r[1]); len(at) != 0 {
			t.Errorf("bookings in [%v, %v): %+v", r[0], r[1], at)
		}
	}
	if at, _ := e.s.BookingsAt("stadtbuero", slotAt(0), slotAt(8)); len(at) != 0 {
		t.Errorf("bookings of another office: %+v", at)
	}
	later := booking(ref(2026, 2), 0, 1, 1)
	if err := e.book(t, "c1", t0.Add(time.Minute), later); err != nil {
		t.Fatal(err)
	}
	of, err := e.s.BookingsOf("c1")
	if err != nil || len(of) != 2 || of[0].Ref != later.Ref || of[1].Ref != b.Ref {
		t.Fatalf("bookings of c1 by start: %+v %v", of, err)
	}
	var index []cases.Booking
	if err := e.s.BookingIndex(func(b cases.Booking) { index = append(index, b) }); err != nil || len(index) != 2 {
		t.Fatalf("booking index %+v %v", index, err)
	}
	for _, x := range index {
		if x.Name != "" || x.Office != "rathaus" || x.Rev != 1 {
			t.Errorf("index entry %+v: index fields only", x)
		}
	}
}

func testSlotCapacity(t *testing.T, e *env) {
	// Two counters: two visits in slot 1, the third fails.
	if err := e.book(t, "c1", t0, booking(ref(2026, 1), 1, 1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := e.book(t, "c2", t0, booking(ref(2026, 2), 0, 2, 2)); err != nil {
		t.Fatal(err)
	}
	third := booking(ref(2026, 3), 1, 2, 2) // slots 1 (full) and 2 (free)
	err := e.book(t, "c3", t0, third)
	var bc *store.BookingConflict
	if !errors.As(err, &bc) || !errors.Is(err, store.ErrSlotTaken) || bc.Ref != third.Ref {
		t.Fatalf("booking a full slot: %v", err)
	}
	var holders []string
	for _, c := range bc.Current {
		holders = append(holders, c.Ref)
	}
	if !sameStrings(holders, []string{ref(2026, 1), ref(2026, 2)}) {
		t.Errorf("conflict's current bookings %v", holders)
	}
	wantNotFound(t, "booking that did not fit", func() error { _, err := e.s.Booking(third.Ref); return err }())
	wantNotFound(t, "conversation of the failed booking", func() error { _, err := e.s.Conversation("c3"); return err }())
	// Its free slot stayed free; a booking of slot 2 alone fits.
	if err := e.book(t, "c4", t0, booking(ref(2026, 4), 2, 1, 1)); err != nil {
		t.Fatalf("the failed booking kept slot 2: %v", err)
	}
	// Two new bookings of one turn count against each other.
	err = e.book(t, "c5", t0, booking(ref(2026, 5), 5, 1, 1), booking(ref(2026, 6), 5, 1, 1))
	if !errors.Is(err, store.ErrSlotTaken) {
		t.Fatalf("two bookings of one turn in a slot of one: %v", err)
	}
	wantNotFound(t, "first booking of the failed turn", func() error { _, err := e.s.Booking(ref(2026, 5)); return err }())
	// Capacity 0 means one.
	if err := e.book(t, "c6", t0, booking(ref(2026, 7), 7, 1, 0)); err != nil {
		t.Fatal(err)
	}
	if err := e.book(t, "c7", t0, booking(ref(2026, 8), 7, 1, 0)); !errors.Is(err, store.ErrSlotTaken) {
		t.Fatalf("second booking of a slot of capacity 0: %v", err)
	}
}

func testSlotRace(t *testing.T, e *env) {
	// Turns booking one slot at the same time: exactly capacity win.
	const n, capacity = 8, 2
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tr := citizenTurn(fmt.Sprintf("r%d", i), "race", t0)
			tr.Bookings = []store.BookingChange{booking(ref(2026, 100+i), 4, 1, capacity)}
			_, errs[i] = e.s.CommitTurn(context.Background(), tr)
		})
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrSlotTaken):
			t.Errorf("booking %d: %v, want ErrSlotTaken", i, err)
		}
	}
	at, err := e.s.BookingsAt("rathaus", slotAt(4), slotAt(5))
	if won != capacity || err != nil || len(at) != capacity {
		t.Fatalf("%d bookings won a slot of %d, %d listed (%v)", won, capacity, len(at), err)
	}
}

func testBookingRevisions(t *testing.T, e *env) {
	b := booking(ref(2026, 1), 0, 1, 1)
	if err := e.book(t, "c1", t0, b); err != nil {
		t.Fatal(err)
	}
	// Booking the same reference anew is a change that came too late.
	err := e.book(t, "c1", t0, b)
	var bc *store.BookingConflict
	if !errors.As(err, &bc) || !errors.Is(err, store.ErrBookingChanged) || len(bc.Current) != 1 || bc.Current[0].Rev != 1 {
		t.Fatalf("new booking of a taken reference: %v %+v", err, bc)
	}
	// Move it to slot 3 (rev 1 → 2); slot 0 is free again.
	moved := b
	moved.Rev, moved.Status, moved.Slots = 1, cases.BookingMoved, []time.Time{slotAt(3)}
	moved.Start, moved.End, moved.Name = slotAt(3), slotAt(4), "Nicht-gespeichert-Q7Zr4Wm2"
	if err := e.book(t, "c1", t0.Add(time.Minute), moved); err != nil {
		t.Fatal(err)
	}
	got, _ := e.s.Booking(b.Ref)
	if got.Rev != 2 || got.Status != cases.BookingMoved || !got.Start.Equal(slotAt(3)) || !got.Created.Equal(t0) ||
		!got.Updated.Equal(t0.Add(time.Minute)) || got.Name != b.Name {
		t.Fatalf("moved booking %+v", got)
	}
	if at, _ := e.s.BookingsAt("rathaus", slotAt(0), slotAt(1)); len(at) != 0 {
		t.Errorf("the old slot still lists %+v", at)
	}
	if err := e.book(t, "c2", t0, booking(ref(2026, 2), 0, 1, 1)); err != nil {
		t.Fatalf("the moved booking's old slot is not free: %v", err)
	}
	// A change based on the old revision fails, and changes nothing.
	stale := moved
	stale.Slots, stale.Start = []time.Time{slotAt(5)}, slotAt(5)
	err = e.book(t, "c1", t0.Add(2*time.Minute), stale)
	if !errors.As(err, &bc) || !errors.Is(err, store.ErrBookingChanged) || len(bc.Current) != 1 || bc.Current[0].Rev != 2 {
		t.Fatalf("stale change: %v", err)
	}
	if got, _ := e.s.Booking(b.Ref); got.Rev != 2 || !got.Start.Equal(slotAt(3)) {
		t.Errorf("the stale change changed the booking: %+v", got)
	}
	// Cancelling frees the slot and lists it nowhere.
	cancel := moved
	cancel.Rev, cancel.Status = 2, cases.BookingCancelled
	if err := e.book(t, "c1", t0.Add(3*time.Minute), cancel); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.Booking(b.Ref); got.Rev != 3 || got.Status != cases.BookingCancelled {
		t.Errorf("cancelled booking %+v", got)
	}
	if at, _ := e.s.BookingsAt("rathaus", slotAt(3), slotAt(4)); len(at) != 0 {
		t.Errorf("a cancelled booking is listed: %+v", at)
	}
	if err := e.book(t, "c3", t0, booking(ref(2026, 3), 3, 1, 1)); err != nil {
		t.Fatalf("the cancelled booking's slot is not free: %v", err)
	}
}

func testBookingReminder(t *testing.T, e *env) {
	remindAt := slot9.Add(-24 * time.Hour)
	b := booking(ref(2026, 1), 0, 1, 1)
	b.Reminder = &store.OutboxItem{Channel: web, Address: addr("c1"), Body: []byte("Erinnerung-Q7Zr4Wm2"), At: remindAt}
	if err := e.book(t, "c1", t0, b); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.Booking(b.Ref); !got.ReminderPending {
		t.Fatal("reminder not pending")
	}
	d, next := e.due(t, web, t0)
	if len(d) != 1 || string(d[0].Body) == "Erinnerung-Q7Zr4Wm2" || !next.Equal(remindAt) {
		t.Fatalf("due before the reminder: %q next %v", bodies(d), next)
	}
	if err := e.s.Delivered(context.Background(), web, d[0].ID); err != nil {
		t.Fatal(err)
	}
	// Moving with a new reminder replaces it.
	moved := b
	moved.Rev, moved.Status, moved.Name = 1, cases.BookingMoved, "Nicht-gespeichert-Q7Zr4Wm2"
	moved.Slots, moved.Start, moved.End = []time.Time{slotAt(4)}, slotAt(4), slotAt(5)
	moved.Reminder = &store.OutboxItem{Channel: web, Address: addr("c1"), Body: []byte("Neue-Erinnerung-Q7Zr4Wm2"), At: remindAt.Add(time.Hour)}
	if err := e.book(t, "c1", t0.Add(time.Minute), moved); err != nil {
		t.Fatal(err)
	}
	d, _ = e.due(t, web, remindAt.Add(2*time.Hour))
	var reminders []string
	for _, x := range d {
		if x.Conversation == "c1" && string(x.Body) != "" && slices.Contains([]string{"Erinnerung-Q7Zr4Wm2", "Neue-Erinnerung-Q7Zr4Wm2"}, string(x.Body)) {
			reminders = append(reminders, string(x.Body))
		}
	}
	if !slices.Equal(reminders, []string{"Neue-Erinnerung-Q7Zr4Wm2"}) {
		t.Fatalf("reminders due after the move: %q", reminders)
	}
	// Moving without one drops it.
	again := moved
	again.Rev, again.Reminder = 2, nil
	if err := e.book(t, "c1", t0.Add(2*time.Minute), again); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.s.Booking(b.Ref); got.ReminderPending {
		t.Error("reminder pending after a change without one")
	}
	for _, x := range func() []store.Delivery { d, _ := e.due(t, web, remindAt.Add(2*time.Hour)); return d }() {
		if string(x.Body) == "Neue-Erinnerung-Q7Zr4Wm2" {
			t.Error("a dropped reminder is due")
		}
	}
}

func testBookingStatus(t *testing.T, e *env) {
	ctx := context.Background()
	b := booking(ref(2026, 1), 0, 1, 1)
	b.Reminder = &store.OutboxItem{Channel: web, Address: addr("c1"), Body: []byte("Erinnerung-Q7Zr4Wm2"), At: slot9.Add(-time.Hour)}
	if err := e.book(t, "c1", t0, b); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetBookingStatus(ctx, b.Ref, cases.BookingBooked, t0); !errors.Is(err, store.ErrTransition) {
		t.Errorf("status booked by staff: %v, want ErrTransition", err)
	}
	wantNotFound(t, "status of an unknown booking", func() error {
		_, err := e.s.SetBookingStatus(ctx, "AB-2026-999999", cases.BookingSeen, t0)
		return err
	}())
	seenAt := slot9.Add(5 * time.Minute)
	got, err := e.s.SetBookingStatus(ctx, b.Ref, cases.BookingSeen, seenAt)
	if err != nil || got.Status != cases.BookingSeen || got.Rev != 2 || !got.Updated.Equal(seenAt) {
		t.Fatalf("seen: %+v %v", got, err)
	}
	if got, _ := e.s.Booking(b.Ref); got.Status != cases.BookingSeen || got.ReminderPending {
		t.Errorf("after seen: %+v", got)
	}
	if at, _ := e.s.BookingsAt("rathaus", slotAt(0), slotAt(1)); len(at) != 1 {
		t.Errorf("a seen visit keeps its slot in the day plan: %+v", at)
	}
	// A cancelled booking holds nothing and cannot be seen.
	c := booking(ref(2026, 2), 2, 1, 1)
	if err := e.book(t, "c2", t0, c); err != nil {
		t.Fatal(err)
	}
	c.Rev, c.Status, c.Name = 1, cases.BookingCancelled, "Nicht-gespeichert-Q7Zr4Wm2"
	if err := e.book(t, "c2", t0.Add(time.Minute), c); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.SetBookingStatus(ctx, c.Ref, cases.BookingNoShow, t0); !errors.Is(err, store.ErrTransition) {
		t.Errorf("no-show of a cancelled booking: %v, want ErrTransition", err)
	}
}
