package appointments_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
	"amtsbote/services/appointments"
	"amtsbote/store"
)

// core is a real core (store, engine, gateway) with the appointment
// handler and its ledger as the gateway's observer, at a fixed time.
type core struct {
	*harness.Core
	t         *testing.T
	ledger    *appointments.Ledger
	conflicts atomic.Int64
}

func startCore(t *testing.T, dir string, now time.Time, senders ...channels.Sender) *core {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	l := appointments.NewLedger(nil)
	h := appointments.New(appointments.Options{Ledger: l, Catalog: cat, Location: now.Location()})
	cc := &core{t: t, ledger: l}
	c := harness.Start(t, harness.Options{Dir: dir, Now: func() time.Time { return now }, Loc: now.Location(),
		Handlers: h.Handlers(), Gate: gateway.Config{Observers: []gateway.Observer{counting{l, &cc.conflicts}}}}, senders...)
	if err := c.DB.BookingIndex(l.PutStored); err != nil { // as the composition root seeds it
		t.Fatal(err)
	}
	cc.Core = c
	return cc
}

// counting is the ledger as the gateway's observer, counting conflicts.
type counting struct {
	*appointments.Ledger
	n *atomic.Int64
}

func (c counting) BookingConflict(bc *store.BookingConflict) {
	c.n.Add(1)
	c.Ledger.BookingConflict(bc)
}

// say sends one message from address on the web channel.
func (c *core) say(address, text string) channels.Receipt {
	c.t.Helper()
	r, err := c.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: address,
		MessageID: fmt.Sprintf("%s-%d", address, messageIDs.Add(1)), Text: text})
	if err != nil || r.Duplicate {
		c.t.Fatalf("%s: %q: %v (duplicate %v)", address, text, err, r.Duplicate)
	}
	return r
}

// messageIDs numbers the test messages.
var messageIDs atomic.Int64

// replies returns the bot's committed replies to receipt r.
func (c *core) replies(r channels.Receipt) []channels.Outbound {
	c.t.Helper()
	entries, err := c.DB.Transcript(r.Conversation, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	var out []channels.Outbound
	for i := len(entries) - 1; i >= 0 && entries[i].Kind == store.EntryOut; i-- {
		var o channels.Outbound
		if err := json.Unmarshal(entries[i].Body, &o); err != nil {
			c.t.Fatal(err)
		}
		out = append([]channels.Outbound{o}, out...)
	}
	return out
}

func text(replies []channels.Outbound) string {
	var parts []string
	for _, o := range replies {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n")
}

func berlinSunday(t *testing.T) time.Time {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 29, 10, 0, 0, 0, loc)
}

// upToSummary takes a citizen through the booking form to the summary.
func (c *core) upToSummary(address, concern, when, slot string) {
	c.t.Helper()
	for _, in := range []string{"Termin vereinbaren", concern, when, slot, "Erika Mustermann", "überspringen"} {
		c.say(address, in)
	}
}

func TestConcurrentBookingsOfOneSlot(t *testing.T) {
	if testing.Short() {
		t.Skip("200 conversations")
	}
	const citizens = 200
	const slot = "auslaenderbehoerde/20261203T0800" // two counters, a one-hour visit
	c := startCore(t, "", berlinSunday(t))
	var wg sync.WaitGroup
	for i := range citizens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.upToSummary(fmt.Sprintf("citizen-%03d", i), "Aufenthaltstitel (Ausländerbehörde)", "am 3.12.", slot)
		}()
	}
	wg.Wait()

	// All submit at once.
	receipts := make([]channels.Receipt, citizens)
	start := make(chan struct{})
	for i := range citizens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			receipts[i] = c.say(fmt.Sprintf("citizen-%03d", i), "Absenden")
		}()
	}
	close(start)
	wg.Wait()

	at := time.Date(2026, 12, 3, 8, 0, 0, 0, berlinSunday(t).Location())
	stored, err := c.DB.BookingsAt("auslaenderbehoerde", at, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != 2 {
		t.Fatalf("%d bookings stored for a slot with 2 counters", len(stored))
	}
	booked := map[string]bool{stored[0].Ref: true, stored[1].Ref: true}
	won := 0
	for i, r := range receipts {
		replies := c.replies(r)
		cases, err := c.DB.CasesOf(r.Conversation)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text(replies), "Ihr Termin ist gebucht") {
			won++
			// Acknowledged with a booking: it is stored, under the case's reference.
			if len(cases) != 1 || !booked[cases[0].Ref] || !strings.Contains(text(replies), cases[0].Ref) {
				t.Errorf("citizen %d was told of a booking that is not stored: %v", i, cases)
			}
			continue
		}
		// Lost: told so in the same turn, and offered other slots.
		if len(cases) != 0 || !strings.Contains(text(replies), "gerade vergeben") {
			t.Errorf("citizen %d: cases %v, replies:\n%s", i, cases, text(replies))
			if entries, err := c.DB.Transcript(r.Conversation, 0); err == nil {
				for _, e := range entries {
					t.Logf("  %s %.200s", e.Kind, e.Body)
				}
			}
			continue
		}
		last := replies[len(replies)-1]
		if last.Field == nil || last.Field.Name != "slot" || len(last.Options) < 3 || last.Options[0].Value == slot {
			t.Errorf("citizen %d is not offered other slots: %+v", i, last)
		}
	}
	if won != 2 {
		t.Errorf("%d citizens were told they booked", won)
	}
	t.Logf("%d turns were decided again after a conflict in the store", c.conflicts.Load())
	if n := c.ledger.Held("auslaenderbehoerde", at); n != 2 {
		t.Errorf("the ledger holds %d bookings for the slot", n)
	}
}

