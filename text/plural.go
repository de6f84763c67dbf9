package text

import (
	"golang.org/x/text/feature/plural"
)

// forms lists a language's CLDR cardinal plural categories in the order of
// its PO file's msgstr[0], msgstr[1], … (the order of the usual gettext
// Plural-Forms expression for that language).
func forms(l Lang) []plural.Form {
	switch l {
	case Uk, Ru:
		return []plural.Form{plural.One, plural.Few, plural.Many}
	case Ar:
		return []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other}
	}
	return []plural.Form{plural.One, plural.Other}
}

// pluralForms is the gettext header value matching forms(l), so that
// Poedit, Weblate and msgfmt offer the translator the same slots.
func pluralForms(l Lang) string {
	switch l {
	case Uk, Ru:
		return "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
	case Ar:
		return "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
	case Tr:
		return "nplurals=2; plural=(n != 1);"
	}
	return "nplurals=2; plural=(n != 1);"
}

// formIndex is the msgstr index for the count n in language l, by CLDR.
func formIndex(l Lang, n int) int {
	abs := n
	if abs < 0 {
		abs = -abs
	}
	f := plural.Cardinal.MatchPlural(l.Tag(), abs, 0, 0, 0, 0)
	fs := forms(l)
	for i, x := range fs {
		if x == f {
			return i
		}
	}
	return len(fs) - 1 // Other, or Many where a language's list ends there
}
