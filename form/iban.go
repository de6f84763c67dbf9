package form

import (
	"fmt"
	"strings"
)

// ibanCountries holds the IBAN length and the country's name (de, en) for
// the countries whose length is checked exactly. Others may have 15–34
// characters.
var ibanCountries = map[string]struct {
	n      int
	de, en string
}{
	"DE": {22, "Deutschland", "Germany"},
	"AT": {20, "Österreich", "Austria"},
	"CH": {21, "der Schweiz", "Switzerland"},
	"NL": {18, "den Niederlanden", "the Netherlands"},
	"FR": {27, "Frankreich", "France"},
	"BE": {16, "Belgien", "Belgium"},
	"LU": {20, "Luxemburg", "Luxembourg"},
	"IT": {27, "Italien", "Italy"},
	"ES": {24, "Spanien", "Spain"},
	"PL": {28, "Polen", "Poland"},
	"DK": {18, "Dänemark", "Denmark"},
}

// parseIBAN reads an IBAN (ISO 13616) and returns it compact and upper
// case. Spaces and a leading "IBAN:" are ignored.
func parseIBAN(s string) (string, *Problem) {
	c := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	c = strings.TrimPrefix(strings.TrimPrefix(c, "IBAN"), ":")
	for i := range len(c) {
		if !isDigit(c[i]) && (c[i] < 'A' || c[i] > 'Z') {
			return "", &Problem{
				De: "Eine IBAN besteht nur aus Buchstaben und Ziffern, z. B. DE89 3704 0044 0532 0130 00.",
				En: "An IBAN consists of letters and digits only, e.g. DE89 3704 0044 0532 0130 00.",
			}
		}
	}
	if len(c) < 4 || !isLetter(c[0]) || !isLetter(c[1]) || !isDigit(c[2]) || !isDigit(c[3]) {
		return "", &Problem{
			De: "Eine IBAN beginnt mit dem Länderkürzel und zwei Prüfziffern, z. B. DE89 3704 0044 0532 0130 00.",
			En: "An IBAN starts with the country code and two check digits, e.g. DE89 3704 0044 0532 0130 00.",
		}
	}
	if k, ok := ibanCountries[c[:2]]; ok && len(c) != k.n {
		return "", &Problem{
			De: fmt.Sprintf("Eine IBAN aus %s hat %d Zeichen, Ihre Eingabe hat %d. Bitte prüfen Sie, ob Zeichen fehlen oder zu viel sind.", k.de, k.n, len(c)),
			En: fmt.Sprintf("An IBAN from %s has %d characters, yours has %d. Please check for missing or extra characters.", k.en, k.n, len(c)),
		}
	} else if !ok && (len(c) < 15 || len(c) > 34) {
		return "", &Problem{
			De: fmt.Sprintf("Eine IBAN hat 15 bis 34 Zeichen, Ihre Eingabe hat %d. Bitte prüfen Sie die Eingabe.", len(c)),
			En: fmt.Sprintf("An IBAN has 15 to 34 characters, yours has %d. Please check it.", len(c)),
		}
	}
	if c[:2] == "DE" && !onlyDigitsAnd(c[4:]) {
		return "", &Problem{
			De: "Eine deutsche IBAN hat nach DE nur Ziffern. Bitte prüfen Sie die Eingabe.",
			En: "A German IBAN has only digits after DE. Please check it.",
		}
	}
	// Check digits 00, 01 and 99 are never issued (98 - mod gives 02–98).
	if cd := c[2:4]; cd == "00" || cd == "01" || cd == "99" || mod97(c[4:]+c[:4]) != 1 {
		return "", &Problem{
			De: "Die Prüfziffer der IBAN stimmt nicht. Bitte prüfen Sie die Eingabe.",
			En: "The IBAN's check digits do not match. Please check it.",
		}
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
