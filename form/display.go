package form

import (
	"strings"
	"time"

	"amtsbote/text"
)

// Display formats a canonical value of type typ for a citizen in lang, a
// tag of package text (anything else means German). Numbers get the
// separators of the language (Arabic: Arabic-Indic digits, ٫ and ٬), dates
// read "28.11.2026", "28 Nov 2026" or "٢٨/١١/٢٠٢٦", IBANs come in groups
// of four. Yes and no become Ja/Nein in German and Yes/No in any other
// language: Parser.Display has every language's words. Other types, and
// values that are not canonical, are returned as they are; a choice stays
// its value (the engine maps values to labels).
func Display(typ, value, lang string) string {
	switch typ {
	case Number, Decimal:
		return displayDecimal(value, lang)
	case Date:
		return displayDate(value, lang)
	case YesNo:
		l := langOf(lang)
		german := l == text.De || l == text.DeLS
		switch {
		case value == "yes" && german:
			return "Ja"
		case value == "yes":
			return "Yes"
		case value == "no" && german:
			return "Nein"
		case value == "no":
			return "No"
		}
	case IBAN:
		return groupsOf4(value)
	}
	return value
}

// displayDecimal formats a canonical number with the separators of lang:
// "12.345,6" (German, Turkish), "12,345.6" (English), "12 345,6" with a
// no-break space (Ukrainian, Russian), "١٢٬٣٤٥٫٦" (Arabic). Integer parts
// of up to four digits are not grouped (DIN 5008), so years and house
// numbers read naturally.
func displayDecimal(v, lang string) string {
	return formatNumber(v, lang, 4)
}

// formatNumber formats a canonical number in lang, grouping integer parts
// longer than groupAbove digits (-1: never).
func formatNumber(v, lang string, groupAbove int) string {
	sign, body := "", v
	if strings.HasPrefix(body, "-") {
		sign, body = "-", body[1:]
	}
	intPart, frac, hasFrac := strings.Cut(body, ".")
	if intPart == "" || !onlyDigitsAnd(intPart) || !onlyDigitsAnd(frac) || (hasFrac && frac == "") {
		return v
	}
	l := langOf(lang)
	grp, dec := ".", ","
	switch l {
	case text.En:
		grp, dec = ",", "."
	case text.Uk, text.Ru:
		grp = "\u00a0"
	case text.Ar:
		grp, dec = string(arabicGroup), string(arabicDecimal)
	}
	if groupAbove >= 0 && len(intPart) > groupAbove {
		var b strings.Builder
		for i := range len(intPart) {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteString(grp)
			}
			b.WriteByte(intPart[i])
		}
		intPart = b.String()
	}
	out := sign + intPart
	if hasFrac {
		out += dec + frac
	}
	if l == text.Ar {
		out = arabicDigits(out)
	}
	return out
}

// arabicDigits writes the ASCII digits of s as Arabic-Indic digits.
func arabicDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + r - '0'
		}
		return r
	}, s)
}

// displayDate formats a canonical date: "28 Nov 2026" (English),
// "٢٨/١١/٢٠٢٦" (Arabic), "28.11.2026" (every other language).
func displayDate(v, lang string) string {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return v
	}
	switch langOf(lang) {
	case text.En:
		return t.Format("2 Jan 2006")
	case text.Ar:
		return arabicDigits(t.Format("02/01/2006"))
	}
	return t.Format("02.01.2006")
}

// shownArg is a placeholder value shown as Display shows it.
func shownArg(typ, v string) arg {
	return func(l text.Lang, _ *text.Catalog) string { return Display(typ, v, string(l)) }
}

// plainArg is a canonical number shown with the language's decimal
// separator and no grouping: an example of how to write a number.
func plainArg(v string) arg {
	return func(l text.Lang, _ *text.Catalog) string { return formatNumber(v, string(l), -1) }
}

// groupedArg is a canonical number shown grouped in thousands.
func groupedArg(v string) arg {
	return func(l text.Lang, _ *text.Catalog) string { return formatNumber(v, string(l), 0) }
}

// textArg is a text of the catalog.
func textArg(key string) arg {
	return func(l text.Lang, c *text.Catalog) string { return c.Text(l, key) }
}
