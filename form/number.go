package form

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// notNumber is the problem for an answer that is not a number at all.
func notNumber() *Problem {
	return problem("form.problem.number.unread", "example", plainArg("12.5"))
}

// badGrouping is the problem for thousands separators in the wrong places.
func badGrouping() *Problem {
	return problem("form.problem.number.grouping", "example", plainArg("12345.6"))
}

// parseNumber reads an integer with optional sign and optional thousands
// grouping by the language's grouping separator or ' ' ("1.234" in German,
// "1,234" in English, "1 234" in all). The other separator, when it
// appears more than once, can only group too ("1,234,567" in German). Once,
// it is the language's decimal separator and the answer is refused as not
// whole: "12,345" in German, "12.345" in English. Nothing about a whole-number
// field tells whether that was a decimal typed by mistake or thousands
// typed the other language's way, and the two differ a thousandfold, so
// the problem asks for the number again and shows how to write thousands.
// A lone grouping separator that cannot group ("1.5" in German, "1,5" in
// English) is a decimal typed the other way and refused as not whole. A
// separator the language's readers do not agree on (a '.' in Ukrainian)
// groups when it appears more than once; once, before three digits, the
// answer is refused as ambiguous; otherwise as not whole. Arabic ٬ groups
// and ٫ makes a number not whole.
func parseNumber(s string, r Rules) (string, *Problem) {
	neg, body := splitSign(s)
	if v, p, ok := arabicNumber(neg, body, true); ok {
		if p != nil {
			return "", p
		}
		return v, checkBounds(v, r)
	}
	grpSep, decSep := separators(r.Lang)
	if grpSep == 0 || decSep == 0 {
		unknown := func(c rune) bool { return c != grpSep && c != decSep }
		if strings.ContainsRune(body, '.') && strings.ContainsRune(body, ',') && (unknown('.') || unknown(',')) {
			return "", notWhole() // one of them is a decimal separator
		}
		for _, c := range []rune{'.', ','} {
			switch n := strings.Count(body, string(c)); {
			case !unknown(c) || n == 0:
			case n > 1:
				grpSep = c
			case n == 1:
				if intPart, _, frac, ok := couldGroup(body); ok {
					return "", ambiguous(s, canonicalNumber(neg, intPart+frac, "", false), canonicalNumber(neg, intPart, frac, true))
				}
				return "", notWhole()
			}
		}
	}
	var grp rune
	switch n := strings.Count(body, string(decSep)); {
	case decSep != 0 && (n == 1 || n > 1 && grpSep != 0 && strings.ContainsRune(body, grpSep)):
		return "", notWhole()
	case decSep != 0 && n > 1:
		grp = decSep
	case grpSep != 0 && strings.ContainsRune(body, grpSep):
		grp = grpSep
	}
	if strings.ContainsRune(body, ' ') {
		if grp != 0 {
			return "", badGrouping()
		}
		grp = ' '
	}
	digits, ok := ungroup(body, grp)
	if !ok {
		if _, after, _ := strings.Cut(body, string(grp)); grp != 0 && grp != ' ' && strings.Count(body, string(grp)) == 1 && len(after) != 3 {
			return "", problem("form.problem.number.whole")
		}
		if grp != 0 && onlyDigitsAnd(body, grp) {
			return "", badGrouping()
		}
		return "", notNumber()
	}
	v := canonicalNumber(neg, digits, "", false)
	if p := checkBounds(v, r); p != nil {
		return "", p
	}
	return v, nil
}

// parseDecimal reads a decimal number in German or English notation.
//
// Separators: when both ',' and '.' appear, the last one is the decimal
// separator and the other groups thousands ("12.345,6", "12,345.6"). A
// separator that appears several times groups thousands ("1.234.567",
// "1,234,567"). A single one is a decimal separator ("12,5", "12.5",
// "0.345", "1234,567"), unless it could also group: 1–3 digits not starting
// with 0, the separator, 3 digits ("12.345", "1,000"). Then see
// readAmbiguous: the field's bounds or the language decide. Spaces may group
// thousands of the integer part. A trailing unit ("m³", "qm", "€", "EUR",
// "kWh", …) or a leading currency is ignored.
func parseDecimal(s string, r Rules) (string, *Problem) {
	s = stripUnit(s)
	neg, body := splitSign(s)
	if v, p, ok := arabicNumber(neg, body, false); ok {
		if p != nil {
			return "", p
		}
		return v, checkBounds(v, r)
	}
	if !onlyDigitsAnd(body, '.', ',', ' ') || strings.Trim(body, "., ") == "" {
		return "", notNumber()
	}
	if intPart, sep, frac, ok := couldGroup(body); ok {
		return readAmbiguous(s, neg, intPart, sep, frac, r)
	}
	commas, dots := strings.Count(body, ","), strings.Count(body, ".")
	var dec, grp rune
	switch {
	case commas > 0 && dots > 0:
		dec, grp = ',', '.'
		if strings.LastIndexByte(body, '.') > strings.LastIndexByte(body, ',') {
			dec, grp = '.', ','
		}
	case commas == 1:
		dec = ','
	case commas > 1:
		grp = ','
	case dots == 1:
		dec = '.'
	case dots > 1:
		grp = '.'
	}
	if strings.ContainsRune(body, ' ') {
		if grp != 0 {
			return "", badGrouping()
		}
		grp = ' '
	}
	intPart, frac, hasFrac := body, "", false
	if dec != 0 {
		i := strings.IndexRune(body, dec)
		intPart, frac, hasFrac = body[:i], body[i+1:], true
		if frac == "" || !onlyDigitsAnd(frac) {
			return "", badGrouping()
		}
	}
	digits, ok := ungroup(intPart, grp)
	if !ok && !(intPart == "" && hasFrac) {
		return "", badGrouping()
	}
	v := canonicalNumber(neg, digits, frac, hasFrac)
	if p := checkBounds(v, r); p != nil {
		return "", p
	}
	return v, nil
}

