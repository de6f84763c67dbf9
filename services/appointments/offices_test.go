package appointments

import (
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/text"
)

func TestSampleOffices(t *testing.T) {
	o := Sample()
	if o.State != "NW" || len(o.List) != 4 {
		t.Fatalf("sample: %s, %d offices", o.State, len(o.List))
	}
	for _, id := range []string{"buergerbuero", "standesamt", "auslaenderbehoerde", "gewerbeamt"} {
		if _, ok := o.Office(id); !ok {
			t.Errorf("office %s missing", id)
		}
	}
	svc, f, ok := o.Service("residence-permit")
	if !ok || f.ID != "auslaenderbehoerde" || svc.Minutes != 60 || f.Counters != 2 {
		t.Errorf("residence-permit: %+v at %+v", svc, f)
	}
	if _, f, ok := o.Service("no-such-service"); !ok || f.ID != "buergerbuero" {
		t.Errorf("an unknown concern goes where other goes: %+v", f)
	}
}

func TestHolidaysAndClosedDaysHaveNoSlots(t *testing.T) {
	o := Sample()
	loc := sunday(t).Location()
	f, _ := o.Office("buergerbuero")
	svc, _, _ := o.Service("id-card")
	texts := text.MustBuiltin()
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct{ day, why string }{
		{"2026-12-25", "Weihnachtstag"},             // Friday, Christmas
		{"2026-12-24", "an diesem Tag geschlossen"}, // the office file's extra closed day
		{"2027-05-27", "Fronleichnam"},              // Thursday, NRW only
		{"2027-11-01", "Allerheiligen"},             // Monday, NRW only
		{"2026-11-29", "Wochentag"},                 // Sunday
	} {
		if s := o.daySlots(f, svc, day(tc.day)); len(s) != 0 {
			t.Errorf("%s has %d slots", tc.day, len(s))
		}
		why, closed := o.ClosedOn(f, day(tc.day))
		if !closed || !strings.Contains(why.De, tc.why) {
			t.Errorf("%s: closed %v, %q", tc.day, closed, why.De)
		}
		// The staff console and the offices command say what the catalog says.
		key, holiday, _ := o.closure(f, day(tc.day))
		if de, en := texts.Text(text.De, key, "holiday", holiday), texts.Text(text.En, key, "holiday", holiday); why.De != de || why.En != en {
			t.Errorf("%s: ClosedOn says %+v, the catalog %q, %q", tc.day, why, de, en)
		}
	}
	// An ordinary Thursday: 08:00–13:00 and 14:00–18:00 in 15 minutes.
	slots := o.daySlots(f, svc, day("2026-12-03"))
	if len(slots) != 20+16 || slots[0].Start.Format("15:04") != "08:00" || slots[20].Start.Format("15:04") != "14:00" ||
		slots[35].End.Format("15:04") != "18:00" {
		t.Fatalf("Thursday: %d slots, first %v", len(slots), slots[0].Start)
	}
	if got := o.Hours(f, day("2026-12-03")); strings.Join(got, " ") != "08:00–13:00 14:00–18:00" {
		t.Errorf("hours %v", got)
	}
	// A visit of two steps on a 30-minute grid.
	ab, _ := o.Office("auslaenderbehoerde")
	rp, _, _ := o.Service("residence-permit")
	s := o.daySlots(ab, rp, day("2026-12-01"))
	if len(s) != 7 || len(s[0].Steps) != 2 || s[6].Start.Format("15:04") != "11:00" || s[6].End.Format("15:04") != "12:00" {
		t.Errorf("residence permit slots: %d, %+v", len(s), s[len(s)-1])
	}
}

func TestBrokenOfficesFileNamesTheSetting(t *testing.T) {
	good := string(sampleYAML)
	for _, tc := range []struct{ from, to, want string }{
		{"state: NW", "state: XX", "state"},
		{"counters: 3", "counters: 0", "offices[0]: counters"},
		{`mon: ["08:00-13:00"]`, `mon: ["13:00-08:00"]`, "hours.mon"},
		{`mon: ["08:00-13:00"]`, `montag: ["08:00-13:00"]`, "hours.montag"},
		{" minutes: 60\n", " minutes: 45\n", "services[4].minutes"},
		{"office: standesamt", "office: rathaus", "unknown office"},
		{`reminder: "09:00"`, `reminder: "9 Uhr"`, "reminder"},
		{"horizon_days: 90", "horizon_day: 90", "horizon_day"},
	} {
		_, err := Parse([]byte(strings.Replace(good, tc.from, tc.to, 1)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s → %s: error %v, want it to name %s", tc.from, tc.to, err, tc.want)
		}
	}
}

func TestRemindAt(t *testing.T) {
	o := Sample()
	now := sunday(t)
	start := time.Date(2026, 12, 3, 9, 0, 0, 0, now.Location())
	if got := o.RemindAt(start, now); !got.Equal(time.Date(2026, 12, 2, 9, 0, 0, 0, now.Location())) {
		t.Errorf("reminder at %v", got)
	}
	if got := o.RemindAt(now.Add(24*time.Hour), now); !got.IsZero() {
		t.Errorf("a visit tomorrow gets no reminder, got %v", got)
	}
}

func TestLedgerRevisionsAndFree(t *testing.T) {
	mac := func(ref, secret string) []byte { return []byte(ref + "/" + secret) }
	l := NewLedger(mac)
	at := sunday(t).Add(24 * time.Hour)
	steps := []time.Time{at}
	e := Entry{Ref: "AB-2026-000001", Office: "x", Slots: steps, Status: cases.BookingBooked, Rev: 1, SecretMAC: mac("AB-2026-000001", "K7P3M9QX")}
	l.Put(e)
	l.Put(Entry{Ref: "AB-2026-000002", Office: "x", Slots: steps, Status: cases.BookingBooked, Rev: 1})
	if l.Free("x", steps, 2, "") || !l.Free("x", steps, 3, "") || !l.Free("x", steps, 2, "AB-2026-000001") {
		t.Error("Free does not count the holders")
	}
	// A cancellation (rev 2) wins over a late copy of rev 1.
	c := e
	c.Status, c.Rev = cases.BookingCancelled, 2
	l.Put(c)
	l.Put(e)
	if l.Held("x", at) != 1 {
		t.Errorf("held %d after cancellation", l.Held("x", at))
	}
	if _, ok := l.Verify("AB-2026-000001", "K7P3M9QX"); !ok {
		t.Error("the access code does not verify")
	}
	if _, ok := l.Verify("AB-2026-000001", "K7P3M9QY"); ok {
		t.Error("a wrong code verifies")
	}
}
