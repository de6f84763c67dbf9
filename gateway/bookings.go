package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/store"
)

// BookingObserver is an optional ability of an Observer: it learns the
// appointments a committed turn made, moved or cancelled (the availability
// view of package appointments). Calls must not block.
type BookingObserver interface {
	BookingsCommitted(conversation string, bookings []dialog.BookingChange)
}

// ConflictObserver is an optional ability of an Observer: it learns the
// stored bookings a turn ran into when its commit failed with a
// *store.BookingConflict, before the gateway decides that turn again.
type ConflictObserver interface {
	BookingConflict(c *store.BookingConflict)
}

// maxDecisions bounds how often one message is decided again after a
// booking conflict; the re-run sees the slot as taken and books nothing,
// so a second conflict needs a very busy slot indeed.
const maxDecisions = 4

// decide steps the engine and commits the turn. When the commit fails
// because a booking no longer fits, the observers learn what is stored and
// the engine decides the same message again from the same state: the
// citizen is offered other slots in this turn, and nothing uncommitted is
// ever acknowledged.
func (g *Gateway) decide(id string, cur *loaded, channel, address string, bind bool, dedupe string,
	now time.Time, in channels.Inbound) (dialog.Result, store.Turn, store.TurnResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	for attempt := 1; ; attempt++ {
		res, err := g.step(cur.state, in, now)
		if err != nil {
			return res, store.Turn{}, store.TurnResult{}, err
		}
		g.attachTranscript(id, &res, now)
		t, err := buildTurn(id, channel, address, bind, dedupe, now, in, res, g.cfg.Handoff, g.cfg.Mail)
		if err != nil {
			return res, t, store.TurnResult{}, err
		}
		if t.Bookings, err = storeBookings(res.Bookings, channel, address); err != nil {
			return res, t, store.TurnResult{}, err
		}
		tr, err := g.st.CommitTurn(ctx, t)
		var conflict *store.BookingConflict
		if err == nil || !errors.As(err, &conflict) || attempt == maxDecisions {
			if err != nil {
				err = fmt.Errorf("gateway: %w", err)
			}
			return res, t, tr, err
		}
		g.log.Debug("a booking conflicted; deciding the turn again", "conversation", id, "attempt", attempt, "err", conflict)
		for _, o := range g.cfg.Observers {
			if co, ok := o.(ConflictObserver); ok {
				co.BookingConflict(conflict)
			}
		}
	}
}

// bookingsCommitted tells the BookingObservers.
func (g *Gateway) bookingsCommitted(id string, bookings []dialog.BookingChange) {
	if len(bookings) == 0 {
		return
	}
	for _, o := range g.cfg.Observers {
		if bo, ok := o.(BookingObserver); ok {
			bo.BookingsCommitted(id, bookings)
		}
	}
}

// storeBookings turns the engine's bookings into the store's: reminders
// go to the conversation's channel and address.
func storeBookings(list []dialog.BookingChange, channel, address string) ([]store.BookingChange, error) {
	var out []store.BookingChange
	for _, b := range list {
		sb := store.BookingChange{Booking: b.Booking}
		if r := b.Reminder; r != nil {
			msg := r.Message
			msg.ID = newID()
			if msg.From == "" {
				msg.From = channels.FromBot
			}
			body, err := json.Marshal(msg)
			if err != nil {
				return nil, fmt.Errorf("gateway: encode reminder: %w", err)
			}
			sb.Reminder = &store.OutboxItem{Channel: channel, Address: address, Body: body, At: r.At}
		}
		out = append(out, sb)
	}
	return out, nil
}
