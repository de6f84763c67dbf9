package appointments_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	ics "github.com/arran4/golang-ical"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
	"amtsbote/services/appointments"
	"amtsbote/services/handlers"
)

// refs numbers cases from 1.
type refs struct{ n int }

func (r *refs) NextCaseRef(now time.Time) string {
	r.n++
	return fmt.Sprintf("AB-%d-%06d", now.Year(), r.n)
}

// mac stands for the store's secret MAC.
func mac(ref, secret string) []byte { return []byte(ref + "\x00" + secret) }

// world is an engine over the builtin catalog with the appointment
// handler, its ledger, and a clock at Sunday 2026-11-29 10:00 in Berlin.
type world struct {
	t      *testing.T
	e      *dialog.Engine
	ledger *appointments.Ledger
	now    time.Time
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	l := appointments.NewLedger(mac)
	h := appointments.New(appointments.Options{Ledger: l, Catalog: cat, Location: loc})
	e := dialog.New(cat, route.New(cat), &refs{}, nil, dialog.Options{Location: loc, Rand: rand.NewChaCha8([32]byte{9}),
		Handlers: handlers.Builtin(handlers.Options{Location: loc, Appointments: h})})
	return &world{t: t, e: e, ledger: l, now: time.Date(2026, 11, 29, 10, 0, 0, 0, loc)}
}

// citizen is one conversation in a world; committed turns' bookings go
// into the ledger, as the gateway's observer does.
type citizen struct {
	w     *world
	st    dialog.State
	last  dialog.Result
	cases []cases.Case
}

func (w *world) citizen() *citizen { return &citizen{w: w} }

func (c *citizen) step(in channels.Inbound) dialog.Result {
	c.w.t.Helper()
	c.last = c.w.e.Step(c.st, in, c.w.now)
	c.st = c.last.State
	c.cases = append(c.cases, c.last.Cases...)
	c.w.ledger.Record(c.last.Bookings...)
	return c.last
}

func (c *citizen) say(text string) dialog.Result {
	return c.step(channels.Inbound{Channel: "web", Text: text})
}

func (c *citizen) pick(value string) dialog.Result {
	c.w.t.Helper()
	if !c.offers(value) {
		c.w.t.Fatalf("%q is not offered:\n%s", value, c.text())
	}
	return c.step(channels.Inbound{Channel: "web", Choice: value})
}

