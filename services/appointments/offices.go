// Package appointments books, moves and cancels visits to the city's
// offices in conversation: the offices and their opening hours (a YAML
// file; the sample is embedded), the public holidays of the city's state,
// the slots of a day, a parser for when-expressions ("morgen vormittag",
// "next Tuesday after 4 pm"), an in-memory view of the booked slots, and
// the dialog handler of the services appointment, appointment-move and
// appointment-cancel.
//
// Booking is optimistic: the handler offers slots from the in-memory view
// and its decision carries the booking as data; the store enforces the
// office's counters in the turn's own transaction, and a turn that lost
// the race is decided again with the slot seen as taken.
package appointments

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"amtsbote/catalog"
	"amtsbote/services/say"
)

//go:embed offices.yaml
var sampleYAML []byte

// Offices is the appointment configuration: the offices, which concern
// goes to which office, and the rules of booking.
type Offices struct {
	State       string           `yaml:"state"`        // Bundesland code: whose public holidays close the offices
	HorizonDays int              `yaml:"horizon_days"` // how far ahead citizens may book
	LeadMinutes int              `yaml:"lead_minutes"` // the earliest slot is this long from now
	Reminder    string           `yaml:"reminder"`     // "09:00": when the reminder goes out the day before
	List        []*Office        `yaml:"offices"`      // the offices
	Services    []*ServiceConfig `yaml:"services"`     // which concern goes where

	holidays   holidays
	reminderAt int // minutes of the day

	textsOnce sync.Once
	texts     say.Texts // the built-in catalog, for ClosedOn
}

// Office is a place citizens visit.
type Office struct {
	ID         string              `yaml:"id"`
	Department string              `yaml:"department"`   // whose staff see its day plan
	Name       catalog.Text        `yaml:"name"`         // as citizens read it
	Address    string              `yaml:"address"`      // for the confirmation and the calendar file
	Counters   int                 `yaml:"counters"`     // citizens seen at once: the bookings one slot holds
	SlotMin    int                 `yaml:"slot_minutes"` // the grid of slot starts
	Hours      map[string][]string `yaml:"hours"`        // by weekday ("mon"): ranges like "08:00-12:30"
	Closed     []string            `yaml:"closed"`       // extra closed days, "2026-12-24"

	open   [7][]span // by time.Weekday
	closed map[string]bool
}

// ServiceConfig says where a concern is seen, for how long, and what to bring.
type ServiceConfig struct {
	Service string         `yaml:"service"` // a service id (the concern), or "other"
	Office  string         `yaml:"office"`  // an office's id
	Minutes int            `yaml:"minutes"` // length of the visit: a multiple of the office's slot_minutes
	Bring   []catalog.Text `yaml:"bring"`   // what to bring; empty: the service's documents
}

// span is an opening time range in minutes of the day.
type span struct{ from, to int }

// Sample returns the embedded sample configuration for Musterstadt (NRW).
func Sample() *Offices {
	o, err := Parse(sampleYAML)
	if err != nil {
		panic(fmt.Sprintf("the embedded sample is broken: %v", err)) // a build error otherwise
	}
	return o
}

// LoadFile reads and checks an offices file. A problem is a
// *say.FileError naming the file and the setting.
func LoadFile(path string) (*Offices, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &say.FileError{Package: "appointments", Text: "offices.problem.read", Args: []any{"err", err}, Err: err}
	}
	o, err := Parse(data)
	if fe, ok := err.(*say.FileError); ok {
		fe.File = path
	}
	return o, err
}

