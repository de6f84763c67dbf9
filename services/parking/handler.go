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
	"amtsbote/form"
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
}

var (
	_ dialog.AnswerChecker = (*Handler)(nil)
	_ dialog.Submitter     = (*Handler)(nil)
)

// New returns the handler.
func New(o Options) *Handler {
	h := &Handler{zones: o.Zones, permits: o.Permits, issuer: o.Issuer, loc: o.Location}
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
		return dialog.Check{Note: catalog.Text{
			De: "Diese Straße finde ich in keiner Bewohnerparkzone. Wenn Sie sich vertippt haben, schreiben Sie „zurück“. Sonst können Sie den Antrag trotzdem stellen; dann prüft ihn eine Mitarbeiterin oder ein Mitarbeiter.",
			En: "I cannot find this street in any resident parking zone. If you made a typo, write “back”. Otherwise you can still apply; a member of staff will then check the application.",
		}}
	case "permit_ref":
		ref := strings.ToUpper(a.Value)
		p, ok := h.permits.ByRef(ref)
		if !ok || p.Revoked {
			return dialog.Check{Problem: &form.Problem{
				De: "Zu dieser Referenznummer finde ich keinen Bewohnerparkausweis. Bitte prüfen Sie die Nummer auf Ihrem Ausweis – oder beantragen Sie mit „zurück“ einen neuen.",
				En: "I cannot find a resident parking permit with this reference number. Please check the number on your permit – or write “back” to apply for a new one.",
			}}
		}
		return dialog.Check{Value: ref,
			Fill: map[string]string{"street": p.Street, "house_number": p.HouseNumber, "plate": p.Plate},
			Note: catalog.Text{
				De: fmt.Sprintf("Ich habe Ihren Ausweis gefunden (Zone %s, %s). Straße und Kennzeichen übernehme ich von dort; ändern können Sie sie auf der Übersicht.", p.Zone, p.Plate),
				En: fmt.Sprintf("I found your permit (zone %s, %s). I take the street and plate from it; you can change them on the summary.", p.Zone, p.Plate),
			}}
	}
	return dialog.Check{}
}

// Submit runs the automatic checks and approves the permit when all pass.
func (h *Handler) Submit(s dialog.Submission) (dialog.Decision, error) {
	a := s.Answers
	today := s.Now.In(h.loc)
	from := today
	var problems, told []string
	zone, inZone := h.zones.Lookup(a["street"], a["house_number"])
	if !inZone {
		problems = append(problems, "Anschrift liegt in keiner Bewohnerparkzone")
		told = append(told, say(s.Lang, "die Anschrift liegt nach unserem Verzeichnis in keiner Bewohnerparkzone", "the address is in no resident parking zone according to our register"))
	}
	if a["main_residence"] != "yes" {
		problems = append(problems, "keine Hauptwohnung unter der Anschrift")
		told = append(told, say(s.Lang, "die Anschrift ist nicht Ihre Hauptwohnung", "the address is not your main residence"))
	}
	if a["keeper"] != "self" {
		problems = append(problems, "Fahrzeug nicht auf den Antragsteller zugelassen, Bestätigung prüfen")
		told = append(told, say(s.Lang, "die Bestätigung zur Fahrzeugnutzung muss geprüft werden", "the confirmation of the vehicle's use must be checked"))
	}
	if a["application"] == "renewal" {
		old, ok := h.permits.ByRef(a["permit_ref"])
		switch {
		case !ok:
			problems = append(problems, "bisheriger Ausweis nicht gefunden")
		case old.ValidUntil >= today.Format(time.DateOnly):
			if next, err := time.ParseInLocation(time.DateOnly, old.ValidUntil, h.loc); err == nil {
				from = next.AddDate(0, 0, 1) // the renewal follows on without a gap
			}
		}
	}
	if p, ok := h.permits.Active(a["plate"], from.Format(time.DateOnly)); ok && p.Ref != a["permit_ref"] {
		problems = append(problems, "für das Kennzeichen ist bereits ein Ausweis gültig ("+p.Ref+")")
		told = append(told, say(s.Lang, "der Abgleich mit bestehenden Ausweisen", "the comparison with existing permits"))
	}
	if len(problems) > 0 {
		return dialog.Decision{
			Review: "Bewohnerparkausweis: " + strings.Join(problems, "; "),
			Reply: catalog.Text{
				De: "Eine Mitarbeiterin oder ein Mitarbeiter des Straßenverkehrsamts prüft Ihren Antrag noch, weil sich nicht alles automatisch klären ließ (" + strings.Join(told, "; ") + "). Sie hören hier von uns.",
				En: "A member of staff of the road traffic office will check your application, because not everything could be settled automatically (" + strings.Join(told, "; ") + "). You will hear from us here.",
			},
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
	fee := ""
	if f := s.Answers["fee"]; f != "" {
		fee = " " + say(s.Lang, "Gebühr: ", "Fee: ") + catalog.DisplayEuros(f, s.Lang) + "."
	}
	dec.Reply = catalog.Text{
		De: fmt.Sprintf("Ihr Bewohnerparkausweis ist genehmigt: Zone %s (%s), Kennzeichen %s, gültig vom %s bis %s.%s Prüfcode: %s",
			p.Zone, p.ZoneName, p.Plate, form.Display(form.Date, p.ValidFrom, "de"), form.Display(form.Date, p.ValidUntil, "de"), fee, p.Code),
		En: fmt.Sprintf("Your resident parking permit is approved: zone %s (%s), plate %s, valid from %s to %s.%s Verification code: %s",
			p.Zone, p.ZoneName, p.Plate, form.Display(form.Date, p.ValidFrom, "en"), form.Display(form.Date, p.ValidUntil, "en"), fee, p.Code),
	}
	if h.issuer == nil {
		dec.Reply.De += "\nDen Ausweis zum Ausdrucken schicken wir Ihnen hier als PDF."
		dec.Reply.En += "\nWe will send you the permit to print here as a PDF."
		return dec, nil
	}
	doc, err := h.issuer.Issue(p, s.Lang)
	if err != nil {
		dec.Review = "Bewohnerparkausweis genehmigt, aber das PDF ließ sich nicht erstellen: " + err.Error()
		dec.Reply.De += "\nDen Ausweis als PDF schicken wir Ihnen hier in Kürze."
		dec.Reply.En += "\nWe will send you the permit as a PDF here shortly."
		return dec, nil
	}
	dec.Reply.De += "\nIm Anhang finden Sie Ihren Ausweis zum Ausdrucken; legen Sie ihn gut sichtbar hinter die Windschutzscheibe."
	dec.Reply.En += "\nAttached is your permit to print; place it visibly behind the windscreen."
	dec.Attachments = []channels.Attachment{doc}
	return dec, nil
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

func say(lang, de, en string) string {
	if lang == "en" {
		return en
	}
	return de
}
