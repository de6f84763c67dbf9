package appointments

import (
	"strconv"
	"strings"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/services/say"
	"amtsbote/text"

	"amtsbote/internal/fold"
)

// offered is how many slots a question offers at once.
const offered = 3

// The values of the options at "slot" that ask for other slots; the
// catalog's words for them are appointments.word.later and .other_day.
const (
	optLater    = "later"
	optOtherDay = "other day"
)

// CheckAnswer reads the wish ("when"), the slot picked or asked for, the
// booking to change, and a concern changed on the summary.
func (h *Handler) CheckAnswer(a dialog.Answer) dialog.Check {
	now := a.Now.In(h.loc)
	switch a.Field {
	case fieldWhen:
		return h.checkWhen(a, now)
	case fieldSlot:
		return h.checkSlot(a, now)
	case fieldAppointment:
		return h.checkAppointment(a, now)
	case fieldConcern:
		if a.Answers[fieldSlot] == "" {
			return dialog.Check{}
		}
		answers := map[string]string{fieldConcern: a.Value, fieldWhen: a.Answers[fieldWhen]}
		return h.refill(a.Service, answers, a.Answers[fieldSlot], now, a.Lang)
	}
	return dialog.Check{}
}

// refill keeps a slot answered before when it still fits changed answers,
// else fills in the first free one that does (or "" to have it asked).
func (h *Handler) refill(service string, answers map[string]string, slot string, now time.Time, lang string) dialog.Check {
	tg, ok := h.target(service, answers)
	if !ok {
		return dialog.Check{}
	}
	if s, ok := h.slotAt(tg, slot); ok && h.bookable(tg, s, now) && h.matches(h.query(answers, now), s) {
		return dialog.Check{}
	}
	first := h.free(tg, h.query(answers, now), now, 1)
	if len(first) == 0 {
		return dialog.Check{Fill: map[string]string{fieldSlot: ""}}
	}
	return dialog.Check{Fill: map[string]string{fieldSlot: slotValue(first[0])},
		Note: h.pair(lang, func(lang string) string {
			return h.say(lang, "appointments.slot.refilled", "slot", h.slotText(first[0].Start, first[0].End, lang))
		})}
}

// matches reports whether slot s fits the wish q.
func (h *Handler) matches(q Query, s Slot) bool {
	m := s.Start.Hour()*60 + s.Start.Minute()
	day := s.Start.Format(time.DateOnly)
	return q.From <= day && day <= q.To && q.After <= m && m < q.Before
}

func (h *Handler) checkWhen(a dialog.Answer, now time.Time) dialog.Check {
	q, ok := h.when.parseWhen(a.Value, a.Lang, now, h.offices.HorizonDays)
	if !ok {
		return h.problem(a.Lang, keyNotUnderstood)
	}
	if q.To < midnight(now, h.loc).Format(time.DateOnly) {
		return h.problem(a.Lang, keyInThePast)
	}
	if last := h.lastDay(now); q.From > last.Format(time.DateOnly) {
		return dialog.Check{Problem: say.Problem(a.Lang, func(l text.Lang) string {
			return h.texts.Text(l, "appointments.when.too_far", "date", h.dateText(last, string(l)))
		})}
	}
	tg, ok := h.target(a.Service, a.Answers)
	if !ok {
		return dialog.Check{Value: q.String()}
	}
	if len(h.free(tg, q, now, 1)) == 0 {
		return dialog.Check{Problem: say.Problem(a.Lang, func(l text.Lang) string { return h.noSlots(tg, q, now, string(l)) })}
	}
	c := dialog.Check{Value: q.String()}
	if slot := a.Answers[fieldSlot]; slot != "" { // a correction on the summary
		answers := map[string]string{fieldConcern: a.Answers[fieldConcern], fieldAppointment: a.Answers[fieldAppointment],
			fieldWhen: q.String()}
		r := h.refill(a.Service, answers, slot, now, a.Lang)
		c.Fill, c.Note = r.Fill, r.Note
	}
	return c
}

func (h *Handler) checkSlot(a dialog.Answer, now time.Time) dialog.Check {
	tg, ok := h.target(a.Service, a.Answers)
	if !ok {
		return h.problem(a.Lang, keyPickSlot)
	}
	q := h.query(a.Answers, now)
	shown := h.free(tg, q, now, offered)
	v := strings.TrimSpace(a.Value)
	word := fold.Words(v, dateMarks)
	if n, err := strconv.Atoi(word); err == nil && n >= 1 && n <= len(shown) {
		v = slotValue(shown[n-1])
	}
	switch h.when.slotWord(v) {
	case optLater:
		return h.again(tg, h.later(tg, q, shown, now), now, a.Lang,
			"appointments.slot.later")
	case optOtherDay:
		return h.again(tg, h.otherDay(tg, q, shown, now), now, a.Lang,
			"appointments.slot.other_day")
	}
	if s, ok := h.slotAt(tg, v); ok {
		if !h.bookable(tg, s, now) {
			return h.problem(a.Lang, keySlotGone)
		}
		return dialog.Check{Value: slotValue(s)}
	}
	if q2, ok := h.when.refine(q, v, a.Lang, now, h.offices.HorizonDays); ok {
		return h.again(tg, q2, now, a.Lang, "appointments.slot.free")
	}
	return h.problem(a.Lang, keyPickSlot)
}

