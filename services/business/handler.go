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
	"amtsbote/services/say"
	"amtsbote/text"

	"amtsbote/internal/fold"
)

// The services this package serves, with their forms.
const (
	Registration   = "business-registration"   // GewA1
	Change         = "business-change"         // GewA2
	Deregistration = "business-deregistration" // GewA3
)

// Handler is the dialog.Handler of the three business services.
type Handler struct {
	texts say.Texts
}

var _ dialog.AnswerChecker = Handler{}

// New returns the handler with its texts (business.*); nil: the built-in
// catalog.
func New(texts say.Texts) Handler { return Handler{texts: say.Or(texts)} }

// Handlers returns the handler for each of the three services, for
// dialog.Options.Handlers.
func Handlers(texts say.Texts) map[string]dialog.Handler {
	h := New(texts)
	return map[string]dialog.Handler{Registration: h, Change: h, Deregistration: h}
}

// CheckAnswer refuses activities too vague for the trade register and a
// partner list with fewer than two partners or without dates of birth.
func (h Handler) CheckAnswer(a dialog.Answer) dialog.Check {
	key := ""
	switch a.Field {
	case "activity", "activity_before":
		key = VagueActivity(a.Value)
	case "partners":
		key = checkPartners(a.Value)
	}
	if key == "" {
		return dialog.Check{}
	}
	return dialog.Check{Problem: say.Problem(a.Lang, func(l text.Lang) string { return h.texts.Text(l, key) })}
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

// VagueActivity returns the text key of the problem with an activity
// description that is too vague for the trade register ("Handel mit
// Waren aller Art", "Diverses", "Kleidung, Schuhe usw."), or "" when it
// is precise enough.
func VagueActivity(s string) string {
	f := fold.Words(s, "")
	switch {
	case allKinds.MatchString(f):
		return "business.activity.all_kinds"
	case vagueWhole[f] || vagueGoods.MatchString(f):
		return "business.activity.vague"
	case openList.MatchString(f):
		return "business.activity.open_list"
	}
	return ""
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
// of birth; it returns the text key of the problem, or "".
func checkPartners(s string) string {
	list := Partners(s)
	if len(list) < 2 {
		return "business.partners.too_few"
	}
	for _, p := range list {
		name := strings.TrimSpace(datePattern.ReplaceAllString(p, ""))
		if !datePattern.MatchString(p) || len(strings.Fields(strings.Trim(name, ", "))) < 2 {
			return "business.partners.details"
		}
	}
	return ""
}
