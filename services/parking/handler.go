package parking

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/services/say"
	"amtsbote/text"
)

// ServiceID is the service this package serves.
const ServiceID = "resident-parking"

// Answers the handler adds to an approved case, besides the fee.
const (
	AnswerZone       = "zone"
	AnswerZoneName   = "zone_name"
	AnswerValidFrom  = "valid_from"  // "2006-01-02"
	AnswerValidUntil = "valid_until" // last day, inclusive
	AnswerCode       = "verify_code" // for GET /verify/<code>
)

// Issuer makes the permit document (a PDF with the verification code) that
// is sent with the approval. It runs inside the engine's Step, so it must be
// pure: no I/O, only the bytes it returns.
type Issuer interface {
	Issue(p Permit, lang string) (channels.Attachment, error)
}

// Options configure a Handler.
type Options struct {
	Zones    *Zones         // nil: SampleZones
	Permits  Permits        // permits issued so far; nil: none
	Issuer   Issuer         // nil: the approval says the document follows
	Location *time.Location // the city's time zone; nil: UTC
	Texts    say.Texts      // the text catalog (parking.*, date.*); nil: the built-in one
}

// Handler is the dialog.Handler of the resident parking permit. It checks
// the street against the zone table and renewal references against the
// issued permits while the form is filled in, and at submission approves
// the permit without staff when every check passes: the street lies in a
// zone, it is the main residence, the car is the applicant's own, and no
// other permit is active for the plate. Otherwise the case goes to staff.
type Handler struct {
	zones   *Zones
	permits Permits
	issuer  Issuer
	loc     *time.Location
	texts   say.Texts
}

var (
	_ dialog.AnswerChecker = (*Handler)(nil)
	_ dialog.Submitter     = (*Handler)(nil)
)

// New returns the handler.
func New(o Options) *Handler {
	h := &Handler{zones: o.Zones, permits: o.Permits, issuer: o.Issuer, loc: o.Location, texts: say.Or(o.Texts)}
	if h.zones == nil {
		h.zones = SampleZones()
	}
	if h.permits == nil {
		h.permits = NewRegistry(o.Location)
	}
	if h.loc == nil {
		h.loc = time.UTC
	}
	return h
}

// CheckAnswer spells the street as the zone table does (with a note when it
// lies in no zone; a house number typed with it answers that question) and
// takes over the data of a permit being renewed.
func (h *Handler) CheckAnswer(a dialog.Answer) dialog.Check {
	switch a.Field {
	case "street":
		if name, ok := h.zones.Street(a.Value); ok {
			c := dialog.Check{Value: name}
			if _, number := splitNumber(a.Value); number != "" { // "Kamp 12": the house number is answered too
				c.Fill = map[string]string{"house_number": number}
			}
			return c
		}
		return dialog.Check{Note: say.Key(h.texts, a.Lang, "parking.street.unknown")}
	case "permit_ref":
		ref := strings.ToUpper(a.Value)
		p, ok := h.permits.ByRef(ref)
		if !ok || p.Revoked {
			return dialog.Check{Problem: say.Problem(a.Lang, func(l text.Lang) string { return h.texts.Text(l, "parking.renewal.not_found") })}
		}
		return dialog.Check{Value: ref,
			Fill: map[string]string{"street": p.Street, "house_number": p.HouseNumber, "plate": p.Plate},
			Note: say.Pair(a.Lang, func(l text.Lang) string {
				return h.texts.Text(l, "parking.renewal.found", "zone", p.Zone, "plate", p.Plate)
			})}
	}
	return dialog.Check{}
}

