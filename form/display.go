package form

// Display formats a canonical value of type typ for a citizen in lang ("de"
// or "en"; anything else means German). Numbers get the separators of the
// language, dates read "28.11.2026" or "28 Nov 2026", yes/no become Ja/Nein
// or Yes/No and IBANs come in groups of four. Other types, and values that
// are not canonical, are returned as they are; a choice stays its value
// (the engine maps values to labels).
func Display(typ, value, lang string) string {
	switch typ {
	case Number, Decimal:
		return displayDecimal(value, lang)
	case Date:
		return displayDate(value, lang)
	case YesNo:
		switch {
		case value == "yes" && lang == "en":
			return "Yes"
		case value == "yes":
			return "Ja"
		case value == "no" && lang == "en":
			return "No"
		case value == "no":
			return "Nein"
		}
	case IBAN:
		return groupsOf4(value)
	}
	return value
}
