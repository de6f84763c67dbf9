package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

var visit = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

// bookingTurn is a turn of conversation conv that books ref at slot at.
func bookingTurn(conv, ref string, at time.Time) store.Turn {
	t := turn(conv, conv+"-"+ref, "book")
	t.Bookings = []store.BookingChange{{Booking: cases.Booking{Ref: ref, Office: "buergerbuero", Service: "id-card", Department: "buergerbuero",
		Start: at, End: at.Add(15 * time.Minute), Slots: []time.Time{at}, Capacity: 2, Status: cases.BookingBooked,
		Secret: "K7P3M9QX", Name: "Erika Mustermann"},
		Reminder: &store.OutboxItem{Channel: "web", Address: "session-secret-address", Body: []byte("Erinnerung " + ref), At: visit.Add(-23 * time.Hour)}}}
	return t
}

func TestBookingsNeverExceedCounters(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = d.CommitTurn(ctx, bookingTurn(fmt.Sprintf("c%d", i), fmt.Sprintf("AB-2026-%06d", i+1), visit))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var c *store.BookingConflict
		switch {
		case err == nil:
			ok++
		case errors.As(err, &c) && errors.Is(err, store.ErrSlotTaken):
			if len(c.Current) != 2 || c.Current[0].Office != "buergerbuero" || c.Current[0].Rev != 1 {
				t.Errorf("conflict %+v", c)
			}
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	list, err := d.BookingsAt("buergerbuero", visit, visit.Add(time.Hour))
	if ok != 2 || err != nil || len(list) != 2 {
		t.Fatalf("%d commits succeeded, %d bookings stored (%v)", ok, len(list), err)
	}
	if list[0].Name != "Erika Mustermann" || !list[0].ReminderPending || list[0].Conversation == "" {
		t.Errorf("stored booking %+v", list[0])
	}
	// The failed turns left nothing behind: no conversation, no reminder.
	n := 0
	if err := d.BookingIndex(func(cases.Booking) { n++ }); err != nil || n != 2 {
		t.Errorf("%d bookings in the index", n)
	}
}

func TestMoveAndCancelFreeTheSlot(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	for i, conv := range []string{"a", "b"} {
		if _, err := d.CommitTurn(ctx, bookingTurn(conv, fmt.Sprintf("AB-2026-00000%d", i+1), visit)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.CommitTurn(ctx, bookingTurn("c", "AB-2026-000003", visit)); !errors.Is(err, store.ErrSlotTaken) {
		t.Fatalf("a third booking: %v", err)
	}
	// a moves to 09:00 (with a new reminder), b cancels; a stale change fails.
	later := visit.Add(time.Hour)
	move := turn("a", "a-move", "move")
	move.Bookings = []store.BookingChange{{Booking: cases.Booking{Ref: "AB-2026-000001", Office: "buergerbuero", Service: "id-card", Start: later,
		End: later.Add(15 * time.Minute), Slots: []time.Time{later}, Capacity: 2, Status: cases.BookingMoved, Rev: 1},
		Reminder: &store.OutboxItem{Channel: "web", Address: "x", Body: []byte("neu"), At: later.Add(-24 * time.Hour)}}}
	if _, err := d.CommitTurn(ctx, move); err != nil {
		t.Fatal(err)
	}
	stale := turn("a", "a-stale", "stale")
	stale.Bookings = []store.BookingChange{{Booking: cases.Booking{Ref: "AB-2026-000001", Office: "buergerbuero", Status: cases.BookingCancelled, Rev: 1}}}
	var c *store.BookingConflict
	if _, err := d.CommitTurn(ctx, stale); !errors.As(err, &c) || !errors.Is(err, store.ErrBookingChanged) || c.Current[0].Rev != 2 {
		t.Fatalf("a change based on an old revision: %v", err)
	}
	cancel := turn("b", "b-cancel", "cancel")
	cancel.Bookings = []store.BookingChange{{Booking: cases.Booking{Ref: "AB-2026-000002", Office: "buergerbuero", Status: cases.BookingCancelled, Rev: 1}}}
	if _, err := d.CommitTurn(ctx, cancel); err != nil {
		t.Fatal(err)
	}
	if _, err := d.CommitTurn(ctx, bookingTurn("c", "AB-2026-000003", visit)); err != nil {
		t.Fatalf("the freed slot: %v", err)
	}
	if _, err := d.CommitTurn(ctx, bookingTurn("e", "AB-2026-000004", visit)); err != nil {
		t.Fatalf("the second freed place: %v", err)
	}
	b, err := d.Booking("AB-2026-000002")
	if err != nil || b.Status != cases.BookingCancelled || b.Rev != 2 || b.ReminderPending {
		t.Errorf("cancelled booking %+v %v", b, err)
	}
	a, _ := d.Booking("AB-2026-000001")
	if a.Status != cases.BookingMoved || !a.Start.Equal(later) || !a.ReminderPending || a.Name != "Erika Mustermann" {
		t.Errorf("moved booking %+v", a)
	}
	// Exactly the reminders of the live bookings wait in the outbox.
	due, _, _ := d.Due("web", visit, 100)
	reminders := 0
	for _, it := range due {
		if bytes.HasPrefix(it.Body, []byte("Erinnerung")) || string(it.Body) == "neu" {
			reminders++
		}
	}
	if reminders != 3 { // a's new one, c's and e's; b's went with the cancellation, a's old one with the move
		t.Errorf("%d reminders due", reminders)
	}
	// Staff mark the visit; a cancelled one cannot be marked.
	if s, err := d.SetBookingStatus(ctx, "AB-2026-000001", cases.BookingSeen, visit); err != nil || s.Status != cases.BookingSeen {
		t.Errorf("seen: %+v %v", s, err)
	}
	if _, err := d.SetBookingStatus(ctx, "AB-2026-000002", cases.BookingNoShow, visit); !errors.Is(err, store.ErrTransition) {
		t.Errorf("no-show of a cancelled booking: %v", err)
	}
	if _, err := d.SetBookingStatus(ctx, "AB-2026-000099", cases.BookingSeen, visit); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown booking: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Erika", "Mustermann", "K7P3M9QX", "Erinnerung"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the store file contains %q in plaintext", secret)
		}
	}
}

