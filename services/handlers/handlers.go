// Package handlers builds the Go handlers of the built-in services in one
// call, for the composition root: dialog.Options{Handlers: handlers.Builtin(...)}.
package handlers

import (
	"time"

	"amtsbote/dialog"
	"amtsbote/services/appointments"
	"amtsbote/services/business"
	"amtsbote/services/parking"
	"amtsbote/services/say"
	"amtsbote/text"
)

// Options are the data the handlers read. Every field may be zero.
type Options struct {
	Zones    *parking.Zones  // streets in resident parking zones; nil: the sample table
	Permits  parking.Permits // issued permits (a *parking.Registry); nil: none
	Issuer   parking.Issuer  // makes the permit PDF; nil: none yet
	Location *time.Location  // the city's time zone
	// Appointments books visits (appointment, appointment-move,
	// appointment-cancel); nil: the sample offices with an empty ledger.
	Appointments *appointments.Handler
	// Texts is the text catalog (the built-in texts with the city's
	// overrides); nil: the built-in one.
	Texts *text.Catalog
}

// Builtin returns the handlers of the built-in services by service id.
// Services not listed need none: their definitions say everything (the
// certificate fee by charge, the privacy note of living assistance by
// intro and offer_staff).
func Builtin(o Options) map[string]dialog.Handler {
	var texts say.Texts = text.MustBuiltin()
	if o.Texts != nil {
		texts = o.Texts
	}
	m := business.Handlers(texts)
	m[parking.ServiceID] = parking.New(parking.Options{Zones: o.Zones, Permits: o.Permits, Issuer: o.Issuer,
		Location: o.Location, Texts: texts})
	a := o.Appointments
	if a == nil {
		a = appointments.New(appointments.Options{Location: o.Location, Texts: texts})
	}
	for id, h := range a.Handlers() {
		m[id] = h
	}
	m["contact-request"] = contactHandler{}
	return m
}
