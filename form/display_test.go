package form

import "testing"

func TestDisplay(t *testing.T) {
	for _, c := range []struct{ typ, v, de, en string }{
		{Decimal, "12345.6", "12.345,6", "12,345.6"},
		{Decimal, "-1234567.89", "-1.234.567,89", "-1,234,567.89"},
		{Decimal, "1234.5", "1234,5", "1234.5"},
		{Decimal, "0.5", "0,5", "0.5"},
		{Number, "12345", "12.345", "12,345"},
		{Number, "2026", "2026", "2026"},
		{Number, "x", "x", "x"},
		{Date, "2026-11-28", "28.11.2026", "28 Nov 2026"},
		{Date, "2026-03-05", "05.03.2026", "5 Mar 2026"},
		{Date, "bad", "bad", "bad"},
		{YesNo, "yes", "Ja", "Yes"},
		{YesNo, "no", "Nein", "No"},
		{IBAN, "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00"},
		{Phone, "+495251881234", "+495251881234", "+495251881234"},
		{Choice, "green", "green", "green"},
		{Text, "Hallo", "Hallo", "Hallo"},
		{Plate, "PB-AB 123", "PB-AB 123", "PB-AB 123"},
	} {
		if got := Display(c.typ, c.v, "de"); got != c.de {
			t.Errorf("Display(%s, %q, de) = %q; want %q", c.typ, c.v, got, c.de)
		}
		if got := Display(c.typ, c.v, "en"); got != c.en {
			t.Errorf("Display(%s, %q, en) = %q; want %q", c.typ, c.v, got, c.en)
		}
	}
}

// TestDisplayParses checks that what a citizen is shown reads back as the
// same value in the same language.
func TestDisplayParses(t *testing.T) {
	for _, c := range []struct{ typ, v string }{
		{Decimal, "12345.6"}, {Decimal, "-1234567.89"}, {Decimal, "0.5"},
		{Decimal, "12345"}, {Decimal, "12.345"}, {Decimal, "123.456"}, {Decimal, "1234.567"}, {Decimal, "0.345"},
		{Decimal, "1000"}, {Decimal, "1.000"}, {Decimal, "1234567"},
		{Number, "12345"}, {Number, "-7"}, {Number, "1234567"},
		{Date, "2026-11-28"}, {Date, "2026-03-05"},
		{YesNo, "yes"}, {YesNo, "no"},
		{IBAN, "DE89370400440532013000"},
	} {
		for _, lang := range []string{"de", "en"} {
			shown := Display(c.typ, c.v, lang)
			got, err := Parse(c.typ, shown, Rules{Lang: lang}, now)
			if err != nil || got != c.v {
				t.Errorf("Parse(%s, Display %s %q) = %q, %v; want %q", c.typ, lang, shown, got, err, c.v)
			}
		}
	}
}
