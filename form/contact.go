package form

import (
	"net/mail"
	"strings"
	"unicode"
)

// badEmail is the problem for an address that fails the general check.
var badEmail = &Problem{
	De: "Das sieht nicht wie eine E-Mail-Adresse aus. Bitte prüfen Sie die Eingabe (z. B. name@beispiel.de).",
	En: "That does not look like an email address. Please check it (e.g. name@example.org).",
}

// parseEmail does a practical check of a bare address ("name@example.org",
// no display name, no spaces, a dot in the domain) and lower-cases the
// domain; the local part is kept as typed.
func parseEmail(s string) (string, *Problem) {
	if len(s) > len("mailto:") && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return "", &Problem{
			De: "Eine E-Mail-Adresse enthält keine Leerzeichen. Bitte geben Sie nur die Adresse an, z. B. name@beispiel.de.",
			En: "An email address has no spaces. Please give just the address, e.g. name@example.org.",
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", &Problem{
			De: "Der E-Mail-Adresse fehlt das @-Zeichen. Bitte geben Sie sie vollständig an, z. B. name@beispiel.de.",
			En: "The email address is missing the @ sign. Please give it in full, e.g. name@example.org.",
		}
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" {
		return "", &Problem{
			De: "Vor dem @ fehlt der Name. Bitte geben Sie die Adresse vollständig an, z. B. name@beispiel.de.",
			En: "The name before the @ is missing. Please give the full address, e.g. name@example.org.",
		}
	}
	if !validDomain(domain) {
		return "", &Problem{
			De: "Nach dem @ fehlt eine gültige Domain wie beispiel.de. Bitte prüfen Sie die Eingabe.",
			En: "After the @ there must be a valid domain such as example.org. Please check it.",
		}
	}
	addr := local + "@" + domain
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr || len(addr) > 254 {
		return "", badEmail
	}
	return addr, nil
}

// validDomain reports whether d is a dotted host name: at least two labels
// of letters, digits and inner hyphens, and a top-level label that is not
// all digits.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 || len(d) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && !onlyDigitsAnd(tld)
}

// parsePhone reads a German or international phone number and returns it
// as '+' and digits ("+495251881234"). National numbers start with 0 and get
// the German country code; "(0)" after an international prefix is dropped.
func parsePhone(s string) (string, *Problem) {
	intl := strings.HasPrefix(s, "+")
	if intl {
		s = s[1:]
	}
	if intl || strings.HasPrefix(s, "00") {
		s = strings.ReplaceAll(s, "(0)", "")
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case '0' <= c && c <= '9':
			b.WriteRune(c)
		case strings.ContainsRune(" /-().", c):
		default:
			return "", &Problem{
				De: "Eine Telefonnummer besteht aus Ziffern, Leerzeichen und + / - ( ). Bitte geben Sie nur die Nummer an.",
				En: "A phone number consists of digits, spaces and + / - ( ). Please give just the number.",
			}
		}
	}
	d := b.String()
	switch {
	case intl:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		d = "49" + d[1:]
	default:
		return "", &Problem{
			De: "Bitte geben Sie die Nummer mit Vorwahl an, z. B. 05251 881234.",
			En: "Please give the number with its area code, e.g. 05251 881234 or +49 5251 881234.",
		}
	}
	if strings.HasPrefix(d, "0") {
		return "", phoneCheck // no country code starts with 0
	}
	for _, cc := range []string{"49", "43", "41"} {
		// A trunk 0 typed after the country code: "+49 05251 …".
		if strings.HasPrefix(d, cc+"0") {
			d = cc + d[3:]
			if strings.HasPrefix(d, cc+"0") {
				return "", phoneCheck
			}
			break
		}
	}
	if len(d) < 6 {
		return "", &Problem{
			De: "Die Telefonnummer ist zu kurz. Bitte geben Sie sie mit Vorwahl an, z. B. 05251 881234.",
			En: "That phone number is too short. Please give it with its area code, e.g. +49 5251 881234.",
		}
	}
	if len(d) > 15 {
		return "", &Problem{
			De: "Die Telefonnummer ist zu lang (höchstens 15 Ziffern). Bitte prüfen Sie die Eingabe.",
			En: "That phone number is too long (at most 15 digits). Please check it.",
		}
	}
	return "+" + d, nil
}

// phoneCheck is the problem for zeros where no zero can be.
var phoneCheck = &Problem{
	De: "Die Telefonnummer hat zu viele Nullen am Anfang. Bitte prüfen Sie die Eingabe, z. B. +49 5251 881234.",
	En: "The phone number has too many zeros at the start. Please check it, e.g. +49 5251 881234.",
}