func (c *citizen) text() string {
	var parts []string
	for _, o := range c.last.Replies {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n")
}

func (c *citizen) asking() string {
	if n := len(c.last.Replies); n > 0 && c.last.Replies[n-1].Field != nil {
		return c.last.Replies[n-1].Field.Name
	}
	return ""
}

func (c *citizen) offers(value string) bool {
	for _, o := range c.last.Replies {
		for _, opt := range o.Options {
			if opt.Value == value {
				return true
			}
		}
	}
	return false
}

// options returns the options of the last question.
func (c *citizen) options() []channels.Option {
	if n := len(c.last.Replies); n > 0 {
		return c.last.Replies[n-1].Options
	}
	return nil
}

func (c *citizen) expect(field string, want ...string) {
	c.w.t.Helper()
	if got := c.asking(); got != field {
		c.w.t.Fatalf("asking %q, want %q:\n%s", got, field, c.text())
	}
	c.contains(want...)
}

func (c *citizen) contains(want ...string) {
	c.w.t.Helper()
	for _, s := range want {
		if !strings.Contains(c.text(), s) {
			c.w.t.Errorf("replies lack %q:\n%s", s, c.text())
		}
	}
}

// calendar parses the .ics attachment of the last replies.
func (c *citizen) calendar() *ics.VEvent {
	c.w.t.Helper()
	for _, o := range c.last.Replies {
		for _, a := range o.Attachments {
			if strings.HasSuffix(a.Name, ".ics") {
				cal, err := ics.ParseCalendar(bytes.NewReader(a.Data))
				if err != nil || len(cal.Events()) != 1 {
					c.w.t.Fatalf("the .ics does not parse: %v", err)
				}
				return cal.Events()[0]
			}
		}
	}
	c.w.t.Fatalf("no .ics attached:\n%s", c.text())
	return nil
}

func TestBookMoveCancelInGerman(t *testing.T) {
	w := newWorld(t)
	c := w.citizen()
	c.say("Ich brauche einen neuen Personalausweis")
	c.pick("book:id-card") // the hand-over answers the concern
	c.expect("when", "Wann möchten Sie kommen?")
	c.say("nächsten Dienstag vormittag")
	c.expect("slot")
	if o := c.options(); len(o) != 5 || o[0].Value != "buergerbuero/20261201T0800" || o[0].Label != "Di 01.12. 08:00" ||
		o[3].Value != "later" || o[4].Value != "other day" {
		t.Fatalf("slot options %+v", o)
	}
	c.pick("later")
	c.expect("slot", "Spätere freie Termine")
	if o := c.options(); o[0].Value != "buergerbuero/20261201T0845" {
		t.Fatalf("later: %+v", o)
	}
	c.say("lieber um 10 Uhr") // a new wish narrows the same day
	c.expect("slot", "Diese Termine sind frei")
	c.pick("buergerbuero/20261201T1000")
	c.expect("name")
	c.say("Erika Mustermann")
	c.say("überspringen")
	c.contains("Termin: Di 01.12.2026, 10:00 Uhr – Bürgerbüro", "Wunschzeit: Di 01.12.2026, ab 10:00 Uhr")
	c.say("Absenden")
	if len(c.last.Bookings) != 1 || len(c.cases) != 1 {
		t.Fatalf("bookings %+v, cases %d", c.last.Bookings, len(c.cases))
	}
	b, cs := c.last.Bookings[0], c.cases[0]
	if b.Ref != cs.Ref || b.Secret != cs.Secret || b.Secret == "" || b.Office != "buergerbuero" || b.Service != "id-card" ||
		b.Status != cases.BookingBooked || b.Rev != 0 || b.Capacity != 3 || b.Name != "Erika Mustermann" {
		t.Errorf("booking %+v for case %+v", b, cs)
	}
	if b.Reminder == nil || !b.Reminder.At.Equal(time.Date(2026, 11, 30, 9, 0, 0, 0, w.now.Location())) ||
		!strings.Contains(b.Reminder.Message.Text, "Erinnerung: Morgen haben Sie Ihren Termin "+b.Ref) {
		t.Errorf("reminder %+v", b.Reminder)
	}
	c.contains("Ihr Termin ist gebucht. Ihre Referenznummer: "+b.Ref, "Ihr Termin: Di 01.12.2026, 10:00–10:15 Uhr",
		"Ort: Bürgerbüro, Rathaus, Am Rathausplatz 1, 33098 Musterstadt", "Bitte bringen Sie mit:", "biometrisches Passfoto",
		"Am Vortag erinnere ich Sie hier daran", "Termin verschieben")
	if got, _ := c.calendar().GetStartAt(); !got.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, w.now.Location())) {
		t.Errorf("calendar start %v", got)
	}

	// Move it, in the same conversation: the booking is offered.
	c.say("Termin verschieben")
	c.expect("appointment")
	c.pick(b.Ref)
	c.expect("when")
	c.say("Donnerstag nach 16 Uhr")
	c.expect("slot")
	c.pick("buergerbuero/20261203T1600")
	c.contains("Neuer Termin: Do 03.12.2026, 16:00 Uhr – Bürgerbüro")
	c.say("Absenden")
	if len(c.last.Bookings) != 1 || len(c.cases) != 1 {
		t.Fatalf("move: bookings %+v, cases %d", c.last.Bookings, len(c.cases))
	}
	m := c.last.Bookings[0]
	if m.Ref != b.Ref || m.Status != cases.BookingMoved || m.Rev != 1 || !m.Start.Equal(time.Date(2026, 12, 3, 16, 0, 0, 0, w.now.Location())) ||
		m.Reminder == nil || m.Secret != "" || m.Name != "" {
		t.Errorf("move %+v", m)
	}
	c.contains("Ihr Termin "+b.Ref+" ist verschoben.", "Do 03.12.2026, 16:00–16:15 Uhr")
	ev := c.calendar()
	if seq := ev.GetProperty(ics.ComponentPropertySequence); seq == nil || seq.Value != "1" {
		t.Errorf("the moved event's SEQUENCE %+v", seq)
	}
	if w.ledger.Held("buergerbuero", time.Date(2026, 12, 1, 10, 0, 0, 0, w.now.Location())) != 0 {
		t.Error("the old slot is still held")
	}

	// Cancel it.
	c.say("Termin absagen")
	c.expect("appointment")
	c.say("1") // the first appointment offered
	c.contains("Termin: " + b.Ref + ": Do 03.12.2026, 16:00–16:15 Uhr – Bürgerbüro")
	c.say("Absenden")
	if len(c.last.Bookings) != 1 || c.last.Bookings[0].Status != cases.BookingCancelled || c.last.Bookings[0].Rev != 2 {
		t.Fatalf("cancel: %+v", c.last.Bookings)
	}
	c.contains("Ihr Termin " + b.Ref + " am Do 03.12.2026, 16:00–16:15 Uhr im Bürgerbüro ist abgesagt.")
	if st := c.calendar().GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != "CANCELLED" {
		t.Errorf("the cancelled event's STATUS %+v", st)
	}
	if w.ledger.Held("buergerbuero", time.Date(2026, 12, 3, 16, 0, 0, 0, w.now.Location())) != 0 {
		t.Error("the slot is still held after cancelling")
	}
	// Nothing is left to change.
	c.say("Termin absagen")
	c.say(b.Ref)
	c.expect("appointment", "nicht mehr offen")
}