func TestMoveAndCancelFreeTheSlotThroughTheGateway(t *testing.T) {
	c := startCore(t, "", berlinSunday(t))
	const s1, s2 = "standesamt/20261201T0800", "standesamt/20261201T0830" // one counter
	c.upToSummary("anna", "Standesamt", "am 1.12.", s1)
	if r := c.say("anna", "Absenden"); !strings.Contains(text(c.replies(r)), "Ihr Termin ist gebucht") {
		t.Fatalf("anna did not book:\n%s", text(c.replies(r)))
	}
	for _, in := range []string{"Termin vereinbaren", "Standesamt", "am 1.12."} {
		c.say("ben", in)
	}
	if r := c.say("ben", s1); !strings.Contains(text(c.replies(r)), "gerade vergeben") {
		t.Fatalf("ben may pick a taken slot:\n%s", text(c.replies(r)))
	}
	// Anna moves to 08:30; now Ben gets 08:00.
	for _, in := range []string{"Termin verschieben", "1", "am 1.12.", s2, "Absenden"} {
		c.say("anna", in)
	}
	for _, in := range []string{s1, "Ben Beispiel", "überspringen", "Absenden"} {
		if r := c.say("ben", in); in == "Absenden" && !strings.Contains(text(c.replies(r)), "Ihr Termin ist gebucht") {
			t.Fatalf("ben cannot book the slot anna left:\n%s", text(c.replies(r)))
		}
	}
	// Anna cancels; Clara gets 08:30.
	for _, in := range []string{"Termin absagen", "1", "Absenden"} {
		c.say("anna", in)
	}
	c.upToSummary("clara", "Standesamt", "am 1.12.", s2)
	if r := c.say("clara", "Absenden"); !strings.Contains(text(c.replies(r)), "Ihr Termin ist gebucht") {
		t.Fatalf("clara cannot book the slot anna cancelled:\n%s", text(c.replies(r)))
	}
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, berlinSunday(t).Location())
	list, _ := c.DB.BookingsAt("standesamt", day, day.AddDate(0, 0, 1))
	if len(list) != 2 || list[0].Start.Hour() != 8 || list[0].Start.Minute() != 0 || list[1].Start.Minute() != 30 {
		t.Errorf("day plan %+v", list)
	}
}

// conflictsOnly passes on conflicts but not commits, so the ledger stays
// stale until the store refuses a booking.
type conflictsOnly struct {
	l *appointments.Ledger
	n *int
}

func (conflictsOnly) TurnCommitted(string, store.Meta, []cases.Case) {}