// Parse reads and checks an offices file's content; an error is a
// *say.FileError naming the setting that is wrong.
func Parse(data []byte) (*Offices, error) {
	o := &Offices{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(o); err != nil {
		return nil, &say.FileError{Package: "appointments", Text: "offices.problem.yaml", Args: []any{"err", err}, Err: err}
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	return o, nil
}

// wrong is the problem of setting in an offices file: the catalog's text
// key (offices.problem.*) with args.
func wrong(setting, key string, args ...any) *say.FileError {
	return &say.FileError{Package: "appointments", Setting: setting, Text: key, Args: args}
}

var (
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	spanPattern = regexp.MustCompile(`^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$`)
	weekdays    = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
		"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}
)

func (o *Offices) check() error {
	var ok bool
	if o.holidays, ok = stateHolidays(o.State); !ok {
		return wrong("state", "offices.problem.state", "value", strconv.Quote(o.State))
	}
	if o.HorizonDays < 1 || o.HorizonDays > 730 {
		return wrong("horizon_days", "offices.problem.horizon")
	}
	if o.LeadMinutes < 0 {
		return wrong("lead_minutes", "offices.problem.negative")
	}
	if o.reminderAt, ok = clock(o.Reminder); !ok {
		return wrong("reminder", "offices.problem.time", "value", strconv.Quote(o.Reminder))
	}
	if len(o.List) == 0 {
		return wrong("offices", "offices.problem.no_office")
	}
	seen := map[string]bool{}
	for i, f := range o.List {
		office := "offices[" + strconv.Itoa(i) + "]"
		if p := f.check(); p != nil {
			p.Setting = office + ": " + p.Setting
			return p
		}
		if seen[f.ID] {
			return wrong(office+".id", "offices.problem.twice", "id", strconv.Quote(f.ID))
		}
		seen[f.ID] = true
	}
	svc := map[string]bool{}
	for i, s := range o.Services {
		at := "services[" + strconv.Itoa(i) + "]"
		f, ok := o.Office(s.Office)
		switch {
		case !idPattern.MatchString(s.Service) || svc[s.Service]:
			return wrong(at+".service", "offices.problem.service", "service", strconv.Quote(s.Service))
		case !ok:
			return wrong(at+".office", "offices.problem.office", "office", strconv.Quote(s.Office))
		case s.Minutes <= 0 || s.Minutes%f.SlotMin != 0:
			return wrong(at+".minutes", "offices.problem.minutes", "minutes", f.SlotMin)
		}
		for j, b := range s.Bring {
			if b.De == "" || b.En == "" {
				return wrong(at+".bring["+strconv.Itoa(j)+"]", "offices.problem.both")
			}
		}
		svc[s.Service] = true
	}
	return nil
}

// check checks one office; the problem's setting is inside the office.
func (f *Office) check() *say.FileError {
	switch {
	case !idPattern.MatchString(f.ID):
		return wrong("id", "offices.problem.id", "id", strconv.Quote(f.ID))
	case f.Department == "":
		return wrong("department", "offices.problem.missing")
	case f.Name.De == "" || f.Name.En == "":
		return wrong("name", "offices.problem.both")
	case f.Address == "":
		return wrong("address", "offices.problem.missing")
	case f.Counters < 1:
		return wrong("counters", "offices.problem.counters")
	case f.SlotMin < 5 || f.SlotMin > 480:
		return wrong("slot_minutes", "offices.problem.slot_minutes")
	}
	for day, list := range f.Hours {
		wd, ok := weekdays[day]
		if !ok {
			return wrong("hours."+day, "offices.problem.weekday")
		}
		for _, s := range list {
			m := spanPattern.FindStringSubmatch(s)
			if m == nil {
				return wrong("hours."+day, "offices.problem.range", "value", strconv.Quote(s))
			}
			from, to := minutes(m[1], m[2]), minutes(m[3], m[4])
			if to <= from || to > 24*60 {
				return wrong("hours."+day, "offices.problem.backwards", "value", strconv.Quote(s))
			}
			f.open[wd] = append(f.open[wd], span{from, to})
		}
	}
	f.closed = map[string]bool{}
	for _, d := range f.Closed {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return wrong("closed", "offices.problem.date", "value", strconv.Quote(d))
		}
		f.closed[d] = true
	}
	return nil
}

// clock reads "HH:MM" as minutes of the day; false when s is no time.
func clock(s string) (int, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// minutes reads hour and minute digits as minutes of the day.
func minutes(h, m string) int {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	return hh*60 + mm
}

// Office returns the office with id.
func (o *Offices) Office(id string) (*Office, bool) {
	for _, f := range o.List {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// Service returns where concern is seen; an unknown concern goes where
// "other" goes, and without that entry ok is false.
func (o *Offices) Service(concern string) (*ServiceConfig, *Office, bool) {
	var other *ServiceConfig
	for _, s := range o.Services {
		if s.Service == concern {
			f, _ := o.Office(s.Office)
			return s, f, true
		}
		if s.Service == "other" {
			other = s
		}
	}
	if other == nil {
		return nil, nil, false
	}
	f, _ := o.Office(other.Office)
	return other, f, true
}
