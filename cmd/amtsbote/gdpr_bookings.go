package main

import (
	"log/slog"
	"time"

	"amtsbote/catalog"
	"amtsbote/config"
	"amtsbote/services/appointments"
	"amtsbote/store/bolt"
)

// subjectBooking is an appointment as the citizen booked it, opened.
type subjectBooking struct {
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

// exportNames turns the ids of a booking into what the citizen read when
// booking: office name and address, service title, times in the city's
// time zone. Any part may be missing; ids are exported regardless.
type exportNames struct {
	loc     *time.Location
	offices *appointments.Offices
	catalog *catalog.Catalog
}

// loadExportNames reads the time zone, offices and catalog of c; what
// cannot be read is left out with a warning, so an export never fails for
// want of a display name.
func loadExportNames(c config.Config, log *slog.Logger) exportNames {
	var n exportNames
	var err error
	if n.loc, err = time.LoadLocation(c.Timezone); err != nil {
		log.Warn("gdpr export: times stay in UTC", "component", "gdpr", "err", err)
		n.loc = time.UTC
	}
	n.offices = appointments.Sample()
	if c.Offices != "" {
		if n.offices, err = appointments.LoadFile(c.Offices); err != nil {
			log.Warn("gdpr export: office names left out", "component", "gdpr", "err", err)
		}
	}
	if n.catalog, err = catalog.Load(c.Services); err != nil {
		log.Warn("gdpr export: service titles left out", "component", "gdpr", "err", err)
	}
	return n
}

// subjectBookings reads the bookings conversation made, with the name and
// contact the citizen gave opened; lang picks the language of the names.
func subjectBookings(db *bolt.DB, conversation, lang string, names exportNames) ([]subjectBooking, error) {
	list, err := db.BookingsOf(conversation)
	if err != nil {
		return nil, err
	}
	out := make([]subjectBooking, 0, len(list))
	for _, b := range list {
		sb := subjectBooking{Ref: b.Ref, Office: b.Office, Service: b.Service, Department: b.Department,
			Start: names.in(b.Start), End: names.in(b.End), Status: b.Status, Booked: names.in(b.Created), Changed: names.in(b.Updated),
			ReminderPending: b.ReminderPending, Name: b.Name, Contact: b.Contact}
		if names.offices != nil {
			if f, ok := names.offices.Office(b.Office); ok {
				sb.OfficeName, sb.OfficeAddress = f.Name.In(lang), f.Address
			}
		}
		if names.catalog != nil {
			if d, ok := names.catalog.Service(b.Service); ok {
				sb.ServiceTitle = d.Title.In(lang)
			}
		}
		out = append(out, sb)
	}
	return out, nil
}

// in shows t in the city's time zone.
func (n exportNames) in(t time.Time) time.Time {
	if n.loc == nil {
		return t
	}
	return t.In(n.loc)
}
