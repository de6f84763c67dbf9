package form

import (
	"strings"

	"amtsbote/text"
)

// separators returns the ASCII thousands and decimal separators a reader
// of lang expects, 0 where its readers do not agree on one: '.' and ','
// in German, Leichte Sprache and Turkish; ',' and '.' in English; in
// Ukrainian and Russian ',' is the decimal separator and a space groups
// thousands, so a '.' may be either; Arabic writes ٫ and ٬ (see
// arabicNumber), and a '.' or ',' between Western digits may be either.
func separators(lang string) (grp, dec rune) {
	switch langOf(lang) {
	case text.En:
		return ',', '.'
	case text.Uk, text.Ru:
		return 0, ','
	case text.Ar:
		return 0, 0
	}
	return '.', ','
}

// Arabic separators: ٫ (U+066B) before the fraction, ٬ (U+066C) between
// thousands, in Arabic and in Persian.
const arabicDecimal, arabicGroup = '٫', '٬'

// ASCIIDigits is asciiDigits, for readers beside forms (a wish's time).
func ASCIIDigits(s string) string { return asciiDigits(s) }

// asciiDigits writes Arabic-Indic (٠–٩) and Eastern Arabic / Persian
// (۰–۹) digits as ASCII digits and drops the direction marks (LRM, RLM,
// ALM) that right-to-left keyboards and copied text put around numbers.
func asciiDigits(s string) string {
	if isASCII(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			return '0' + r - '۰'
		case r == '\u200e' || r == '\u200f' || r == '\u061c':
			return -1
		}
		return r
	}, s)
}

// persianSlash reports whether s is a number in Persian digits with one
// '/' between them, as people type the Persian decimal separator (momayyez)
// on keyboards without ٫: "۱۲/۵" is 12.5.
func persianSlash(s string) bool {
	before, after, ok := strings.Cut(s, "/")
	persian := func(r rune) bool { return r >= '۰' && r <= '۹' }
	return ok && before != "" && after != "" && !strings.Contains(after, "/") &&
		strings.ContainsFunc(s, persian) && onlyDigitsAnd(asciiDigits(before+after))
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// arabicNumber reads body (digits already ASCII) when it holds ٫ or ٬:
// those say unambiguously which is the fraction and which groups, so no
// '.' or ',' may stand beside them. ok is false when body has neither.
func arabicNumber(neg bool, body string, whole bool) (v string, p *Problem, ok bool) {
	if !strings.ContainsAny(body, string(arabicDecimal)+string(arabicGroup)) {
		return "", nil, false
	}
	if strings.ContainsAny(body, ".,") {
		return "", badGrouping(), true
	}
	intPart, frac, hasFrac := strings.Cut(body, string(arabicDecimal))
	if hasFrac && (frac == "" || !onlyDigitsAnd(frac)) {
		return "", notNumber(), true
	}
	if hasFrac && whole {
		return "", notWhole(), true
	}
	grp := rune(0)
	if strings.ContainsRune(intPart, arabicGroup) {
		grp = arabicGroup
	}
	digits, good := ungroup(intPart, grp)
	if !good && !(intPart == "" && hasFrac) {
		return "", badGrouping(), true
	}
	return canonicalNumber(neg, digits, frac, hasFrac), nil, true
}

// notWhole is the problem for a decimal separator in a whole-number answer.
func notWhole() *Problem {
	return problem("form.problem.number.not_whole", "grouped", groupedArg("1234567"), "plain", plainArg("1234567"))
}

// couldGroup splits body when it is 1–3 digits not starting with 0, one
// '.' or ',' and exactly 3 digits ("12.345", "1,000"): the separator may
// group thousands or be a decimal separator, and the two readings differ a
// thousandfold. "0.345" and "012,345" are never grouped, so they are no such
// case; neither are "12.5" nor "1234.567", which cannot be grouped.
func couldGroup(body string) (intPart string, sep rune, frac string, ok bool) {
	i := len(body) - 4
	if i < 1 || i > 3 || (body[i] != '.' && body[i] != ',') || body[0] == '0' {
		return "", 0, "", false
	}
	intPart, frac = body[:i], body[i+1:]
	if !onlyDigitsAnd(intPart) || !onlyDigitsAnd(frac) {
		return "", 0, "", false
	}
	return intPart, rune(body[i]), frac, true
}

// readAmbiguous decides between the two readings of a number that
// couldGroup split: intPart thousand frac (12345), or intPart point frac
// (12.345).
//
//   - When the field's bounds admit exactly one reading, that one counts:
//     "12.345" for a percentage up to 100 is 12.345 even in German. A
//     bound cuts off at the unit's sensible range, and the two readings lie
//     a thousandfold apart, so the bound tells which one was meant.
//   - Otherwise the language decides as its readers would: in German and
//     Turkish '.' groups and ',' is the decimal comma ("12.345" is 12345,
//     "12,345" is 12.345); in English the other way round; in Ukrainian and
//     Russian ',' is the decimal comma. This is no guess the citizen cannot
//     see: the answer is shown back in the conversation's language, with
//     grouping, before anything is sent.
//   - Where the language's readers do not agree on the separator (a '.' in
//     Ukrainian and Russian, '.' and ',' in Arabic) and both readings fit,
//     the answer is refused with both readings and how to write it.
//   - When neither reading fits the bounds, the problem is the first
//     reading's.
//
// A whole-number field has no such choice (see parseNumber).
func readAmbiguous(input string, neg bool, intPart string, sep rune, frac string, r Rules) (string, *Problem) {
	thousands := canonicalNumber(neg, intPart+frac, "", false)
	decimal := canonicalNumber(neg, intPart, frac, true)
	first, second := decimal, thousands
	grp, dec := separators(r.Lang)
	if sep == grp {
		first, second = thousands, decimal
	}
	p := checkBounds(first, r)
	if p != nil && checkBounds(second, r) == nil {
		return second, nil
	}
	if p != nil {
		return "", p
	}
	if sep != grp && sep != dec && checkBounds(second, r) == nil {
		return "", ambiguous(input, thousands, decimal)
	}
	return first, nil
}

// ambiguous is the problem for a number that reads as a or b.
func ambiguous(input, a, b string) *Problem {
	return problem("form.problem.number.ambiguous", "input", input, "a", shownArg(Decimal, a), "b", shownArg(Decimal, b),
		"example", plainArg(strings.TrimPrefix(a, "-")))
}
