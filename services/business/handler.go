// Package business is the Go logic of the trade office's services
// (business-registration, business-change, business-deregistration, forms
// GewA1–GewA3 of the Gewerbeanzeigeverordnung): precise activities,
// every partner of a partnership, and the structured record of each case
// with the form's field numbers for the back office.
package business

import (
	"regexp"
	"strings"

	"amtsbote/dialog"
	"amtsbote/form"

	"amtsbote/internal/fold"
)

// The services this package serves, with their forms.
const (
	Registration   = "business-registration"   // GewA1
	Change         = "business-change"         // GewA2
	Deregistration = "business-deregistration" // GewA3
)

// Handler is the dialog.Handler of the three business services.
type Handler struct{}

var _ dialog.AnswerChecker = Handler{}

// New returns the handler; it has no settings.
func New() Handler { return Handler{} }

// Handlers returns the handler for each of the three services, for
// dialog.Options.Handlers.
func Handlers() map[string]dialog.Handler {
	h := New()
	return map[string]dialog.Handler{Registration: h, Change: h, Deregistration: h}
}

// CheckAnswer refuses activities too vague for the trade register and a
// partner list with fewer than two partners or without dates of birth.
func (Handler) CheckAnswer(a dialog.Answer) dialog.Check {
	switch a.Field {
	case "activity", "activity_before":
		if p := VagueActivity(a.Value); p != nil {
			return dialog.Check{Problem: p}
		}
	case "partners":
		if p := checkPartners(a.Value); p != nil {
			return dialog.Check{Problem: p}
		}
	}
	return dialog.Check{}
}

// vagueWhole are answers that name no activity at all (folded).
var vagueWhole = map[string]bool{
	"alles": true, "diverses": true, "verschiedenes": true, "sonstiges": true, "handel": true,
	"dienstleistung": true, "dienstleistungen": true, "onlinehandel": true, "online handel": true,
	"internethandel": true, "e commerce": true, "ecommerce": true, "import export": true,
	"import und export": true, "beratung": true, "consulting": true, "vertrieb": true, "verkauf": true,
	"service": true, "gewerbe": true, "selbststaendig": true, "handel und dienstleistungen": true,
	"handel und dienstleistung": true, "alle taetigkeiten": true, "allgemeiner handel": true, "gemischtes": true,
}

var (
	// allKinds catches "… aller Art" and "alle möglichen …".
	allKinds = regexp.MustCompile(`\baller art\b|\balle(rlei| moeglichen| arten)\b|\bjeglicher art\b|\bjede art\b`)
	// vagueGoods catches "diverse Waren", "verschiedene Produkte" and the like.
	vagueGoods = regexp.MustCompile(`\b(divers|verschieden|sonstig|allgemein|beliebig|unterschiedlich)\w*\s+(waren|artikel\w*|produkt\w*|gueter\w*|dienstleistung\w*|taetigkeit\w*|sachen|dinge\w*)\b`)
	// openList catches lists that trail off.
	openList = regexp.MustCompile(`\b(usw|etc|u\s?a|und so weiter|und vieles mehr|und mehr)\b`)
)

// VagueActivity returns the problem with an activity description that is
// too vague for the trade register ("Handel mit Waren aller Art",
// "Diverses", "Kleidung, Schuhe usw."), or nil when it is precise enough.
func VagueActivity(s string) *form.Problem {
	f := fold.Words(s, "")
	switch {
	case allKinds.MatchString(f):
		return &form.Problem{
			De: "Angaben wie „Handel mit Waren aller Art“ nimmt das Gewerbeamt nicht an. Bitte nennen Sie konkret, womit Sie handeln oder welche Leistungen Sie anbieten, z. B. „Einzelhandel mit Spielwaren und Schreibwaren“.",
			En: "The trade office does not accept terms like “trade in goods of all kinds”. Please name exactly what you sell or which services you offer, e.g. “retail of toys and stationery”.",
		}
	case vagueWhole[f] || vagueGoods.MatchString(f):
		return &form.Problem{
			De: "Das ist zu allgemein. Bitte beschreiben Sie die Tätigkeit genau: welche Waren oder Leistungen, und wie (z. B. „Onlinehandel mit gebrauchten Fahrrädern“ oder „Hausmeisterdienste ohne Meisterpflicht“).",
			En: "That is too general. Please describe the activity precisely: which goods or services, and how (e.g. “online sale of used bicycles” or “caretaker services”).",
		}
	case openList.MatchString(f):
		return &form.Problem{
			De: "Bitte zählen Sie alle Tätigkeiten vollständig auf, ohne „usw.“ oder „etc.“ – nur was angemeldet ist, dürfen Sie ausüben.",
			En: "Please list every activity in full, without “etc.” – you may only carry out what is registered.",
		}
	}
	return nil
}

// datePattern finds a date of birth in a partner entry.
var datePattern = regexp.MustCompile(`\b[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4}\b|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b`)

// Partners splits the partner list of a partnership into its entries.
func Partners(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkPartners wants at least two partners, each with a name and a date
// of birth.
func checkPartners(s string) *form.Problem {
	list := Partners(s)
	if len(list) < 2 {
		return &form.Problem{
			De: "Eine Personengesellschaft hat mindestens zwei Gesellschafter. Bitte nennen Sie alle, getrennt durch Semikolon.",
			En: "A partnership has at least two partners. Please list all of them, separated by semicolons.",
		}
	}
	for _, p := range list {
		name := strings.TrimSpace(datePattern.ReplaceAllString(p, ""))
		if !datePattern.MatchString(p) || len(strings.Fields(strings.Trim(name, ", "))) < 2 {
			return &form.Problem{
				De: "Bitte geben Sie bei jeder Person Vor- und Nachname und das Geburtsdatum an, z. B. „Anna Müller, 03.04.1985; Ben Schmidt, 12.12.1990“.",
				En: "Please give first name, surname and date of birth for each person, e.g. “Anna Müller, 1985-04-03; Ben Schmidt, 1990-12-12”.",
			}
		}
	}
	return nil
}
