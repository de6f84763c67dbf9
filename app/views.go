package app

import (
	"context"
	"sync/atomic"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/gateway"
	"amtsbote/services/parking"
	"amtsbote/store"
)

var _ channels.Deliverer = (*gateway.Gateway)(nil)

// permitObserver records the permits approved in committed turns.
type permitObserver struct{ r *parking.Registry }

func (o permitObserver) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	o.r.Record(submitted...)
}

// usageObserver counts submitted cases for the menu's "frequently used".
type usageObserver struct{ u *catalog.Usage }

func (o usageObserver) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	for _, c := range submitted {
		o.u.Record(c.Service, c.Created)
	}
}

// StaffAvailability is what the staff console tells of who can answer.
type StaffAvailability interface {
	Available(department string, now time.Time) bool
}

// Presence answers dialog.StaffPresence from the staff console once one
// runs; without a console (the terminal chat) it claims nothing.
type Presence struct {
	console atomic.Pointer[StaffAvailability]
}

// SetConsole makes c the one that answers.
func (p *Presence) SetConsole(c StaffAvailability) { p.console.Store(&c) }

// Available reports whether staff of department can answer at now.
func (p *Presence) Available(department string, now time.Time) bool {
	c := p.console.Load()
	return c == nil || (*c).Available(department, now)
}

// HoursText is department's office hours as the console keeps them (an
// admin's change included), in lang; "" without a console that tells.
func (p *Presence) HoursText(department, lang string) string {
	c := p.console.Load()
	if c == nil {
		return ""
	}
	if h, ok := (*c).(dialog.HoursTeller); ok {
		return h.HoursText(department, lang)
	}
	return ""
}

// EditedHours is department's office hours as an admin stored them in the
// console, in lang (answers/places.Edits); false without a console or
// without such hours.
func (p *Presence) EditedHours(department, lang string) (string, bool) {
	c := p.console.Load()
	if c == nil {
		return "", false
	}
	if h, ok := (*c).(interface {
		EditedHours(department, lang string) (string, bool)
	}); ok {
		return h.EditedHours(department, lang)
	}
	return "", false
}

// Erase deletes conversations in the running server: the gateway holds
// their turns while the store deletes them (a turn in progress cannot write
// back what was deleted) and drops their cached states; then the views that
// answer from memory forget them, so that nothing deleted is answered
// before the next start (which seeds them from the store): case statuses
// and parking permits. The staff console keeps no such view: it reads the
// store on every request. Bookings are not deleted with their conversation,
// so the appointment ledger keeps them too.
func (a *App) Erase(ctx context.Context, ids []string) (store.Deleted, error) {
	var gone store.Deleted
	err := a.Gateway.Erase(ctx, ids, func(ctx context.Context) error {
		var err error
		gone, err = a.DB.Delete(ctx, ids)
		return err
	})
	if err != nil {
		return store.Deleted{}, err
	}
	for _, ref := range gone.Cases {
		a.Cases.Forget(ref)
		a.Permits.Forget(ref)
	}
	a.Log.Info("deleted conversations forgotten in memory too", "component", "retention",
		"conversations", len(gone.Conversations), "cases", len(gone.Cases))
	return gone, nil
}