// again asks for the slot once more, searching with q when it finds
// anything; otherwise the search stays as it was and the citizen is told.
func (h *Handler) again(tg target, q Query, now time.Time, lang, lead string) dialog.Check {
	if len(h.free(tg, q, now, 1)) == 0 {
		return dialog.Check{Again: true, Note: h.pair(lang, func(lang string) string { return h.noSlots(tg, q, now, lang) })}
	}
	return dialog.Check{Again: true, Fill: map[string]string{fieldWhen: q.String()}, Note: say.Key(h.texts, lang, lead)}
}

// later continues q after the last slot shown, to the end of the horizon
// when q's own days hold no more.
func (h *Handler) later(tg target, q Query, shown []Slot, now time.Time) Query {
	if len(shown) > 0 {
		q.Since = shown[len(shown)-1].Start.Unix()
	}
	if len(h.free(tg, q, now, 1)) == 0 {
		q.To = h.lastDay(now).Format(time.DateOnly)
	}
	return q
}

// otherDay searches from the day after the first slot shown, at the
// same time of day (any time when that finds nothing).
func (h *Handler) otherDay(tg target, q Query, shown []Slot, now time.Time) Query {
	day := midnight(now, h.loc)
	if len(shown) > 0 {
		day = midnight(shown[0].Start, h.loc)
	}
	next := day.AddDate(0, 0, 1).Format(time.DateOnly)
	q.From, q.Since = next, 0
	if q.To < next {
		q.To = h.lastDay(now).Format(time.DateOnly)
	}
	if len(h.free(tg, q, now, 1)) == 0 {
		q.After, q.Before, q.To = 0, dayMinutes, h.lastDay(now).Format(time.DateOnly)
	}
	return q
}

func (h *Handler) checkAppointment(a dialog.Answer, now time.Time) dialog.Check {
	if n, err := strconv.Atoi(strings.TrimSpace(a.Value)); err == nil {
		if opts := h.Suggest(a); n >= 1 && n <= len(opts) {
			a.Value = opts[n-1].Value // "1": the first appointment offered
		}
	}
	ref, secret := refAndSecret(a.Value)
	if ref == "" {
		return h.problem(a.Lang, keyWhich)
	}
	var e Entry
	var ok bool
	switch {
	case own(a.Cases, ref):
		e, ok = h.ledger.Get(ref)
	case secret == "":
		return h.problem(a.Lang, keyNeedSecret)
	default:
		e, ok = h.ledger.Verify(ref, secret)
		c := h.bookingCheck(e, ok, ref, now, a.Lang)
		c.SecretChecked = true // the conversation's lookups limit what a pair may tell
		return c
	}
	return h.bookingCheck(e, ok, ref, now, a.Lang)
}

// bookingCheck takes booking ref (e, found) as the answer if it can still
// be moved or cancelled at now.
func (h *Handler) bookingCheck(e Entry, found bool, ref string, now time.Time, lang string) dialog.Check {
	if !found {
		return h.problem(lang, keyNotFound)
	}
	if !e.Active() || !e.Start.After(now) {
		return h.problem(lang, keyNotOpen)
	}
	return dialog.Check{Value: ref}
}

// Suggest offers wishes at "when", free slots at "slot", and the
// conversation's open bookings at "appointment".
func (h *Handler) Suggest(a dialog.Answer) []channels.Option {
	now := a.Now.In(h.loc)
	switch a.Field {
	case fieldWhen:
		return []channels.Option{
			{Value: "next free", Label: h.say(a.Lang, "appointments.option.next_free")},
			{Value: "tomorrow", Label: h.say(a.Lang, "appointments.option.tomorrow")},
			{Value: "next week", Label: h.say(a.Lang, "appointments.option.next_week")},
		}
	case fieldSlot:
		tg, ok := h.target(a.Service, a.Answers)
		if !ok {
			return nil
		}
		shown := h.free(tg, h.query(a.Answers, now), now, offered)
		var opts []channels.Option
		for _, s := range shown {
			opts = append(opts, channels.Option{Value: slotValue(s), Label: h.slotLabel(s.Start, a.Lang)})
		}
		if len(shown) == offered {
			opts = append(opts, channels.Option{Value: optLater, Label: h.say(a.Lang, "appointments.option.later")})
		}
		return append(opts, channels.Option{Value: optOtherDay, Label: h.say(a.Lang, "appointments.option.other_day")})
	case fieldAppointment:
		var opts []channels.Option
		for i := len(a.Cases) - 1; i >= 0; i-- {
			if e, ok := h.ledger.Get(a.Cases[i].Ref); ok && e.Active() && e.Start.After(now) {
				opts = append(opts, channels.Option{Value: e.Ref, Label: h.slotLabel(e.Start.In(h.loc), a.Lang) + " – " + h.officeName(e.Office, a.Lang)})
			}
		}
		return opts
	}
	return nil
}

// DisplayAnswer shows a wish, a slot and a booking in words.
func (h *Handler) DisplayAnswer(service, field, value, lang string) (string, bool) {
	switch field {
	case fieldWhen:
		if q, ok := ParseQuery(value); ok {
			return h.describe(q, lang), true
		}
	case fieldSlot:
		office, at, ok := strings.Cut(value, "/")
		start, err := time.ParseInLocation("20060102T1504", at, h.loc)
		if ok && err == nil {
			return h.say(lang, "appointments.slot_at", "day", h.dayName(start, lang), "time", start.Format("15:04"),
				"office", h.officeName(office, lang)), true
		}
	case fieldAppointment:
		if e, ok := h.ledger.Get(value); ok {
			return h.entryText(e, lang), true
		}
	}
	return "", false
}

func (h *Handler) officeName(id, lang string) string {
	if f, ok := h.offices.Office(id); ok {
		return f.Name.In(lang)
	}
	return id
}