// Submit runs the automatic checks and approves the permit when all pass.
func (h *Handler) Submit(s dialog.Submission) (dialog.Decision, error) {
	a := s.Answers
	today := s.Now.In(h.loc)
	from := today
	var problems, told []string // for staff; the citizen's checks as text keys
	zone, inZone := h.zones.Lookup(a["street"], a["house_number"])
	if !inZone {
		problems = append(problems, h.staff("parking.staff.zone"))
		told = append(told, "parking.check.zone")
	}
	if a["main_residence"] != "yes" {
		problems = append(problems, h.staff("parking.staff.residence"))
		told = append(told, "parking.check.residence")
	}
	if a["keeper"] != "self" {
		problems = append(problems, h.staff("parking.staff.keeper"))
		told = append(told, "parking.check.keeper")
	}
	if a["application"] == "renewal" {
		old, ok := h.permits.ByRef(a["permit_ref"])
		switch {
		case !ok:
			problems = append(problems, h.staff("parking.staff.renewal"))
		case old.ValidUntil >= today.Format(time.DateOnly):
			if next, err := time.ParseInLocation(time.DateOnly, old.ValidUntil, h.loc); err == nil {
				from = next.AddDate(0, 0, 1) // the renewal follows on without a gap
			}
		}
	}
	if p, ok := h.permits.Active(a["plate"], from.Format(time.DateOnly)); ok && p.Ref != a["permit_ref"] {
		problems = append(problems, h.staff("parking.staff.plate", "ref", p.Ref))
		told = append(told, "parking.check.plate")
	}
	if len(problems) > 0 {
		return dialog.Decision{
			Review: h.staff("parking.staff.review", "problems", strings.Join(problems, "; ")),
			Reply: say.Pair(s.Lang, func(l text.Lang) string {
				var checks []string
				for _, k := range told {
					checks = append(checks, h.texts.Text(l, k))
				}
				return h.texts.Text(l, "parking.review", "checks", strings.Join(checks, "; "))
			}),
		}, nil
	}
	return h.approve(s, zone, from)
}

// approve issues the permit.
func (h *Handler) approve(s dialog.Submission, zone Zone, from time.Time) (dialog.Decision, error) {
	years := 1
	if s.Answers["duration"] == "2" {
		years = 2
	}
	code, err := verifyCode(s.Rand)
	if err != nil {
		return dialog.Decision{}, err
	}
	until := from.AddDate(years, 0, -1)
	p := Permit{Ref: s.Ref, Code: code, Holder: s.Answers["name"], Plate: s.Answers["plate"], Zone: zone.ID,
		ZoneName: zone.Name, Street: s.Answers["street"], HouseNumber: s.Answers["house_number"],
		ValidFrom: from.Format(time.DateOnly), ValidUntil: until.Format(time.DateOnly)}
	dec := dialog.Decision{
		Status: cases.Approved,
		Answers: map[string]string{AnswerZone: p.Zone, AnswerZoneName: p.ZoneName, AnswerValidFrom: p.ValidFrom,
			AnswerValidUntil: p.ValidUntil, AnswerCode: p.Code},
	}
	doc := "parking.pdf.attached"
	if h.issuer == nil {
		doc = "parking.pdf.later"
	} else if a, err := h.issuer.Issue(p, s.Lang); err != nil {
		dec.Review = h.staff("parking.staff.pdf_failed", "error", err.Error())
		doc = "parking.pdf.soon"
	} else {
		dec.Attachments = []channels.Attachment{a}
	}
	dec.Reply = say.Pair(s.Lang, func(l text.Lang) string {
		date := func(day string) string {
			if t, err := time.Parse(time.DateOnly, day); err == nil {
				return h.texts.Time(l, "date.date", t)
			}
			return day
		}
		reply := h.texts.Text(l, "parking.approved", "zone", p.Zone, "zone_name", p.ZoneName, "plate", p.Plate,
			"from", date(p.ValidFrom), "until", date(p.ValidUntil))
		if f := s.Answers["fee"]; f != "" {
			reply += " " + h.texts.Text(l, "parking.fee", "fee", catalog.DisplayEuros(f, string(l)))
		}
		return reply + " " + h.texts.Text(l, "parking.code", "code", p.Code) + "\n" + h.texts.Text(l, doc)
	})
	return dec, nil
}

// staff is key's text for staff, who read German (dialog.Decision.Review).
func (h *Handler) staff(key string, args ...any) string {
	return h.texts.Text(text.De, key, args...)
}

// codeAlphabet has no letters or digits that are easily confused.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// verifyCode draws a 10-character verification code (31^10 ≈ 2^49).
func verifyCode(r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("parking: no source of randomness for the verification code")
	}
	var b strings.Builder
	buf := make([]byte, 1)
	for b.Len() < 10 {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("parking: verification code: %w", err)
		}
		if int(buf[0]) < 256/len(codeAlphabet)*len(codeAlphabet) {
			b.WriteByte(codeAlphabet[int(buf[0])%len(codeAlphabet)])
		}
	}
	return b.String(), nil
}
