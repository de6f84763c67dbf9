package appointments

import (
	"strings"
	"time"

	"amtsbote/catalog"
	"amtsbote/dialog"
	"amtsbote/services/say"
	"amtsbote/text"
)

// say is key's text in lang with the placeholders filled from args.
func (h *Handler) say(lang, key string, args ...any) string {
	return h.texts.Text(say.Lang(lang), key, args...)
}

// pair is a text of the engine (German and English side by side, see
// say.Pair), made by render in each language it needs.
func (h *Handler) pair(lang string, render func(lang string) string) catalog.Text {
	return say.Pair(lang, func(l text.Lang) string { return render(string(l)) })
}

// dateText is "03.12.2026" or "3 Dec 2026" (date.date).
func (h *Handler) dateText(t time.Time, lang string) string {
	return h.texts.Time(say.Lang(lang), "date.date", t)
}

// dayName is "Do 03.12.2026" or "Thu 3 Dec 2026" (date.day).
func (h *Handler) dayName(t time.Time, lang string) string {
	return h.texts.Time(say.Lang(lang), "date.day", t)
}

// slotLabel is the short label of a slot option: "Do 03.12. 09:00" (date.day_time).
func (h *Handler) slotLabel(start time.Time, lang string) string {
	return h.texts.Time(say.Lang(lang), "date.day_time", start)
}

// slotText is "Do 03.12.2026, 09:00–09:15 Uhr" or "Thu 3 Dec 2026, 09:00–09:15".
func (h *Handler) slotText(start, end time.Time, lang string) string {
	return h.say(lang, "appointments.slot", "day", h.dayName(start, lang), "start", start.Format("15:04"), "end", end.Format("15:04"))
}

// bringText lists what to bring, or "" when nothing is configured.
func (h *Handler) bringText(items []catalog.Text, lang string) string {
	if len(items) == 0 {
		return ""
	}
	var parts []string
	for _, b := range items {
		parts = append(parts, "– "+say.In(b, lang))
	}
	return h.say(lang, "appointments.bring") + "\n" + strings.Join(parts, "\n")
}

// howToChange tells how to move or cancel a booking.
func (h *Handler) howToChange(ref, lang string) string {
	return h.say(lang, "appointments.how_to_change", "ref", ref)
}

// problem refuses an answer with the text of key.
func (h *Handler) problem(lang, key string, args ...any) dialog.Check {
	return dialog.Check{Problem: say.Problem(lang, func(l text.Lang) string { return h.texts.Text(l, key, args...) })}
}

// Keys of texts said in more than one place.
const (
	keyNotUnderstood = "appointments.when.not_understood"
	keyInThePast     = "appointments.when.past"
	keySlotGone      = "appointments.slot.gone"
	keyPickSlot      = "appointments.slot.pick"
	keyWhich         = "appointments.booking.which"
	keyNotFound      = "appointments.booking.not_found"
	keyNeedSecret    = "appointments.booking.need_secret"
	keyNotOpen       = "appointments.booking.not_open"
)