func TestBookMoveCancelInEnglish(t *testing.T) {
	w := newWorld(t)
	c := w.citizen()
	c.say("I would like to book an appointment")
	c.expect("concern", "What do you need the appointment for?")
	c.pick("passport")
	c.expect("when", "When would you like to come?")
	c.pick("tomorrow")
	c.expect("slot", "Which slot suits you?")
	if o := c.options(); o[0].Label != "Mon 30 Nov 08:00" {
		t.Errorf("tomorrow: %+v", o)
	}
	c.pick("other day")
	c.expect("slot", "Free slots on another day")
	c.say("after 4 pm on Thursday")
	c.pick("buergerbuero/20261203T1615")
	c.say("Max Mustermann")
	c.say("skip")
	c.contains("Appointment: Thu 3 Dec 2026, 16:15 – Citizens' office")
	c.say("Submit")
	if len(c.last.Bookings) != 1 {
		t.Fatalf("no booking:\n%s", c.text())
	}
	ref := c.last.Bookings[0].Ref
	c.contains("Your appointment is booked. Your reference number: "+ref, "Your appointment: Thu 3 Dec 2026, 16:15–16:30",
		"Place: Citizens' office, Rathaus", "Please bring:", "I will remind you here the day before")

	c.say("reschedule my appointment")
	c.expect("appointment", "Which appointment would you like to move?")
	c.pick(ref)
	c.say("next Tuesday morning")
	c.say("2")
	c.contains("New slot: Tue 1 Dec 2026, 08:15 – Citizens' office")
	c.say("Submit")
	c.contains("Your appointment " + ref + " has been rescheduled.")

	c.say("cancel my appointment")
	c.pick(ref)
	c.say("Submit")
	c.contains("Your appointment " + ref + " on Tue 1 Dec 2026, 08:15–08:30 at the Citizens' office is cancelled.")
	if len(c.last.Bookings) != 1 || c.last.Bookings[0].Status != cases.BookingCancelled {
		t.Errorf("cancel %+v", c.last.Bookings)
	}
}

