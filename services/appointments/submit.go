package appointments

import (
	"fmt"
	"strings"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/services/say"
)

// Submit books, moves or cancels. A slot that was taken since it was
// picked is asked again (Redo); the store checks once more in the commit.
func (h *Handler) Submit(s dialog.Submission) (dialog.Decision, error) {
	now := s.Now.In(h.loc)
	tg, ok := h.target(s.Service, s.Answers)
	if !ok {
		if s.Service == ServiceBook {
			return dialog.Decision{}, fmt.Errorf("appointments: no office takes %q", s.Answers[fieldConcern])
		}
		return dialog.Decision{NoCase: true, Reply: say.Key(h.texts, s.Lang, keyNotOpen)}, nil
	}
	if s.Service == ServiceCancel {
		return h.cancel(s, tg, now), nil
	}
	if tg.moving != nil && (!tg.moving.Active() || !tg.moving.Start.After(now)) {
		return dialog.Decision{NoCase: true, Reply: say.Key(h.texts, s.Lang, keyNotOpen)}, nil
	}
	slot, ok := h.slotAt(tg, s.Answers[fieldSlot])
	if !ok || !h.bookable(tg, slot, now) {
		return dialog.Decision{Redo: fieldSlot, Reply: say.Key(h.texts, s.Lang, keySlotGone)}, nil
	}
	b := dialog.BookingChange{Booking: cases.Booking{Ref: s.Ref, Office: tg.office.ID, Service: tg.svc.Service, Department: tg.office.Department,
		Start: slot.Start, End: slot.End, Slots: slot.Steps, Capacity: tg.office.Counters, Status: cases.BookingBooked,
		Name: s.Answers[fieldName], Contact: s.Answers[fieldPhone]}}
	if concern := s.Answers[fieldConcern]; concern != "" {
		b.Service = concern // "other" stays "other", an unlisted service keeps its id
	}
	seq := 0
	if tg.moving != nil {
		b.Ref, b.Service, b.Status, b.Rev = tg.moving.Ref, tg.moving.Service, cases.BookingMoved, tg.moving.Rev
		seq = int(tg.moving.Rev)
	}
	if at := h.offices.RemindAt(slot.Start, now); !at.IsZero() {
		b.Reminder = &dialog.Reminder{At: at, Message: channels.Outbound{From: channels.FromBot,
			Text: h.reminderText(b, tg, s.Lang), Options: h.changeOptions(s.Lang)}}
	}
	dec := dialog.Decision{Bookings: []dialog.BookingChange{b}, Department: tg.office.Department,
		Attachments: []channels.Attachment{Attachment(b.Ref+".ics", h.event(b, tg, seq, now, s.Lang, false))}}
	if tg.moving != nil {
		dec.NoCase = true
		dec.Reply = h.pair(s.Lang, func(lang string) string {
			return h.say(lang, "appointments.moved", "ref", b.Ref) + "\n\n" + h.visitText(b, tg, lang)
		})
		return dec, nil
	}
	dec.Reply = h.pair(s.Lang, func(lang string) string { return h.visitText(b, tg, lang) })
	return dec, nil
}

// cancel frees the booking's slots and drops its reminder.
func (h *Handler) cancel(s dialog.Submission, tg target, now time.Time) dialog.Decision {
	e := tg.moving
	if !e.Active() || !e.Start.After(now) {
		return dialog.Decision{NoCase: true, Reply: say.Key(h.texts, s.Lang, keyNotOpen)}
	}
	b := dialog.BookingChange{Booking: cases.Booking{Ref: e.Ref, Office: e.Office, Service: e.Service, Department: e.Department, Start: e.Start,
		End: e.End, Slots: e.Slots, Capacity: tg.office.Counters, Status: cases.BookingCancelled, Rev: e.Rev}}
	reply := func(lang string) string {
		return h.say(lang, "appointments.cancelled", "ref", e.Ref, "slot", h.slotText(e.Start.In(h.loc), e.End.In(h.loc), lang),
			"office", tg.office.Name.In(lang))
	}
	return dialog.Decision{NoCase: true, Bookings: []dialog.BookingChange{b},
		Reply:       h.pair(s.Lang, reply),
		Attachments: []channels.Attachment{Attachment(e.Ref+".ics", h.event(b, tg, int(e.Rev), now, s.Lang, true))}}
}

// visitText confirms a visit: when, where, what for, what to bring, the
// calendar file, the reminder, and how to change it.
func (h *Handler) visitText(b dialog.BookingChange, tg target, lang string) string {
	lines := []string{
		h.say(lang, "appointments.visit.when", "slot", h.slotText(b.Start, b.End, lang)),
		h.say(lang, "appointments.visit.place", "office", tg.office.Name.In(lang), "address", tg.office.Address),
		h.say(lang, "appointments.visit.concern", "concern", h.concernTitle(b.Service, lang)),
	}
	text := strings.Join(lines, "\n")
	if bring := h.bringText(h.bring(tg.svc, b.Service), lang); bring != "" {
		text += "\n\n" + bring
	}
	text += "\n\n" + h.say(lang, "appointments.visit.calendar")
	if b.Reminder != nil {
		text += " " + h.say(lang, "appointments.visit.reminder")
	}
	return text + "\n" + h.howToChange(b.Ref, lang)
}

// reminderText is the message the day before.
func (h *Handler) reminderText(b dialog.BookingChange, tg target, lang string) string {
	text := h.say(lang, "appointments.reminder", "ref", b.Ref, "slot", h.slotText(b.Start, b.End, lang),
		"office", tg.office.Name.In(lang), "address", tg.office.Address, "concern", h.concernTitle(b.Service, lang))
	if bring := h.bringText(h.bring(tg.svc, b.Service), lang); bring != "" {
		text += "\n\n" + bring
	}
	return text + "\n\n" + h.say(lang, "appointments.reminder.change")
}

// event is the calendar file of a booking; seq counts its changes.
func (h *Handler) event(b dialog.BookingChange, tg target, seq int, now time.Time, lang string, cancelled bool) []byte {
	desc := []string{h.say(lang, "appointments.ics.ref", "ref", b.Ref)}
	var items []string
	for _, t := range h.bring(tg.svc, b.Service) {
		items = append(items, say.In(t, lang))
	}
	if len(items) > 0 {
		desc = append(desc, h.say(lang, "appointments.ics.bring", "items", strings.Join(items, "; ")))
	}
	desc = append(desc, h.howToChange(b.Ref, lang))
	return ICS(Event{
		UID: b.Ref + "@" + h.domain, Sequence: seq, Stamp: now, Start: b.Start, End: b.End,
		Summary:     h.say(lang, "appointments.ics.summary", "office", tg.office.Name.In(lang), "concern", h.concernTitle(b.Service, lang)),
		Location:    tg.office.Name.In(lang) + ", " + tg.office.Address,
		Description: strings.Join(desc, "\n"),
		Cancelled:   cancelled,
	})
}
