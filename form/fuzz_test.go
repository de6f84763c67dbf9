package form

import (
	"errors"
	"regexp"
	"testing"
	"time"

	"amtsbote/text"
)

// fuzzRules are the rules each type is fuzzed with.
var fuzzRules = map[string]Rules{
	Text:     {MaxLen: 40, Pattern: `[\pL\d ,.-]*`},
	Number:   {Min: f(-1e6), Max: f(1e9)},
	Decimal:  {Min: f(-0.5)},
	Date:     {NotFuture: true, MaxAgeDays: 36500, Location: berlin},
	Choice:   {Choices: []ChoiceRule{{Value: "bus", Labels: []string{"Bus", "Omnibus"}}, {Value: "bahn", Labels: []string{"Bahn", "Zug", "train"}}, {Value: "rad", Labels: []string{"Fahrrad", "bike"}}}},
	YesNo:    {},
	Email:    {},
	Phone:    {},
	Postcode: {},
	IBAN:     {},
	Plate:    {},
	File:     {},
}

// FuzzParse feeds arbitrary answers to Parse for every type, in every
// language. It checks that Parse never panics, that every error is a
// *Problem with both texts, and that parsing a canonical value gives it back
// unchanged. That holds for every type: choice only because the value is
// matched before option numbers, date only because now is fixed, and file
// never succeeds. A canonical number is written the English way ('.' before
// the fraction, no grouping), so a decimal is read back under English
// rules; in German "12.345" groups thousands. Numbers must also read back
// from how Display shows them in the conversation's language.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", " ", "Hallo  Welt", "a\x00b", "42", "1.234", "-0", "12.345,6", "12,345.6", "0,5", "19,99 €", "1e5",
		"12.345", "12,345", "-1.500", "0.345", "012,345", "1.234.567", "1,234,567", "12.5", "1234.567",
		"28.11.2026", "28.11.", "heute", "31.02.2026", "2026-11-28", "12.04.58", "28 Nov 2026",
		"2", "Omnibus", "zug", "fahr", "ja", "nein danke", "Max@Web.DE", "a@b", "+49 (0) 5251 881234", "05251/881234",
		"0049 5251 881234", "33098", "D-33098", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 01",
		"PB-AB 123", "pb ab 123e", "PBAB123", "LÖ-AB 12", "\xff", "İ", "ß", "ǅ",
		"١٢٣٫٥", "١٢٬٣٤٥٫٦", "۱۲۳۴", "٢٨/١١/٢٠٢٦", "5 березня 2026 р.", "5 Mart 2026", "5 مارس 2026", "сегодня", "так", "evet", "نعم",
		"12\u00a0345,6", "04/03/2026",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for typ, r := range fuzzRules {
			for _, l := range text.All() {
				lang := string(l)
				r.Lang = lang
				v, err := Parse(typ, in, r, now)
				if err != nil {
					var p *Problem
					if !errors.As(err, &p) || p.In("de") == "" || p.In("en") == "" {
						t.Fatalf("Parse(%s, %q, %s) error %#v is not a full *Problem", typ, in, lang, err)
					}
					continue
				}
				canon := r
				if typ == Decimal {
					canon.Lang = "en"
				}
				if again, err := Parse(typ, v, canon, now); err != nil || again != v {
					t.Fatalf("Parse(%s, %q, %s) = %q, but Parse(%s, %q, %s) = %q, %v", typ, in, lang, v, typ, v, canon.Lang, again, err)
				}
				shown := Display(typ, v, lang)
				if typ == Number || typ == Decimal {
					if again, err := Parse(typ, shown, r, now); err != nil || again != v {
						t.Fatalf("Parse(%s, %q, %s) = %q shown as %q, but that reads %q, %v", typ, in, lang, v, shown, again, err)
					}
				}
			}
		}
	})
}

// isoDate is the canonical date form.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// FuzzDate feeds arbitrary answers and times to the date parser. A date it
// accepts must be canonical, a real date, within the rules, and read back
// the same from its canonical form and from both displays.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"28.11.2026", "1.2.26", "29.02.2028", "31.02.2026", "28.11.", "übermorgen", "gestern", "2026-11-28", "03/04/2026", "28. Nov. 2026", "1 mär", "99.99.99", "28.11.2026."} {
		f.Add(s, int64(0))
		f.Add(s, int64(13*3600+30*60))
	}
	f.Fuzz(func(t *testing.T, in string, offset int64) {
		at := now.Add(time.Duration(offset%(400*24*3600)) * time.Second)
		for _, r := range []Rules{{Location: berlin}, {NotFuture: true, MaxAgeDays: 30}, {NotPast: true, Location: berlin}} {
			v, err := Parse(Date, in, r, at)
			if err != nil {
				if _, ok := err.(*Problem); !ok {
					t.Fatalf("Parse(date, %q): %#v is not a *Problem", in, err)
				}
				continue
			}
			d, perr := time.Parse("2006-01-02", v)
			if !isoDate.MatchString(v) || perr != nil {
				t.Fatalf("Parse(date, %q) = %q: not a canonical date", in, v)
			}
			loc := r.Location
			if loc == nil {
				loc = time.UTC
			}
			today := at.In(loc).Format("2006-01-02")
			if r.NotFuture && v > today || r.NotPast && v < today {
				t.Fatalf("Parse(date, %q) = %q breaks %+v on %s", in, v, r, today)
			}
			if r.MaxAgeDays > 0 && v < at.In(loc).AddDate(0, 0, -r.MaxAgeDays).Format("2006-01-02") {
				t.Fatalf("Parse(date, %q) = %q is older than %d days", in, v, r.MaxAgeDays)
			}
			for _, shown := range []string{v, Display(Date, v, "de"), Display(Date, v, "en")} {
				if again, err := Parse(Date, shown, r, at); err != nil || again != v {
					t.Fatalf("Parse(date, %q) = %q, but Parse(date, %q) = %q, %v (%v)", in, v, shown, again, err, d)
				}
			}
		}
	})
}
