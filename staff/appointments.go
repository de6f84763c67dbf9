package staff

import (
	"context"
	"errors"
	"net/http"
	"time"

	"amtsbote/cases"
	"amtsbote/services/appointments"
	"amtsbote/store"
)

// BookingStore is what the day plan needs of the store (store/bolt).
type BookingStore interface {
	BookingsAt(office string, from, to time.Time) ([]cases.Booking, error)
	Booking(ref string) (cases.Booking, error)
	SetBookingStatus(ctx context.Context, ref, status string, now time.Time) (cases.Booking, error)
}

// Appointments are the offices that take appointments and their bookings,
// for the day plans; nil in Deps answers 404 on those routes.
type Appointments struct {
	Offices  *appointments.Offices
	Bookings BookingStore
}

// officeView is one office of GET /staff/api/offices.
type officeView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Department string `json:"department"`
	Address    string `json:"address"`
	Counters   int    `json:"counters"`
}

// dayPlan is GET /staff/api/offices/{office}/day.
type dayPlan struct {
	Office       string            `json:"office"`
	Name         string            `json:"name"`
	Date         string            `json:"date"`
	Hours        []string          `json:"hours"`            // "08:00–13:00"; empty when closed
	Closed       string            `json:"closed,omitempty"` // why, when closed
	Counters     int               `json:"counters"`
	Appointments []appointmentView `json:"appointments"`
}

// appointmentView is one visit of a day plan.
type appointmentView struct {
	Ref             string    `json:"ref"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Service         string    `json:"service"`
	ServiceTitle    string    `json:"service_title"`
	Status          string    `json:"status"`
	Name            string    `json:"name"`
	Contact         string    `json:"contact,omitempty"`
	Conversation    string    `json:"conversation"`
	ReminderPending bool      `json:"reminder_pending"`
}

// appointmentRoutes registers the day plan routes.
func (c *Console) appointmentRoutes(api func(pattern, role string, h handlerFunc)) {
	api("GET /staff/api/offices", "", c.offices)
	api("GET /staff/api/offices/{office}/day", "", c.officeDay)
	api("POST /staff/api/appointments/{ref}/status", "", c.appointmentStatus)
}

// offices lists the offices whose day plans a may see.
func (c *Console) offices(w http.ResponseWriter, _ *http.Request, a *actor) {
	out := []officeView{}
	if c.appts != nil {
		for _, f := range c.appts.Offices.List {
			if c.may(a, f.Department) {
				out = append(out, officeView{ID: f.ID, Name: f.Name.De, Department: f.Department, Address: f.Address, Counters: f.Counters})
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// office finds an office a may see, or answers 404 / 403.
func (c *Console) office(w http.ResponseWriter, a *actor, id string) (*appointments.Office, bool) {
	if c.appts == nil {
		writeError(w, http.StatusNotFound, "not_found", "appointments are not set up")
		return nil, false
	}
	f, ok := c.appts.Offices.Office(id)
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "office not found")
		return nil, false
	}
	if !c.may(a, f.Department) {
		writeError(w, http.StatusForbidden, "forbidden", "this office belongs to another department")
		return nil, false
	}
	return f, true
}

// officeDay is an office's day plan: hours and every visit booked, with
// the citizen's name. Reading it is recorded in the audit log.
func (c *Console) officeDay(w http.ResponseWriter, r *http.Request, a *actor) {
	f, ok := c.office(w, a, r.PathValue("office"))
	if !ok {
		return
	}
	loc := c.opts.Location
	date := r.URL.Query().Get("date")
	if date == "" {
		date = c.now().In(loc).Format(time.DateOnly)
	}
	day, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "date must look like 2026-12-03")
		return
	}
	if c.auditLog(r.Context(), a.Username, "appointments.day", f.ID+" "+date) != nil {
		writeError(w, http.StatusServiceUnavailable, "audit", "the audit log cannot be written; try again")
		return
	}
	list, err := c.appts.Bookings.BookingsAt(f.ID, day, day.AddDate(0, 0, 1))
	if err != nil {
		c.internal(w, "reading a day plan", err)
		return
	}
	plan := dayPlan{Office: f.ID, Name: f.Name.De, Date: date, Hours: c.appts.Offices.Hours(f, day),
		Counters: f.Counters, Appointments: []appointmentView{}}
	if plan.Hours == nil {
		plan.Hours = []string{}
	}
	if why, closed := c.appts.Offices.ClosedOn(f, day); closed {
		plan.Closed = why.De
	}
	for _, b := range list {
		v := appointmentView{Ref: b.Ref, Start: b.Start.In(loc), End: b.End.In(loc), Service: b.Service,
			ServiceTitle: c.serviceTitle(b.Service, "de"), Status: b.Status, Conversation: b.Conversation,
			ReminderPending: b.ReminderPending, Name: b.Name, Contact: b.Contact}
		plan.Appointments = append(plan.Appointments, v)
	}
	writeJSON(w, http.StatusOK, plan)
}

// bookingStatusRequest is the body of POST /staff/api/appointments/{ref}/status.
type bookingStatusRequest struct {
	Status string `json:"status"` // "seen" or "no-show"
}

// appointmentStatus records that the citizen came (seen) or did not
// (no-show), from the day of the visit on.
func (c *Console) appointmentStatus(w http.ResponseWriter, r *http.Request, a *actor) {
	ref := r.PathValue("ref")
	var req bookingStatusRequest
	if !readJSON(w, r, &req) {
		return
	}
	if req.Status != cases.BookingSeen && req.Status != cases.BookingNoShow {
		writeError(w, http.StatusBadRequest, "bad_request", `status must be "seen" or "no-show"`)
		return
	}
	if c.appts == nil {
		writeError(w, http.StatusNotFound, "not_found", "appointments are not set up")
		return
	}
	b, err := c.appts.Bookings.Booking(ref)
	if err != nil {
		c.storeError(w, "appointment", err)
		return
	}
	if _, ok := c.office(w, a, b.Office); !ok {
		return
	}
	loc := c.opts.Location
	if day := b.Start.In(loc); c.now().In(loc).Format(time.DateOnly) < day.Format(time.DateOnly) {
		writeError(w, http.StatusConflict, "transition", "a visit can be marked from its day on")
		return
	}
	nb, err := c.appts.Bookings.SetBookingStatus(r.Context(), ref, req.Status, c.now())
	if errors.Is(err, store.ErrTransition) {
		writeError(w, http.StatusConflict, "transition", "this appointment is cancelled")
		return
	}
	if err != nil {
		c.storeError(w, "appointment", err)
		return
	}
	_ = c.auditLog(r.Context(), a.Username, "appointment.status", ref)
	writeJSON(w, http.StatusOK, map[string]string{"ref": ref, "status": nb.Status})
}
