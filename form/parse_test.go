package form

import (
	"errors"
	"strings"
	"testing"
)

func TestParseUnknownAndEmpty(t *testing.T) {
	var p *Problem
	if _, err := Parse("colour", "red", Rules{}, now); !errors.As(err, &p) {
		t.Fatalf("unknown type: err = %v; want *Problem", err)
	}
	for _, typ := range []string{Text, Number, Decimal, Date, Choice, YesNo, Email, Phone, Postcode, IBAN, Plate} {
		_, err := Parse(typ, " \t\n ", Rules{}, now)
		if !errors.As(err, &p) || p.In("de")[:15] != "Bitte geben Sie" {
			t.Errorf("Parse(%s, blank) = %v; want a 'Bitte geben Sie' problem", typ, err)
		}
	}
	if _, err := Parse(Number, strings.Repeat("9", maxAnswer+1), Rules{}, now); !errors.As(err, &p) {
		t.Errorf("very long number: err = %v; want *Problem", err)
	}
	if _, err := Parse(Text, "a\xffb", Rules{}, now); !errors.As(err, &p) {
		t.Errorf("invalid UTF-8: err = %v; want *Problem", err)
	}
}

func TestParseText(t *testing.T) {
	runCases(t, Text, []tc{
		{in: "  Hallo   Welt \n", want: "Hallo Welt"},
		{name: "newlines collapse", in: "Zeile 1\nZeile 2", want: "Zeile 1 Zeile 2"},
		{name: "control", in: "a\x00b", bad: true, want: "Steuerzeichen"},
		{name: "escape", in: "a\x1b[31mb", bad: true, want: "Steuerzeichen"},
		{name: "min runes ok", in: "äöü", r: Rules{MinLen: 3}, want: "äöü"},
		{name: "too short", in: "äö", r: Rules{MinLen: 3}, bad: true, want: "mindestens 3"},
		{name: "max runes ok", in: "äöü", r: Rules{MaxLen: 3}, want: "äöü"},
		{name: "too long", in: "äöüß", r: Rules{MaxLen: 3}, bad: true, want: "höchstens 3"},
		{name: "pattern", in: "AZ-123", r: Rules{Pattern: `[A-Z]{2}-\d+`}, want: "AZ-123"},
		{name: "pattern anchored end", in: "AZ-123x", r: Rules{Pattern: `[A-Z]{2}-\d+`}, bad: true, want: "Form"},
		{name: "pattern anchored start", in: "xAZ-1", r: Rules{Pattern: `[A-Z]{2}-\d+`}, bad: true},
		{name: "pattern alternation anchored", in: "ab", r: Rules{Pattern: `a|b`}, bad: true},
	})
	if _, err := Parse(Text, "x", Rules{Pattern: "("}, now); err == nil {
		t.Error("broken pattern: no error")
	} else if _, ok := err.(*Problem); ok {
		t.Error("broken pattern: got a *Problem; want a plain error")
	}
}

func TestParseNumber(t *testing.T) {
	runCases(t, Number, []tc{
		{in: "42", want: "42"},
		{in: "+42", want: "42"},
		{in: "- 7", want: "-7"},
		{in: "−7", want: "-7"},
		{in: "007", want: "7"},
		{in: "-0", want: "0"},
		{in: "1.234", want: "1234"},
		{in: "1.234.567", want: "1234567"},
		{in: "1 234 567", want: "1234567"},
		{in: "1\u00a0234", want: "1234"},
		{in: "123456789012345678901234567890", want: "123456789012345678901234567890"},
		{in: "1,5", bad: true, want: "ohne Nachkommastellen"},
		{in: "1,234", bad: true, want: "ohne Nachkommastellen"},
		{in: "1.5", bad: true, want: "ganze Zahl"},
		{in: "12.34.567", bad: true, want: "Tausendertrennzeichen"},
		{in: "1.234 567", bad: true, want: "Tausendertrennzeichen"},
		{in: "1234.567", bad: true, want: "Tausendertrennzeichen"},
		{in: "zwölf", bad: true, want: "nicht als Zahl"},
		{in: "12a", bad: true, want: "nicht als Zahl"},
		{in: "-", bad: true},
		{in: "--1", bad: true},
		{name: "min ok", in: "1", r: Rules{Min: f(1)}, want: "1"},
		{name: "below min", in: "0", r: Rules{Min: f(1)}, bad: true, want: "mindestens 1"},
		{name: "max ok", in: "10", r: Rules{Max: f(10)}, want: "10"},
		{name: "above max", in: "11", r: Rules{Max: f(10)}, bad: true, want: "höchstens 10"},
		{name: "above max grouped", in: "20.000", r: Rules{Max: f(12500.5)}, bad: true, want: "höchstens 12.500,5"},
	})
}

