package appointments

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/services/say"
	"amtsbote/text"
)

// The services this package's handler serves.
const (
	ServiceBook   = "appointment"        // book a visit
	ServiceMove   = "appointment-move"   // move a booked visit
	ServiceCancel = "appointment-cancel" // cancel it
)

// Fields of the three forms the handler reads.
const (
	fieldConcern     = "concern"     // appointment: what for (a service id or "other")
	fieldWhen        = "when"        // a Query in canonical form
	fieldSlot        = "slot"        // a slot value, see slotValue
	fieldAppointment = "appointment" // move, cancel: the booking's reference
	fieldName        = "name"
	fieldPhone       = "phone"
)

// Options configure a Handler.
type Options struct {
	Offices  *Offices         // nil: Sample()
	Ledger   *Ledger          // the booked slots; nil: a new, empty one
	Catalog  *catalog.Catalog // titles and documents of the concerns; nil: ids only
	Location *time.Location   // the city's time zone; nil: Europe/Berlin, else UTC
	Texts    say.Texts        // the text catalog (appointments.*, date.*); nil: the built-in one
	// UIDDomain ends the iCalendar UIDs ("AB-2026-000042@<domain>");
	// "" means "amtsbote.invalid".
	UIDDomain string
}

// Handler is the dialog.Handler of appointment booking: it offers free
// slots (Suggester), checks answers against the ledger (AnswerChecker),
// shows slots and wishes in words (Displayer), and on submission decides
// the booking, move or cancellation as data for the turn's commit
// (Submitter). Like every handler it only reads memory.
type Handler struct {
	offices *Offices
	ledger  *Ledger
	cat     *catalog.Catalog
	loc     *time.Location
	domain  string
	texts   say.Texts
	when    *whenReader // the wish, in the words of texts
}

var (
	_ dialog.AnswerChecker = (*Handler)(nil)
	_ dialog.Suggester     = (*Handler)(nil)
	_ dialog.Displayer     = (*Handler)(nil)
	_ dialog.Submitter     = (*Handler)(nil)
)

// New returns the handler.
func New(o Options) *Handler {
	h := &Handler{offices: o.Offices, ledger: o.Ledger, cat: o.Catalog, loc: o.Location, domain: o.UIDDomain,
		texts: say.Or(o.Texts)}
	cat, ok := h.texts.(*text.Catalog)
	if !ok {
		cat = text.MustBuiltin() // dates as the built-in forms read them
	}
	h.when = newWhenReader(h.texts, cat)
	if h.offices == nil {
		h.offices = Sample()
	}
	if h.ledger == nil {
		h.ledger = NewLedger(nil)
	}
	if h.loc == nil {
		var err error
		if h.loc, err = time.LoadLocation("Europe/Berlin"); err != nil {
			h.loc = time.UTC
		}
	}
	if h.domain == "" {
		h.domain = "amtsbote.invalid"
	}
	return h
}

// Handlers returns the handler by the ids of the services it serves.
func (h *Handler) Handlers() map[string]dialog.Handler {
	return map[string]dialog.Handler{ServiceBook: h, ServiceMove: h, ServiceCancel: h}
}

// target is where a form's visit goes, and the booking being moved.
type target struct {
	office *Office
	svc    *ServiceConfig
	moving *Entry
}

// target finds the office and kind of visit of a form's answers.
func (h *Handler) target(service string, answers map[string]string) (target, bool) {
	concern := answers[fieldConcern]
	var moving *Entry
	if service == ServiceMove || service == ServiceCancel {
		e, ok := h.ledger.Get(answers[fieldAppointment])
		if !ok {
			return target{}, false
		}
		concern, moving = e.Service, &e
	}
	svc, f, ok := h.offices.Service(concern)
	if !ok {
		return target{}, false
	}
	return target{office: f, svc: svc, moving: moving}, true
}

// query is the wish stored as the answer to "when", or the whole horizon.
func (h *Handler) query(answers map[string]string, now time.Time) Query {
	if q, ok := ParseQuery(answers[fieldWhen]); ok {
		return q
	}
	today := midnight(now, h.loc)
	return Query{From: today.Format(time.DateOnly), To: h.lastDay(now).Format(time.DateOnly), Before: dayMinutes}
}

// lastDay is the last day that can be booked.
func (h *Handler) lastDay(now time.Time) time.Time {
	return midnight(now, h.loc).AddDate(0, 0, h.offices.HorizonDays-1)
}

// free lists up to n slots of the target's visit that match q and are
// free from now on (after the lead time), earliest first.
func (h *Handler) free(tg target, q Query, now time.Time, n int) []Slot {
	from, to := q.days(h.loc)
	today, last := midnight(now, h.loc), h.lastDay(now)
	if from.Before(today) {
		from = today
	}
	if to.After(last) {
		to = last
	}
	earliest := now.Add(time.Duration(h.offices.LeadMinutes) * time.Minute)
	except := ""
	if tg.moving != nil {
		except = tg.moving.Ref
	}
	var out []Slot
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		for _, s := range h.offices.daySlots(tg.office, tg.svc, d) {
			m := s.Start.Hour()*60 + s.Start.Minute()
			switch {
			case s.Start.Before(earliest), m < q.After, m >= q.Before, q.Since != 0 && s.Start.Unix() <= q.Since,
				tg.moving != nil && s.Start.Equal(tg.moving.Start):
				continue
			}
			if h.ledger.Free(tg.office.ID, s.Steps, tg.office.Counters, except) {
				if out = append(out, s); len(out) == n {
					return out
				}
			}
		}
	}
	return out
}