// units are ignored after a decimal number, longest first.
var units = []string{"stück", "liter", "euro", "m³", "m²", "kwh", "stk", "eur", "m3", "m2", "qm", "kw", "km", "cm", "mm", "kg", "€", "%", "l", "m"}

// stripUnit removes one trailing unit and one leading currency from s.
func stripUnit(s string) string {
	for _, u := range units {
		if n := len(s) - len(u); n > 0 && strings.EqualFold(s[n:], u) {
			if rest := strings.TrimSpace(s[:n]); rest != "" && isDigit(rest[len(rest)-1]) {
				s = rest
				break
			}
		}
	}
	for _, c := range []string{"€", "eur"} {
		if len(s) > len(c) && strings.EqualFold(s[:len(c)], c) {
			return strings.TrimSpace(s[len(c):])
		}
	}
	return s
}

// splitSign removes a leading sign ('+', '-', '−') and spaces after it.
// Every Unicode space in the rest becomes ' ' (no-break spaces group digits).
func splitSign(s string) (neg bool, rest string) {
	for _, sign := range []string{"+", "-", "−"} {
		if strings.HasPrefix(s, sign) {
			neg, s = sign != "+", strings.TrimSpace(s[len(sign):])
			break
		}
	}
	return neg, strings.Map(func(c rune) rune {
		if c == '\u00a0' || c == '\u202f' || c == '\u2009' {
			return ' '
		}
		return c
	}, s)
}

// ungroup removes the grouping separator grp (0: none) from an integer part
// and returns its digits; ok is false unless the groups are a first group of
// 1–3 digits and further groups of exactly 3.
func ungroup(s string, grp rune) (string, bool) {
	if s == "" {
		return "", false
	}
	if grp == 0 {
		return s, onlyDigitsAnd(s)
	}
	g := strings.Split(s, string(grp))
	for i, part := range g {
		if !onlyDigitsAnd(part) || part == "" || len(part) > 3 || (i > 0 && len(part) != 3) {
			return "", false
		}
	}
	return strings.Join(g, ""), true
}

// canonicalNumber joins sign, integer digits and fraction into the stored
// form: no leading zeros, '.' as separator, no sign on zero.
func canonicalNumber(neg bool, digits, frac string, hasFrac bool) string {
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
	}
	v := digits
	if hasFrac {
		v += "." + frac
	}
	if neg && strings.Trim(digits+frac, "0") != "" {
		v = "-" + v
	}
	return v
}

// checkBounds checks a canonical number against r.Min and r.Max.
func checkBounds(v string, r Rules) *Problem {
	x, ok := new(big.Rat).SetString(v)
	if !ok {
		return notNumber()
	}
	if r.Min != nil && cmpFloat(x, *r.Min) < 0 {
		return problem("form.problem.number.too_small", "min", shownArg(Decimal, strconv.FormatFloat(*r.Min, 'f', -1, 64)))
	}
	if r.Max != nil && cmpFloat(x, *r.Max) > 0 {
		return problem("form.problem.number.too_large", "max", shownArg(Decimal, strconv.FormatFloat(*r.Max, 'f', -1, 64)))
	}
	return nil
}

// cmpFloat compares x with f; NaN compares equal so it never fails a bound.
func cmpFloat(x *big.Rat, f float64) int {
	switch {
	case math.IsNaN(f):
		return 0
	case math.IsInf(f, 1):
		return -1
	case math.IsInf(f, -1):
		return 1
	}
	return x.Cmp(new(big.Rat).SetFloat64(f))
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// onlyDigitsAnd reports whether s holds only ASCII digits and the runes in also.
func onlyDigitsAnd(s string, also ...rune) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && !containsRune(also, c) {
			return false
		}
	}
	return true
}

// containsRune reports whether rs contains c.
func containsRune(rs []rune, c rune) bool {
	for _, r := range rs {
		if r == c {
			return true
		}
	}
	return false
}
