package form

import (
	"net/mail"
	"strings"
	"unicode"
)

// parseEmail does a practical check of a bare address ("name@example.org",
// no display name, no spaces, a dot in the domain) and lower-cases the
// domain; the local part is kept as typed.
func parseEmail(s string) (string, *Problem) {
	if len(s) > len("mailto:") && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return "", problem("form.problem.email.spaces")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", problem("form.problem.email.at")
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if local == "" {
		return "", problem("form.problem.email.name")
	}
	if !validDomain(domain) {
		return "", problem("form.problem.email.domain")
	}
	addr := local + "@" + domain
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr || len(addr) > 254 {
		return "", problem("form.problem.email.unread")
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
			return "", problem("form.problem.phone.chars")
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
		return "", problem("form.problem.phone.area")
	}
	if strings.HasPrefix(d, "0") {
		return "", problem("form.problem.phone.zeros") // no country code starts with 0
	}
	for _, cc := range []string{"49", "43", "41"} {
		// A trunk 0 typed after the country code: "+49 05251 …".
		if strings.HasPrefix(d, cc+"0") {
			d = cc + d[3:]
			if strings.HasPrefix(d, cc+"0") {
				return "", problem("form.problem.phone.zeros")
			}
			break
		}
	}
	if len(d) < 6 {
		return "", problem("form.problem.phone.short")
	}
	if len(d) > 15 {
		return "", problem("form.problem.phone.long")
	}
	return "+" + d, nil
}