// slotValue is how a slot travels as an option and an answer:
// "buergerbuero/20261203T0900" (no spaces, no colon).
func slotValue(s Slot) string { return s.Office + "/" + s.Start.Format("20060102T1504") }

// slotAt finds the slot a value names among the target's slots of its day.
func (h *Handler) slotAt(tg target, v string) (Slot, bool) {
	office, at, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok || office != tg.office.ID {
		return Slot{}, false
	}
	start, err := time.ParseInLocation("20060102T1504", at, h.loc)
	if err != nil {
		return Slot{}, false
	}
	for _, s := range h.offices.daySlots(tg.office, tg.svc, midnight(start, h.loc)) {
		if s.Start.Equal(start) {
			return s, true
		}
	}
	return Slot{}, false
}

// bookable reports whether slot s can be booked now for the target.
func (h *Handler) bookable(tg target, s Slot, now time.Time) bool {
	except := ""
	if tg.moving != nil {
		except = tg.moving.Ref
	}
	return !s.Start.Before(now.Add(time.Duration(h.offices.LeadMinutes)*time.Minute)) &&
		h.ledger.Free(tg.office.ID, s.Steps, tg.office.Counters, except)
}

// noSlots explains why q finds nothing, with the next free slot after it.
func (h *Handler) noSlots(tg target, q Query, now time.Time, lang string) string {
	from, _ := q.days(h.loc)
	name := tg.office.Name.In(lang)
	var text string
	if why, holiday, closed := h.offices.closure(tg.office, from); closed && q.From == q.To {
		text = h.say(lang, "appointments.closed", "day", h.dayName(from, lang), "office", name,
			"why", h.say(lang, why, "holiday", holiday))
	} else {
		text = h.say(lang, "appointments.none_free", "office", name)
	}
	alt := Query{From: later(from, midnight(now, h.loc)).Format(time.DateOnly), To: h.lastDay(now).Format(time.DateOnly), Before: dayMinutes}
	if next := h.free(tg, alt, now, 1); len(next) > 0 {
		text += " " + h.say(lang, "appointments.next_free", "slot", h.slotText(next[0].Start, next[0].End, lang))
	}
	return text
}

var (
	// refPattern finds a reference like "AB-2026-000042".
	refPattern = regexp.MustCompile(`(?i)\b[a-z]{1,5}-[0-9]{4}-[0-9]{6}\b`)
	// secretPattern finds an access code like "K7P3-M9QX".
	secretPattern = regexp.MustCompile(`(?i)\b[2-9a-hjkmnp-z]{4}-?[2-9a-hjkmnp-z]{4}\b`)
)

// refAndSecret finds a reference and an access code (with a digit) in text.
func refAndSecret(text string) (ref, secret string) {
	ref = strings.ToUpper(refPattern.FindString(text))
	rest := refPattern.ReplaceAllString(text, " ")
	for _, m := range secretPattern.FindAllString(rest, -1) {
		s := strings.ToUpper(strings.ReplaceAll(m, "-", ""))
		if strings.ContainsAny(s, "23456789") {
			return ref, s
		}
	}
	return ref, ""
}

// own reports whether ref is a case of this conversation.
func own(cases []dialog.CaseRef, ref string) bool {
	for _, c := range cases {
		if c.Ref == ref {
			return true
		}
	}
	return false
}

// concernTitle names what a visit is for.
func (h *Handler) concernTitle(service, lang string) string {
	if h.cat != nil {
		if d, ok := h.cat.Service(service); ok {
			return say.In(d.Title, lang)
		}
	}
	if service == "other" {
		return h.say(lang, "appointments.concern.other")
	}
	return service
}

// bring is what to take along for a visit: the office file's list, else
// the service's documents.
func (h *Handler) bring(svc *ServiceConfig, service string) []catalog.Text {
	if len(svc.Bring) > 0 || h.cat == nil {
		return svc.Bring
	}
	if d, ok := h.cat.Service(service); ok {
		return d.Documents
	}
	return nil
}

// entryText describes a booking: "AB-…: Do 03.12.2026, 09:00 Uhr – Bürgerbüro".
func (h *Handler) entryText(e Entry, lang string) string {
	where := e.Office
	if f, ok := h.offices.Office(e.Office); ok {
		where = f.Name.In(lang)
	}
	return fmt.Sprintf("%s: %s – %s", e.Ref, h.slotText(e.Start.In(h.loc), e.End.In(h.loc), lang), where)
}

// changeOptions offer moving and cancelling (in the reminder).
func (h *Handler) changeOptions(lang string) []channels.Option {
	return []channels.Option{
		{Value: "service:" + ServiceMove, Label: h.say(lang, "appointments.option.move")},
		{Value: "service:" + ServiceCancel, Label: h.say(lang, "appointments.option.cancel")},
	}
}
