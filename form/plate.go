package form

import (
	"strings"
	"unicode"
)

// plateRun is a run of letters or of digits in a typed plate.
type plateRun struct {
	letters bool
	text    []rune
}

// parsePlate reads a German licence plate: district (1–3 letters, ÄÖÜ
// allowed), 1–2 letters, 1–4 digits and an optional E (electric) or H
// (historic), at most 8 letters and digits in all. District and letters must
// be separated by '-' or a space, because "PBAB 123" could be PB-AB or
// PBA-B; the other separators may be left out. Canonical: "PB-AB 123E".
func parsePlate(s string) (string, *Problem) {
	var runs []plateRun
	sep := true
	for _, c := range strings.ToUpper(s) {
		letter := 'A' <= c && c <= 'Z' || c == 'Ä' || c == 'Ö' || c == 'Ü'
		switch {
		case c == '-' || c == '–' || unicode.IsSpace(c):
			sep = true
			continue
		case !letter && (c < '0' || c > '9'):
			return "", problem("form.problem.plate.chars")
		case len(runs) > 0 && !sep && runs[len(runs)-1].letters == letter:
			runs[len(runs)-1].text = append(runs[len(runs)-1].text, c)
		default:
			runs = append(runs, plateRun{letter, []rune{c}})
		}
		sep = false
	}
	if len(runs) == 2 && runs[0].letters && !runs[1].letters {
		// "PBAB 123": PB-AB or PBA-B? Or "PB 123" with the letters missing.
		return "", problem("form.problem.plate.hyphen")
	}
	if len(runs) < 3 || len(runs) > 4 || !runs[0].letters || !runs[1].letters || runs[2].letters ||
		len(runs) == 4 && !runs[3].letters {
		return "", problem("form.problem.plate.unread")
	}
	district, letters, digits := runs[0].text, runs[1].text, runs[2].text
	suffix := ""
	if len(runs) == 4 {
		suffix = string(runs[3].text)
		if suffix != "E" && suffix != "H" {
			return "", problem("form.problem.plate.suffix")
		}
	}
	switch {
	case len(district) > 3:
		return "", problem("form.problem.plate.area")
	case len(letters) > 2 || strings.ContainsAny(string(letters), "ÄÖÜ"):
		return "", problem("form.problem.plate.letters")
	case len(digits) > 4:
		return "", problem("form.problem.plate.digits")
	case digits[0] == '0':
		return "", problem("form.problem.plate.zero")
	case len(district)+len(letters)+len(digits)+len(suffix) > 8:
		return "", problem("form.problem.plate.long")
	}
	return string(district) + "-" + string(letters) + " " + string(digits) + suffix, nil
}
