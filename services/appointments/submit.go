package appointments

import (
	"fmt"
	"strings"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
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
		return dialog.Decision{NoCase: true, Reply: notOpen}, nil
	}
	if s.Service == ServiceCancel {
		return h.cancel(s, tg, now), nil
	}
	if tg.moving != nil && (!tg.moving.Active() || !tg.moving.Start.After(now)) {
		return dialog.Decision{NoCase: true, Reply: notOpen}, nil
	}
	slot, ok := h.slotAt(tg, s.Answers[fieldSlot])
	if !ok || !h.bookable(tg, slot, now) {
		return dialog.Decision{Redo: fieldSlot, Reply: slotGone}, nil
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
			Text: h.reminderText(b, tg, s.Lang), Options: changeOptions(s.Lang)}}
	}
	dec := dialog.Decision{Bookings: []dialog.BookingChange{b}, Department: tg.office.Department,
		Attachments: []channels.Attachment{Attachment(b.Ref+".ics", h.event(b, tg, seq, now, s.Lang, false))}}
	if tg.moving != nil {
		dec.NoCase = true
		dec.Reply = catalog.Text{
			De: fmt.Sprintf("Ihr Termin %s ist verschoben.\n\n", b.Ref) + h.visitText(b, tg, "de"),
			En: fmt.Sprintf("Your appointment %s has been rescheduled.\n\n", b.Ref) + h.visitText(b, tg, "en"),
		}
		return dec, nil
	}
	dec.Reply = catalog.Text{De: h.visitText(b, tg, "de"), En: h.visitText(b, tg, "en")}
	return dec, nil
}

// cancel frees the booking's slots and drops its reminder.
func (h *Handler) cancel(s dialog.Submission, tg target, now time.Time) dialog.Decision {
	e := tg.moving
	if !e.Active() || !e.Start.After(now) {
		return dialog.Decision{NoCase: true, Reply: notOpen}
	}
	b := dialog.BookingChange{Booking: cases.Booking{Ref: e.Ref, Office: e.Office, Service: e.Service, Department: e.Department, Start: e.Start,
		End: e.End, Slots: e.Slots, Capacity: tg.office.Counters, Status: cases.BookingCancelled, Rev: e.Rev}}
	reply := func(lang string) string {
		return fmt.Sprintf(say(lang, "Ihr Termin %s am %s im %s ist abgesagt. Der Platz ist wieder frei für andere – danke, dass Sie Bescheid gegeben haben.",
			"Your appointment %s on %s at the %s is cancelled. The slot is free for others again – thank you for letting us know."),
			e.Ref, slotText(e.Start.In(h.loc), e.End.In(h.loc), lang), tg.office.Name.In(lang))
	}
	return dialog.Decision{NoCase: true, Bookings: []dialog.BookingChange{b},
		Reply:       catalog.Text{De: reply("de"), En: reply("en")},
		Attachments: []channels.Attachment{Attachment(e.Ref+".ics", h.event(b, tg, int(e.Rev), now, s.Lang, true))}}
}

// visitText confirms a visit: when, where, what for, what to bring, the
// calendar file, the reminder, and how to change it.
func (h *Handler) visitText(b dialog.BookingChange, tg target, lang string) string {
	lines := []string{
		say(lang, "Ihr Termin: ", "Your appointment: ") + slotText(b.Start, b.End, lang),
		say(lang, "Ort: ", "Place: ") + tg.office.Name.In(lang) + ", " + tg.office.Address,
		say(lang, "Anliegen: ", "Concern: ") + h.concernTitle(b.Service, lang),
	}
	text := strings.Join(lines, "\n")
	if bring := bringText(h.bring(tg.svc, b.Service), lang); bring != "" {
		text += "\n\n" + bring
	}
	text += "\n\n" + say(lang, "Im Anhang finden Sie den Termin für Ihren Kalender.", "The appointment for your calendar is attached.")
	if b.Reminder != nil {
		text += " " + say(lang, "Am Vortag erinnere ich Sie hier daran.", "I will remind you here the day before.")
	}
	return text + "\n" + howToChange(b.Ref, lang)
}

// reminderText is the message the day before.
func (h *Handler) reminderText(b dialog.BookingChange, tg target, lang string) string {
	text := fmt.Sprintf(say(lang, "Erinnerung: Morgen haben Sie Ihren Termin %s.\n%s\nOrt: %s, %s\nAnliegen: %s",
		"Reminder: your appointment %s is tomorrow.\n%s\nPlace: %s, %s\nConcern: %s"),
		b.Ref, slotText(b.Start, b.End, lang), tg.office.Name.In(lang), tg.office.Address, h.concernTitle(b.Service, lang))
	if bring := bringText(h.bring(tg.svc, b.Service), lang); bring != "" {
		text += "\n\n" + bring
	}
	return text + "\n\n" + say(lang, "Falls Sie nicht kommen können, sagen Sie bitte ab oder verschieben Sie den Termin:",
		"If you cannot come, please cancel or reschedule:")
}

// event is the calendar file of a booking; seq counts its changes.
func (h *Handler) event(b dialog.BookingChange, tg target, seq int, now time.Time, lang string, cancelled bool) []byte {
	desc := []string{say(lang, "Referenznummer: ", "Reference number: ") + b.Ref}
	var items []string
	for _, t := range h.bring(tg.svc, b.Service) {
		items = append(items, t.In(lang))
	}
	if len(items) > 0 {
		desc = append(desc, say(lang, "Bitte mitbringen: ", "Please bring: ")+strings.Join(items, "; "))
	}
	desc = append(desc, howToChange(b.Ref, lang))
	return ICS(Event{
		UID: b.Ref + "@" + h.domain, Sequence: seq, Stamp: now, Start: b.Start, End: b.End,
		Summary:     say(lang, "Termin ", "Appointment ") + tg.office.Name.In(lang) + ": " + h.concernTitle(b.Service, lang),
		Location:    tg.office.Name.In(lang) + ", " + tg.office.Address,
		Description: strings.Join(desc, "\n"),
		Cancelled:   cancelled,
	})
}
