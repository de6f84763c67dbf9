package privacy

import (
	"log/slog"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/config"
	"amtsbote/services/appointments"
)

// Booking is an appointment as the citizen booked it, opened.
type Booking struct {
	Ref           string    `json:"ref"`
	Office        string    `json:"office"`
	OfficeName    string    `json:"office_name,omitempty"`
	OfficeAddress string    `json:"office_address,omitempty"`
	Service       string    `json:"service"`
	ServiceTitle  string    `json:"service_title,omitempty"`
	Department    string    `json:"department,omitempty"`
	Start         time.Time `json:"start"`
	End           time.Time `json:"end"`
	Status        string    `json:"status"`
	Booked        time.Time `json:"booked"`
	Changed       time.Time `json:"changed"`
	Name          string    `json:"name,omitempty"`
	Contact       string    `json:"contact,omitempty"`
	// ReminderPending says a reminder is still to be sent before the visit.
	ReminderPending bool `json:"reminder_pending"`
}

// Names turn the ids of a booking into what the citizen read when
// booking: office name and address, service title, times in the city's
// time zone. Any part may be nil; ids are exported regardless.
type Names struct {
	Location *time.Location
	Offices  *appointments.Offices
	Catalog  *catalog.Catalog
}

// LoadNames reads the time zone, offices and catalog of c; what cannot be
// read is left out with a warning, so an export never fails for want of a
// display name.
func LoadNames(c config.Config, log *slog.Logger) Names {
	var n Names
	var err error
	if n.Location, err = time.LoadLocation(c.Timezone); err != nil {
		log.Warn("gdpr export: times stay in UTC", "component", "gdpr", "err", err)
		n.Location = time.UTC
	}
	n.Offices = appointments.Sample()
	if c.Offices != "" {
		if n.Offices, err = appointments.LoadFile(c.Offices); err != nil {
			log.Warn("gdpr export: office names left out", "component", "gdpr", "err", err)
		}
	}
	if n.Catalog, err = catalog.Load(c.Services); err != nil {
		log.Warn("gdpr export: service titles left out", "component", "gdpr", "err", err)
	}
	return n
}

// bookings reads the bookings of a conversation.
type bookings interface {
	BookingsOf(conversation string) ([]cases.Booking, error)
}

// subjectBookings reads the bookings conversation made, with the name and
// contact the citizen gave opened; lang picks the language of the names.
func subjectBookings(db bookings, conversation, lang string, names Names) ([]Booking, error) {
	list, err := db.BookingsOf(conversation)
	if err != nil {
		return nil, err
	}
	out := make([]Booking, 0, len(list))
	for _, b := range list {
		sb := Booking{Ref: b.Ref, Office: b.Office, Service: b.Service, Department: b.Department,
			Start: names.in(b.Start), End: names.in(b.End), Status: b.Status, Booked: names.in(b.Created), Changed: names.in(b.Updated),
			ReminderPending: b.ReminderPending, Name: b.Name, Contact: b.Contact}
		if names.Offices != nil {
			if f, ok := names.Offices.Office(b.Office); ok {
				sb.OfficeName, sb.OfficeAddress = f.Name.In(lang), f.Address
			}
		}
		if names.Catalog != nil {
			if d, ok := names.Catalog.Service(b.Service); ok {
				sb.ServiceTitle = d.Title.In(lang)
			}
		}
		out = append(out, sb)
	}
	return out, nil
}

// in shows t in the city's time zone.
func (n Names) in(t time.Time) time.Time {
	if n.Location == nil {
		return t
	}
	return t.In(n.Location)
}
