package form

import (
	"strings"
	"unicode"
)

// plateExample ends most plate problems.
const plateExample = "z. B. PB-AB 123"

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
			return "", plateProblem("Ein Kennzeichen besteht nur aus Buchstaben und Ziffern, ",
				"A licence plate has only letters and digits, ")
		case len(runs) > 0 && !sep && runs[len(runs)-1].letters == letter:
			runs[len(runs)-1].text = append(runs[len(runs)-1].text, c)
		default:
			runs = append(runs, plateRun{letter, []rune{c}})
		}
		sep = false
	}
	if len(runs) == 2 && runs[0].letters && !runs[1].letters {
		// "PBAB 123": PB-AB or PBA-B? Or "PB 123" with the letters missing.
		return "", plateProblem("Bitte schreiben Sie das Kennzeichen vollständig, mit Bindestrich zwischen Ortskürzel und Buchstaben, ",
			"Please write the whole plate with a hyphen between the district code and the letters, ")
	}
	if len(runs) < 3 || len(runs) > 4 || !runs[0].letters || !runs[1].letters || runs[2].letters ||
		len(runs) == 4 && !runs[3].letters {
		return "", plateProblem("Das habe ich nicht als Kennzeichen erkannt. Bitte schreiben Sie es so: Ortskürzel, Buchstaben, Zahl, ",
			"I could not read that as a licence plate. Please write district code, letters and number, ")
	}
	district, letters, digits := runs[0].text, runs[1].text, runs[2].text
	suffix := ""
	if len(runs) == 4 {
		suffix = string(runs[3].text)
		if suffix != "E" && suffix != "H" {
			return "", plateProblem("Nach der Zahl ist nur E (Elektro) oder H (Oldtimer) erlaubt, ",
				"After the number only E (electric) or H (historic) may follow, ")
		}
	}
	switch {
	case len(district) > 3:
		return "", plateProblem("Das Ortskürzel hat höchstens 3 Buchstaben, ",
			"The district code has at most 3 letters, ")
	case len(letters) > 2 || strings.ContainsAny(string(letters), "ÄÖÜ"):
		return "", plateProblem("Nach dem Ortskürzel folgen 1 oder 2 Buchstaben (ohne Umlaute), ",
			"The district code is followed by 1 or 2 letters (no umlauts), ")
	case len(digits) > 4:
		return "", plateProblem("Die Zahl auf dem Kennzeichen hat höchstens 4 Ziffern, ",
			"The number on a licence plate has at most 4 digits, ")
	case digits[0] == '0':
		return "", plateProblem("Die Zahl auf dem Kennzeichen beginnt nicht mit 0, ",
			"The number on a licence plate does not start with 0, ")
	case len(district)+len(letters)+len(digits)+len(suffix) > 8:
		return "", plateProblem("Ein Kennzeichen hat höchstens 8 Buchstaben und Ziffern, ",
			"A licence plate has at most 8 letters and digits, ")
	}
	return string(district) + "-" + string(letters) + " " + string(digits) + suffix, nil
}

// plateProblem ends the German and English reasons with the example.
func plateProblem(de, en string) *Problem {
	return &Problem{De: de + plateExample + ".", En: en + "e.g. PB-AB 123."}
}
