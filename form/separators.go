package form

// separators returns the thousands and decimal separators a reader of lang
// expects: '.' and ',' in German (anything but "en"), ',' and '.' in English.
func separators(lang string) (grp, dec rune) {
	if lang == "en" {
		return ',', '.'
	}
	return '.', ','
}

// notWhole is the problem for a decimal separator in a whole-number answer.
func notWhole(dec rune) *Problem {
	if dec == ',' {
		return &Problem{
			De: "Bitte geben Sie eine ganze Zahl ohne Komma an, z. B. 12 oder 12.345.",
			En: "Please enter a whole number without a decimal part, e.g. 12 or 12345.",
		}
	}
	return &Problem{
		De: "Bitte geben Sie eine ganze Zahl ohne Dezimalpunkt an, z. B. 12 oder 12345.",
		En: "Please enter a whole number without a decimal point, e.g. 12. For thousands, write 12,345 or 12345.",
	}
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
//   - Otherwise the language decides as its readers would: in German '.'
//     groups and ',' is the decimal comma ("12.345" is 12345, "12,345" is
//     12.345); in English the other way round. This is no guess the
//     citizen cannot see: the answer is shown back in the conversation's
//     language, with grouping, before anything is sent.
//   - When neither reading fits the bounds, the problem is the language
//     reading's.
//
// A whole-number field has no such choice (see parseNumber).
func readAmbiguous(neg bool, intPart string, sep rune, frac string, r Rules) (string, *Problem) {
	thousands := canonicalNumber(neg, intPart+frac, "", false)
	decimal := canonicalNumber(neg, intPart, frac, true)
	first, second := decimal, thousands
	if grp, _ := separators(r.Lang); sep == grp {
		first, second = thousands, decimal
	}
	p := checkBounds(first, r)
	if p != nil && checkBounds(second, r) == nil {
		return second, nil
	}
	if p != nil {
		return "", p
	}
	return first, nil
}