func (o conflictsOnly) BookingConflict(c *store.BookingConflict) {
	*o.n++
	o.l.BookingConflict(c)
}

func TestConflictIsDecidedAgainInTheSameTurn(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	now := berlinSunday(t)
	l := appointments.NewLedger(nil)
	conflicts := 0
	h := appointments.New(appointments.Options{Ledger: l, Catalog: cat, Location: now.Location()})
	c := &core{t: t, ledger: l, Core: harness.Start(t, harness.Options{Now: func() time.Time { return now }, Loc: now.Location(),
		Handlers: h.Handlers(), Gate: gateway.Config{Observers: []gateway.Observer{conflictsOnly{l, &conflicts}}}})}
	const slot = "standesamt/20261201T0800" // one counter
	c.upToSummary("anna", "Standesamt", "am 1.12.", slot)
	c.upToSummary("ben", "Standesamt", "am 1.12.", slot)
	c.say("anna", "Absenden")
	r := c.say("ben", "Absenden") // the ledger still thinks the slot is free
	replies := c.replies(r)
	if conflicts != 1 || !strings.Contains(text(replies), "gerade vergeben") || strings.Contains(text(replies), "gebucht") {
		t.Fatalf("%d conflicts; ben was told:\n%s", conflicts, text(replies))
	}
	if cases, _ := c.DB.CasesOf(r.Conversation); len(cases) != 0 {
		t.Errorf("ben has cases %v", cases)
	}
	if last := replies[len(replies)-1]; last.Field == nil || last.Field.Name != "slot" || last.Options[0].Value == slot {
		t.Errorf("ben is not offered other slots: %+v", last)
	}
	if l.Held("standesamt", time.Date(2026, 12, 1, 8, 0, 0, 0, now.Location())) != 1 {
		t.Error("the ledger did not learn the booking that won")
	}
}

// recorder is a channel that records what it is asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []channels.Delivery
}

func (r *recorder) Name() string { return "web" }

func (r *recorder) Send(_ context.Context, d channels.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, d)
	return nil
}

func (r *recorder) reminders() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, d := range r.sent {
		if strings.HasPrefix(d.Message.Text, "Erinnerung:") {
			n++
		}
	}
	return n
}

func TestReminderDueDuringDowntimeIsSentOnceAfterRestart(t *testing.T) {
	dir := t.TempDir()
	sunday := berlinSunday(t)
	c := startCore(t, dir, sunday) // no sender: nothing is delivered
	c.upToSummary("anna", "Personalausweis", "am 1.12.", "buergerbuero/20261201T0900")
	c.say("anna", "Absenden")
	if list, _ := c.DB.BookingsAt("buergerbuero", sunday, sunday.AddDate(0, 0, 7)); len(list) != 1 || !list[0].ReminderPending {
		t.Fatalf("booking %+v", list)
	}
	c.Stop() // down before Monday 09:00, when the reminder is due

	monday := time.Date(2026, 11, 30, 12, 0, 0, 0, sunday.Location())
	rec := &recorder{}
	c2 := startCore(t, dir, monday, rec)
	deadline := time.Now().Add(10 * time.Second)
	for rec.reminders() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // a second send would come now
	if n := rec.reminders(); n != 1 {
		t.Fatalf("%d reminders sent after the restart", n)
	}
	var reminder channels.Delivery
	for _, d := range rec.sent {
		if strings.HasPrefix(d.Message.Text, "Erinnerung:") {
			reminder = d
		}
	}
	if !strings.Contains(reminder.Message.Text, "Di 01.12.2026, 09:00–09:15 Uhr") || reminder.Address != "anna" ||
		len(reminder.Message.Options) != 2 || reminder.Message.Options[1].Value != "service:"+appointments.ServiceCancel {
		t.Errorf("reminder %+v", reminder)
	}
	c2.Stop()

	// Delivered means gone: a third start sends it no more.
	rec3 := &recorder{}
	startCore(t, dir, monday.Add(time.Hour), rec3)
	time.Sleep(300 * time.Millisecond)
	if n := rec3.reminders(); n != 0 {
		t.Errorf("the reminder was sent again after another restart")
	}
}

var _ dialog.Handler = (*appointments.Handler)(nil)
