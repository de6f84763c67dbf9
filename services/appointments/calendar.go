package appointments

import (
	"fmt"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"

	"amtsbote/catalog"
	"amtsbote/text"
)

// holidays are the public holidays of one German state.
type holidays []*cal.Holiday

// stateHolidays returns the public holidays of a state by its code.
func stateHolidays(code string) (holidays, bool) {
	h, ok := map[string][]*cal.Holiday{
		"BW": de.HolidaysBW, "BY": de.HolidaysBY, "BE": de.HolidaysBE, "BB": de.HolidaysBB,
		"HB": de.HolidaysHB, "HH": de.HolidaysHH, "HE": de.HolidaysHE, "MV": de.HolidaysMV,
		"NI": de.HolidaysNI, "NW": de.HolidaysNW, "RP": de.HolidaysRP, "SL": de.HolidaysSL,
		"SN": de.HolidaysSN, "ST": de.HolidaysST, "SH": de.HolidaysSH, "TH": de.HolidaysTH,
	}[code]
	return h, ok
}

// on returns the name of the public holiday on the given date, if any.
func (h holidays) on(y int, m time.Month, d int) (string, bool) {
	for _, x := range h {
		a, _ := x.Calc(y)
		if !a.IsZero() && a.Year() == y && a.Month() == m && a.Day() == d {
			return x.Name, true
		}
	}
	return "", false
}

// Slot is a time a visit can start at an office, with the grid steps it
// occupies.
type Slot struct {
	Office     string      // the office's id
	Start, End time.Time   // the visit
	Steps      []time.Time // the grid steps it occupies, each needing a free counter
}

// midnight is the start of t's day in loc.
func midnight(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// ClosedOn says why office f takes no visits on day (a public holiday, a
// weekday without hours, an extra closed day); ok is false when it is open.
// The reason is in German and English, the built-in catalog's
// appointments.closed.*, for the staff console and the offices command;
// the handler says it in the conversation's language.
func (o *Offices) ClosedOn(f *Office, day time.Time) (why catalog.Text, closed bool) {
	key, holiday, closed := o.closure(f, day)
	if !closed {
		return catalog.Text{}, false
	}
	o.textsOnce.Do(func() { o.texts = text.MustBuiltin() })
	return catalog.Text{De: o.texts.Text(text.De, key, "holiday", holiday), En: o.texts.Text(text.En, key, "holiday", holiday)}, true
}

// Why an office is closed on a day: text keys, {holiday} the holiday's
// German name.
const (
	closedHoliday = "appointments.closed.holiday"
	closedDay     = "appointments.closed.day"
	closedWeekday = "appointments.closed.weekday"
)

// closure says why office f takes no visits on day, as the text key of
// the reason and the holiday's name, if it is one.
func (o *Offices) closure(f *Office, day time.Time) (key, holiday string, closed bool) {
	if name, ok := o.holidays.on(day.Year(), day.Month(), day.Day()); ok {
		return closedHoliday, name, true
	}
	if f.closed[day.Format(time.DateOnly)] {
		return closedDay, "", true
	}
	if len(f.open[day.Weekday()]) == 0 {
		return closedWeekday, "", true
	}
	return "", "", false
}

// Hours returns the opening hours of office f on day, like "08:00–13:00",
// or none when it is closed.
func (o *Offices) Hours(f *Office, day time.Time) []string {
	if _, _, closed := o.closure(f, day); closed {
		return nil
	}
	var out []string
	for _, s := range f.open[day.Weekday()] {
		out = append(out, fmt.Sprintf("%02d:%02d–%02d:%02d", s.from/60, s.from%60, s.to/60, s.to%60))
	}
	return out
}

// Slots lists the slots a visit of s has at office f on day (its
// midnight in the city's time zone), before any booking; none when closed.
func (o *Offices) Slots(f *Office, s *ServiceConfig, day time.Time) []Slot {
	return o.daySlots(f, s, day)
}

// daySlots lists the slots of a visit of s at office f on day (its
// midnight), closed days having none.
func (o *Offices) daySlots(f *Office, s *ServiceConfig, day time.Time) []Slot {
	if _, _, closed := o.closure(f, day); closed {
		return nil
	}
	y, mo, d := day.Date()
	at := func(m int) time.Time { return time.Date(y, mo, d, m/60, m%60, 0, 0, day.Location()) }
	steps := s.Minutes / f.SlotMin
	var out []Slot
	for _, sp := range f.open[day.Weekday()] {
		for m := sp.from; m+s.Minutes <= sp.to; m += f.SlotMin {
			sl := Slot{Office: f.ID, Start: at(m), End: at(m + s.Minutes)}
			for k := range steps {
				sl.Steps = append(sl.Steps, at(m+k*f.SlotMin))
			}
			out = append(out, sl)
		}
	}
	return out
}

// RemindAt is when the reminder of a visit at start is due: the day
// before at the configured time; zero when that is not after now.
func (o *Offices) RemindAt(start, now time.Time) time.Time {
	loc := start.Location()
	d := midnight(start, loc).AddDate(0, 0, -1)
	at := time.Date(d.Year(), d.Month(), d.Day(), o.reminderAt/60, o.reminderAt%60, 0, 0, loc)
	if !at.After(now) {
		return time.Time{}
	}
	return at
}
