package form

import (
	"strings"
)

// ibanLengths holds the IBAN length of the countries whose length is
// checked exactly. Others may have 15–34 characters.
var ibanLengths = map[string]int{"DE": 22, "AT": 20, "CH": 21, "NL": 18, "FR": 27, "BE": 16, "LU": 20,
	"IT": 27, "ES": 24, "PL": 28, "DK": 18}

// parseIBAN reads an IBAN (ISO 13616) and returns it compact and upper
// case. Spaces and a leading "IBAN:" are ignored.
func parseIBAN(s string) (string, *Problem) {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	c = strings.TrimPrefix(strings.TrimPrefix(c, "IBAN"), ":")
	for i := range len(c) {
		if !isDigit(c[i]) && (c[i] < 'A' || c[i] > 'Z') {
			return "", problem("form.problem.iban.chars")
		}
	}
	if len(c) < 4 || !isLetter(c[0]) || !isLetter(c[1]) || !isDigit(c[2]) || !isDigit(c[3]) {
		return "", problem("form.problem.iban.start")
	}
	if n, ok := ibanLengths[c[:2]]; ok && len(c) != n {
		return "", problem("form.problem.iban.country_length", "country", c[:2], "want", n, "got", len(c))
	} else if !ok && (len(c) < 15 || len(c) > 34) {
		return "", problem("form.problem.iban.length", "got", len(c))
	}
	if c[:2] == "DE" && !onlyDigitsAnd(c[4:]) {
		return "", problem("form.problem.iban.german_digits")
	}
	// Check digits 00, 01 and 99 are never issued (98 - mod gives 02–98).
	if cd := c[2:4]; cd == "00" || cd == "01" || cd == "99" || mod97(c[4:]+c[:4]) != 1 {
		return "", problem("form.problem.iban.check")
	}
	return c, nil
}

// mod97 returns s mod 97, where letters count as two digits (A = 10 … Z = 35).
func mod97(s string) int {
	m := 0
	for i := range len(s) {
		if isDigit(s[i]) {
			m = (m*10 + int(s[i]-'0')) % 97
		} else {
			m = (m*100 + int(s[i]-'A') + 10) % 97
		}
	}
	return m
}

// isLetter reports whether c is an ASCII capital letter.
func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' }

// groupsOf4 writes an IBAN in groups of four for reading.
func groupsOf4(v string) string {
	var b strings.Builder
	for i, c := range []rune(v) {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