// bookResidencePermit books a one-hour visit for a residence permit and
// returns the citizen, the booking's reference and its access code.
func bookResidencePermit(w *world) (*citizen, string, string) {
	a := w.citizen()
	a.say("Termin vereinbaren")
	a.pick("residence-permit")
	a.say("am 3.12.")
	a.pick("auslaenderbehoerde/20261203T0800")
	a.say("Priya Sharma")
	a.say("überspringen")
	a.say("Absenden")
	return a, a.cases[0].Ref, a.cases[0].Secret
}

func TestChangeByReferenceAndCodeFromAnotherConversation(t *testing.T) {
	w := newWorld(t)
	a, ref, secret := bookResidencePermit(w)
	if b := a.last.Bookings[0]; len(b.Slots) != 2 || b.End.Sub(b.Start) != time.Hour {
		t.Fatalf("a one-hour visit on a 30-minute grid: %+v", b)
	}

	b := w.citizen()
	b.say("Termin absagen")
	b.say(ref)
	b.expect("appointment", "Zugangscode")
	b.say(ref + " XXXX-2222")
	b.expect("appointment", "keinen offenen Termin")
	b.say(ref + " " + secret[:4] + "-" + secret[4:])
	b.say("Absenden")
	if len(b.last.Bookings) != 1 || b.last.Bookings[0].Status != cases.BookingCancelled || len(b.cases) != 0 {
		t.Fatalf("cancel from elsewhere: %+v\n%s", b.last.Bookings, b.text())
	}
}

func TestHolidayAndClosedDays(t *testing.T) {
	w := newWorld(t)
	c := w.citizen()
	c.say("Termin vereinbaren")
	c.pick("id-card")
	c.say("am 25.12.")
	c.expect("when", "Am Fr 25.12.2026 ist das Bürgerbüro geschlossen: Feiertag (Weihnachtstag).",
		"Der nächste freie Termin: Mo 28.12.2026, 08:00–08:15 Uhr.")
	c.say("Samstag")
	c.expect("when", "an diesem Wochentag geschlossen")
	c.say("01.11.2026")
	c.expect("when", "Vergangenheit")
	c.say("am 1.3.")
	c.expect("when", "So weit im Voraus")
}

func TestSlotTakenMeanwhileIsAskedAgain(t *testing.T) {
	w := newWorld(t)
	c := w.citizen()
	c.say("Termin vereinbaren")
	c.pick("civil-certificate") // the registry office has one counter
	c.say("am 1.12.")
	c.pick("standesamt/20261201T0800")
	c.say("Erika Mustermann")
	c.say("überspringen")
	// Someone else books the slot before this citizen submits.
	other := w.citizen()
	other.say("Termin vereinbaren")
	other.pick("civil-certificate")
	other.say("am 1.12.")
	other.pick("standesamt/20261201T0800")
	other.say("Max Mustermann")
	other.say("überspringen")
	other.say("Absenden")
	if len(other.last.Bookings) != 1 {
		t.Fatal("the other citizen did not book")
	}
	c.say("Absenden")
	if len(c.last.Bookings) != 0 || len(c.cases) != 0 {
		t.Fatalf("booked a taken slot: %+v", c.last.Bookings)
	}
	c.expect("slot", "gerade vergeben")
	if c.offers("standesamt/20261201T0800") {
		t.Error("the taken slot is offered again")
	}
}

func TestGuessingBookingCodesIsLimited(t *testing.T) {
	w := newWorld(t)
	_, ref, secret := bookResidencePermit(w)

	b := w.citizen()
	b.say("Termin absagen")
	for i := range 5 {
		b.say(fmt.Sprintf("%s XXXX-%04d", ref, 2222+i))
		b.expect("appointment", "keinen offenen Termin")
	}
	// The right code now tells nothing either: lookups pause for an hour.
	b.say(ref + " " + secret)
	if !strings.Contains(b.text(), "erst ab") || strings.Contains(b.text(), "Bitte prüfen Sie") {
		t.Fatalf("the sixth try was not refused:\n%s", b.text())
	}
	b.say("Absenden")
	if len(b.last.Bookings) != 0 {
		t.Fatalf("a booking was cancelled while lookups were refused: %+v", b.last.Bookings)
	}
}
