package form

import (
	"strings"
	"time"
	"unicode/utf8"

	"amtsbote/text"
)

// Parser reads and shows answers in every language of the text catalog:
// the words a citizen types (yes and no, skip, submit, edit, cancel,
// today, the months: form.word.*), the problems (form.problem.*) and the
// shown yes and no (form.answer.*). It is read-only after New and safe for
// concurrent use.
type Parser struct {
	texts *text.Catalog
	words words
}

// New returns a parser over the catalog texts: the built-in texts with a
// city's own (text.Load), so a city adds words as it rewords texts.
func New(texts *text.Catalog) *Parser {
	return &Parser{texts: texts, words: readWords(texts)}
}

// Is reports whether s is a word of kind w: one of lang's words, or of
// another language's unless it means yes there and no in another
// ("evet" is yes in a German conversation too). s is compared folded
// (case, umlauts, accents, punctuation). A yes or no may be followed by
// polite words, as Parse reads a yes/no answer ("ja bitte", "ні, дякую").
func (ps *Parser) Is(w Word, s, lang string) bool {
	own, any := ps.words.of(langOf(lang))
	switch v, _ := yesNo(s, own, any); w {
	case Yes:
		return v == "yes"
	case No:
		return v == "no"
	}
	return is(w, key(s), own, any)
}

// Parse checks input as an answer of type typ under rules r at time now and
// returns its canonical value. On a bad answer the error is a *Problem.
//
// The only other error is a broken field definition (an invalid r.Pattern);
// it is not the citizen's fault and is returned as a plain error.
func (ps *Parser) Parse(typ, input string, r Rules, now time.Time) (string, error) {
	v, err := ps.parse(typ, input, r, now)
	if p, ok := err.(*Problem); ok {
		p.texts = ps.texts
	}
	return v, err
}

// parse is Parse with problems not yet tied to the catalog.
func (ps *Parser) parse(typ, input string, r Rules, now time.Time) (string, error) {
	if !Known(typ) {
		return "", problem("form.problem.type_unknown", "type", `"`+typ+`"`)
	}
	if typ == File {
		return "", problem("form.problem.file.expected")
	}
	s := strings.TrimSpace(input)
	if !utf8.ValidString(s) {
		return "", problem("form.problem.invalid_chars")
	}
	if (typ == Number || typ == Decimal) && persianSlash(s) {
		s = strings.Replace(s, "/", string(arabicDecimal), 1)
	}
	if typ != Text && typ != Choice || typ == Text && r.Pattern != "" {
		s = strings.TrimSpace(asciiDigits(s)) // a text with a pattern is a code: a customer number
	}
	if s == "" {
		return "", emptyProblem(typ)
	}
	if typ != Text && len(s) > maxAnswer {
		return "", problem("form.problem.too_long")
	}
	own, any := ps.words.of(langOf(r.Lang))
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
		v, p = parseDate(s, r, now, own, any)
	case Choice:
		v, p = parseChoice(s, r)
	case YesNo:
		v, p = parseYesNo(s, own, any)
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

// CheckFile checks an uploaded file against the rules of a file field (see
// checkFile). The error is a *Problem.
func (ps *Parser) CheckFile(name, mediaType string, size int, r Rules) error {
	if p := checkFile(name, mediaType, size, r); p != nil {
		p.texts = ps.texts
		return p
	}
	return nil
}

// Display formats a canonical value of type typ for a citizen in lang, a
// tag of package text: numbers with the language's separators (Arabic with
// Arabic-Indic digits), dates as the language writes them, yes and no in
// its words (form.answer.*), IBANs in groups of four. Other types, and
// values that are not canonical, are returned as they are; a choice stays
// its value (the engine maps values to labels).
func (ps *Parser) Display(typ, value, lang string) string {
	if typ == YesNo && (value == "yes" || value == "no") {
		return ps.texts.Text(langOf(lang), "form.answer."+value)
	}
	return Display(typ, value, lang)
}

// labelKeys are the catalog keys of the option labels of a form's words.
var labelKeys = map[Word]string{Submit: "form.label.submit", Cancel: "form.label.cancel",
	Skip: "form.label.skip", Edit: "form.label.edit"}

// Label is the label of the option that gives the word w in lang
// (form.label.*: "Absenden", "Скасувати", "Atla"); field is the field an
// edit option changes, as the label shows it ("Zählernummer ändern").
// Other words have no option and give "".
func (ps *Parser) Label(w Word, lang, field string) string {
	k, ok := labelKeys[w]
	if !ok {
		return ""
	}
	// One replace, not Text's placeholder filling: the summary has a label per field.
	return strings.Replace(ps.texts.Text(langOf(lang), k), "{field}", field, 1)
}

// Hint says in lang what an answer of type typ looks like ("eine ganze
// Zahl, zum Beispiel 3", form.hint.*); an unknown type is asked as text.
func (ps *Parser) Hint(typ, lang string) string {
	if !Known(typ) {
		typ = Text
	}
	return ps.texts.Text(langOf(lang), "form.hint."+typ)
}