func TestScheduledItemWaitsAloneAndOnlyUntilDue(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	if _, err := d.CommitTurn(ctx, bookingTurn("c1", "AB-2026-000001", visit)); err != nil {
		t.Fatal(err)
	}
	// A later reply of the same conversation is not held back by the reminder.
	if _, err := d.CommitTurn(ctx, turn("c1", "m2", "zwei")); err != nil {
		t.Fatal(err)
	}
	due, next, err := d.Due("web", t0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, it := range due {
		bodies = append(bodies, string(it.Body))
	}
	if len(due) != 2 || bodies[0] != "reply to book" || bodies[1] != "reply to zwei" || !next.Equal(visit.Add(-23*time.Hour)) {
		t.Fatalf("due before the reminder: %q, next %v", bodies, next)
	}
	due, _, _ = d.Due("web", visit, 100)
	if len(due) != 3 || string(due[1].Body) != "Erinnerung AB-2026-000001" || !due[1].NextAt.Equal(visit.Add(-23*time.Hour)) {
		t.Fatalf("due at the visit: %d items", len(due))
	}
}

func TestBookingsOfAConversation(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	for _, tt := range []store.Turn{
		bookingTurn("a", "AB-2026-000002", visit.Add(time.Hour)),
		bookingTurn("b", "AB-2026-000003", visit),
		bookingTurn("a", "AB-2026-000001", visit),
	} {
		if _, err := d.CommitTurn(ctx, tt); err != nil {
			t.Fatal(err)
		}
	}
	list, err := d.BookingsOf("a")
	if err != nil || len(list) != 2 {
		t.Fatalf("bookings of a: %d, %v", len(list), err)
	}
	if list[0].Ref != "AB-2026-000001" || list[1].Ref != "AB-2026-000002" || !list[0].Start.Equal(visit) {
		t.Fatalf("not in order of their start: %s, %s", list[0].Ref, list[1].Ref)
	}
	if list[0].Name != "Erika Mustermann" || list[0].Office != "buergerbuero" || list[0].Status != cases.BookingBooked {
		t.Fatalf("booking %+v", list[0])
	}
	if none, err := d.BookingsOf("nobody"); err != nil || len(none) != 0 {
		t.Fatalf("bookings of an unknown conversation: %v %v", none, err)
	}
	// Deleted, the conversation's bookings keep their slots but their
	// personal part can no longer be opened.
	if _, err := d.Delete(ctx, []string{"a"}); err != nil {
		t.Fatal(err)
	}
	list, err = d.BookingsOf("a")
	if err != nil || len(list) != 2 {
		t.Fatalf("after delete: %d bookings, %v", len(list), err)
	}
	if list[0].Name != "" || list[0].Contact != "" {
		t.Fatalf("after delete the personal part opens: %q", list[0].Name)
	}
}