func TestParseDecimal(t *testing.T) {
	runCases(t, Decimal, []tc{
		{in: "12.345,6", want: "12345.6"},
		{in: "12345,6", want: "12345.6"},
		{in: "12345.6", want: "12345.6"},
		{in: "12,345.6", want: "12345.6"},
		{in: "1.234.567,89", want: "1234567.89"},
		{in: "1,234,567", want: "1234567"},
		{in: "1.234.567", want: "1234567"},
		{in: "12 345,6", want: "12345.6"},
		{name: "single comma is German decimal", in: "12,345", want: "12.345"},
		{name: "single dot before three digits groups in German", in: "12.345", want: "12345"},
		{name: "single dot before two digits is a decimal point", in: "12.34", want: "12.34"},
		{in: "0,5", want: "0.5"},
		{in: ",5", want: "0.5"},
		{in: "12,50", want: "12.50"},
		{in: "007,5", want: "7.5"},
		{in: "-0,0", want: "0.0"},
		{in: "-3,25", want: "-3.25"},
		{in: "42", want: "42"},
		{in: "12,5 m³", want: "12.5"},
		{in: "12,5m3", want: "12.5"},
		{in: "80 qm", want: "80"},
		{in: "19,99 €", want: "19.99"},
		{in: "19,99€", want: "19.99"},
		{in: "€ 19,99", want: "19.99"},
		{in: "1.234,50 EUR", want: "1234.50"},
		{in: "3.500 kWh", want: "3500"},
		{in: "-12,5 €", want: "-12.5"},
		{in: "12,", bad: true},
		{in: "12.", bad: true},
		{in: "1,2,3.4", bad: true, want: "Tausendertrennzeichen"},
		{in: "1.2,3", bad: true, want: "Tausendertrennzeichen"},
		{in: "1,234.5.6", bad: true},
		{in: "12,3,4", bad: true},
		{in: "1.23.456,7", bad: true},
		{in: "1 2,5", bad: true},
		{in: "1.234 567,5", bad: true},
		{in: "1e5", bad: true, want: "nicht als Zahl"},
		{in: "m³", bad: true, want: "nicht als Zahl"},
		{in: "€", bad: true},
		{in: ",", bad: true},
		{in: "zwölf Euro", bad: true},
		{name: "min ok", in: "0,5", r: Rules{Min: f(0.5)}, want: "0.5"},
		{name: "below min", in: "0,49", r: Rules{Min: f(0.5)}, bad: true, want: "mindestens 0,5"},
		{name: "above max", in: "100,01", r: Rules{Max: f(100)}, bad: true, want: "höchstens 100"},
	})
}

func TestParseYesNo(t *testing.T) {
	var cases []tc
	for _, in := range []string{"ja", "Ja", "JA!", "j", "yes", "Y", "jawohl", "genau", "OK", "okay", "klar", "richtig", "true", "1", "ja, bitte", "Ja gerne."} {
		cases = append(cases, tc{in: in, want: "yes"})
	}
	for _, in := range []string{"nein", "Nein.", "n", "no", "nope", "falsch", "false", "0", "nö", "NÖ", "nein danke"} {
		cases = append(cases, tc{in: in, want: "no"})
	}
	for _, in := range []string{"vielleicht", "ja nein", "nein ja", "jein", "bitte", "2", "ja aber"} {
		cases = append(cases, tc{in: in, bad: true, want: "Ja oder Nein"})
	}
	runCases(t, YesNo, cases)
}

func TestParsePostcode(t *testing.T) {
	runCases(t, Postcode, []tc{
		{in: "33098", want: "33098"},
		{in: " 33 098 ", want: "33098"},
		{in: "D-33098", want: "33098"},
		{in: "01067", want: "01067"},
		{in: "00000", bad: true, want: "00"},
		{in: "00123", bad: true, want: "00"},
		{in: "3309", bad: true, want: "genau 5"},
		{in: "330981", bad: true, want: "genau 5"},
		{in: "33O98", bad: true, want: "genau 5"},
		{in: "３３０９８", bad: true, want: "genau 5"},
	})
}
