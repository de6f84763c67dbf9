package form

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Parse checks input as an answer of type typ under rules r at time now and
// returns its canonical value. On a bad answer the error is a *Problem.
//
// The only other error is a broken field definition (an invalid r.Pattern);
// it is not the citizen's fault and is returned as a plain error.
func Parse(typ, input string, r Rules, now time.Time) (string, error) {
	if !Known(typ) {
		return "", &Problem{
			De: fmt.Sprintf("Diese Frage hat einen unbekannten Antworttyp (%q).", typ),
			En: fmt.Sprintf("This question has an unknown answer type (%q).", typ),
		}
	}
	if typ == File {
		return "", &Problem{
			De: "Bitte laden Sie hier eine Datei hoch (als Anhang). Eine Textantwort reicht nicht.",
			En: "Please upload a file here (as an attachment). A text answer is not enough.",
		}
	}
	s := strings.TrimSpace(input)
	if !utf8.ValidString(s) {
		return "", &Problem{
			De: "Die Eingabe enthält ungültige Zeichen. Bitte schreiben Sie sie noch einmal.",
			En: "The answer contains invalid characters. Please type it again.",
		}
	}
	if s == "" {
		return "", emptyProblem(typ)
	}
	if typ != Text && len(s) > maxAnswer {
		return "", &Problem{
			De: "Die Eingabe ist viel zu lang. " + emptyProblem(typ).De,
			En: "That answer is far too long. " + emptyProblem(typ).En,
		}
	}
	var (
		v string
		p *Problem
	)
	switch typ {
	case Text:
		re, err := pattern(r.Pattern)
		if err != nil {
			return "", err
		}
		v, p = parseText(s, r, re)
	case Number:
		v, p = parseNumber(s, r)
	case Decimal:
		v, p = parseDecimal(s, r)
	case Date:
		v, p = parseDate(s, r, now)
	case Choice:
		v, p = parseChoice(s, r)
	case YesNo:
		v, p = parseYesNo(s)
	case Email:
		v, p = parseEmail(s)
	case Phone:
		v, p = parsePhone(s)
	case Postcode:
		v, p = parsePostcode(s)
	case IBAN:
		v, p = parseIBAN(s)
	case Plate:
		v, p = parsePlate(s)
	}
	if p != nil {
		return "", p
	}
	return v, nil
}

// maxAnswer is the longest answer in bytes read for types other than text;
// it keeps big-number parsing cheap. Text has its own MaxLen.
const maxAnswer = 1000

// emptyProblem asks for an answer of type typ.
func emptyProblem(typ string) *Problem {
	what := map[string][2]string{
		Text:     {"eine Antwort", "an answer"},
		Number:   {"eine Zahl", "a number"},
		Decimal:  {"eine Zahl", "a number"},
		Date:     {"ein Datum", "a date"},
		Choice:   {"Ihre Auswahl", "your choice"},
		YesNo:    {"Ja oder Nein", "yes or no"},
		Email:    {"eine E-Mail-Adresse", "an email address"},
		Phone:    {"eine Telefonnummer", "a phone number"},
		Postcode: {"eine Postleitzahl", "a postcode"},
		IBAN:     {"eine IBAN", "an IBAN"},
		Plate:    {"ein Kennzeichen", "a licence plate number"},
	}[typ]
	return &Problem{
		De: "Bitte geben Sie " + what[0] + " an.",
		En: "Please enter " + what[1] + ".",
	}
}

// patterns caches compiled, anchored text patterns by their source.
var patterns sync.Map

// pattern compiles the field pattern p anchored to the whole answer; an
// empty p gives nil.
func pattern(p string) (*regexp.Regexp, error) {
	if p == "" {
		return nil, nil
	}
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(`^(?:` + p + `)$`)
	if err != nil {
		return nil, fmt.Errorf("form: field pattern %q: %w", p, err)
	}
	patterns.Store(p, re)
	return re, nil
}

// parseText collapses whitespace and checks length and pattern.
func parseText(s string, r Rules, re *regexp.Regexp) (string, *Problem) {
	for _, c := range s {
		if unicode.IsControl(c) && !unicode.IsSpace(c) {
			return "", &Problem{
				De: "Die Antwort enthält Steuerzeichen. Bitte schreiben Sie nur normalen Text.",
				En: "The answer contains control characters. Please write plain text only.",
			}
		}
	}
	s = strings.Join(strings.Fields(s), " ")
	n := utf8.RuneCountInString(s)
	if r.MinLen > 0 && n < r.MinLen {
		return "", &Problem{
			De: fmt.Sprintf("Die Antwort ist zu kurz. Bitte schreiben Sie mindestens %d Zeichen.", r.MinLen),
			En: fmt.Sprintf("That answer is too short. Please write at least %d characters.", r.MinLen),
		}
	}
	if r.MaxLen > 0 && n > r.MaxLen {
		return "", &Problem{
			De: fmt.Sprintf("Die Antwort ist zu lang (%d Zeichen). Bitte schreiben Sie höchstens %d Zeichen.", n, r.MaxLen),
			En: fmt.Sprintf("That answer is too long (%d characters). Please write at most %d characters.", n, r.MaxLen),
		}
	}
	if re != nil && !re.MatchString(s) {
		return "", &Problem{
			De: "Die Antwort hat nicht die erwartete Form. Bitte prüfen Sie die Eingabe.",
			En: "That answer is not in the expected form. Please check it.",
		}
	}
	return s, nil
}

// Words accepted as yes or no, after lower-casing.
var (
	yesWords = words("ja j yes y jawohl genau ok okay klar richtig true 1 jo jep yep sure")
	noWords  = words("nein n no nope falsch false 0 nö noe nee")
	// politeWords may follow a yes or no word: "ja bitte", "nein danke".
	politeWords = words("bitte danke gerne gern please thanks thank you")
)

// words makes a set of the space-separated words in s.
func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// parseYesNo reads a yes or no answer as "yes" or "no".
func parseYesNo(s string) (string, *Problem) {
	f := strings.FieldsFunc(strings.ToLower(s), func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune(",.!", c)
	})
	ok := len(f) > 0
	for _, w := range f[min(1, len(f)):] {
		ok = ok && politeWords[w]
	}
	switch {
	case ok && yesWords[f[0]]:
		return "yes", nil
	case ok && noWords[f[0]]:
		return "no", nil
	}
	return "", &Problem{
		De: "Bitte antworten Sie mit Ja oder Nein.",
		En: "Please answer yes or no.",
	}
}

// parsePostcode reads a German postcode ("33098", "D-33098").
func parsePostcode(s string) (string, *Problem) {
	s = strings.Join(strings.Fields(s), "")
	for _, pre := range []string{"DE-", "D-", "DE", "D"} {
		if len(s) > len(pre) && strings.EqualFold(s[:len(pre)], pre) {
			s = s[len(pre):]
			break
		}
	}
	if len(s) != 5 || strings.Trim(s, "0123456789") != "" {
		return "", &Problem{
			De: "Eine Postleitzahl hat genau 5 Ziffern, z. B. 33098.",
			En: "A German postcode has exactly 5 digits, e.g. 33098.",
		}
	}
	if strings.HasPrefix(s, "00") {
		return "", &Problem{
			De: "Deutsche Postleitzahlen beginnen nicht mit 00. Bitte prüfen Sie die Eingabe.",
			En: "German postcodes do not start with 00. Please check it.",
		}
	}
	return s, nil
}
