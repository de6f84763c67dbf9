package staff

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/services/appointments"
	"amtsbote/store"
)

// withAppointments serves a console with day plans over e's core.
func withAppointments(t *testing.T, e *env, loc *time.Location) *env {
	t.Helper()
	c := New(Options{Location: loc, Argon: cheapArgon, Log: slog.New(slog.DiscardHandler)},
		Deps{Store: e.core.DB, Forms: dialogForms{}, Deliverer: e.core.Gateway, History: e.core.History, Catalog: e.core.Catalog,
			Appointments: &Appointments{Offices: appointments.Sample(), Bookings: e.core.DB}})
	mux := http.NewServeMux()
	mux.Handle("/staff/", c.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &env{t: t, core: e.core, console: c, srv: srv}
}

// book commits a booking of conversation conv at start, as a turn would.
func (e *env) book(conv, ref, office string, start time.Time) {
	e.t.Helper()
	tr := store.Turn{Conversation: conv, Channel: "web", Address: conv, Bind: true, Time: time.Now(), State: []byte(`{}`),
		Bookings: []store.BookingChange{{Booking: cases.Booking{Ref: ref, Office: office, Service: "id-card", Department: office, Start: start,
			End: start.Add(15 * time.Minute), Slots: []time.Time{start}, Capacity: 3, Status: cases.BookingBooked,
			Secret: "K7P3M9QX", Name: "Erika Mustermann", Contact: "+49 170 1234567"}}}}
	if _, err := e.core.DB.CommitTurn(context.Background(), tr); err != nil {
		e.t.Fatal(err)
	}
}

func TestDayPlanAndSeenOrNoShow(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := withAppointments(t, newEnv(t, Options{}), loc)
	e.account("anna", "buergerbuero", store.RoleAgent)
	e.account("bert", "stadtwerke", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	now := time.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 9, 0, 0, 0, loc)
	e.book("c1", "AB-2026-000001", "buergerbuero", today)
	e.book("c2", "AB-2026-000002", "buergerbuero", today.Add(-time.Hour))
	e.book("c3", "AB-2026-000003", "buergerbuero", today.AddDate(0, 0, 1))
	e.book("c4", "AB-2026-000004", "standesamt", today)
	anna, bert, root := e.login("anna"), e.login("bert"), e.login("root")

	var offices []officeView
	anna.get("offices", &offices)
	if len(offices) != 1 || offices[0].ID != "buergerbuero" || offices[0].Counters != 3 {
		t.Fatalf("anna's offices %+v", offices)
	}
	root.get("offices", &offices)
	if len(offices) != 4 {
		t.Fatalf("the admin's offices %+v", offices)
	}

	date := today.Format(time.DateOnly)
	var plan dayPlan
	anna.get("offices/buergerbuero/day?date="+date, &plan)
	if len(plan.Appointments) != 2 || plan.Appointments[0].Ref != "AB-2026-000002" || plan.Appointments[1].Name != "Erika Mustermann" ||
		plan.Appointments[1].Contact != "+49 170 1234567" || plan.Appointments[1].Status != cases.BookingBooked ||
		plan.Appointments[1].ServiceTitle != "Personalausweis beantragen" || plan.Appointments[1].Conversation != "c1" {
		t.Fatalf("day plan %+v", plan)
	}
	bert.expect(http.StatusForbidden, "GET", "offices/buergerbuero/day?date="+date, nil)
	anna.expect(http.StatusForbidden, "GET", "offices/standesamt/day?date="+date, nil)
	anna.expect(http.StatusNotFound, "GET", "offices/rathauskeller/day?date="+date, nil)
	anna.expect(http.StatusBadRequest, "GET", "offices/buergerbuero/day?date=3.12.2026", nil)

	// A Sunday is closed.
	sunday := today.AddDate(0, 0, (7-int(today.Weekday()))%7)
	anna.get("offices/buergerbuero/day?date="+sunday.Format(time.DateOnly), &plan)
	if plan.Closed == "" || len(plan.Hours) != 0 {
		t.Errorf("sunday: %+v", plan)
	}

	anna.expect(http.StatusOK, "POST", "appointments/AB-2026-000001/status", bookingStatusRequest{Status: cases.BookingSeen})
	anna.expect(http.StatusOK, "POST", "appointments/AB-2026-000002/status", bookingStatusRequest{Status: cases.BookingNoShow})
	anna.expect(http.StatusOK, "POST", "appointments/AB-2026-000002/status", bookingStatusRequest{Status: cases.BookingSeen}) // a correction
	anna.expect(http.StatusConflict, "POST", "appointments/AB-2026-000003/status", bookingStatusRequest{Status: cases.BookingSeen})
	anna.expect(http.StatusForbidden, "POST", "appointments/AB-2026-000004/status", bookingStatusRequest{Status: cases.BookingSeen})
	anna.expect(http.StatusBadRequest, "POST", "appointments/AB-2026-000001/status", bookingStatusRequest{Status: cases.BookingCancelled})
	anna.expect(http.StatusNotFound, "POST", "appointments/AB-2026-000099/status", bookingStatusRequest{Status: cases.BookingSeen})
	bert.expect(http.StatusForbidden, "POST", "appointments/AB-2026-000001/status", bookingStatusRequest{Status: cases.BookingNoShow})
	anna.get("offices/buergerbuero/day?date="+date, &plan)
	if plan.Appointments[0].Status != cases.BookingSeen || plan.Appointments[1].Status != cases.BookingSeen {
		t.Errorf("after marking: %+v", plan.Appointments)
	}

	var audit []store.AuditEntry
	root.get("admin/audit", &audit)
	actions := map[string]int{}
	for _, a := range audit {
		actions[a.Action]++
	}
	if actions["appointments.day"] < 2 || actions["appointment.status"] != 3 {
		t.Errorf("audit actions %v", actions)
	}
}
