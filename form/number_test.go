package form

import "testing"

// langCases runs cases for typ with Rules.Lang set to lang.
func langCases(t *testing.T, typ, lang string, cases []tc) {
	t.Helper()
	for i := range cases {
		cases[i].r.Lang = lang
		if cases[i].name == "" {
			cases[i].name = lang + " " + cases[i].in
		}
	}
	runCases(t, typ, cases)
}

// TestDecimalByLanguage reads the same answers as a German and an English
// reader would.
func TestDecimalByLanguage(t *testing.T) {
	for _, c := range []struct{ in, de, en string }{
		// A lone separator that could group: the language decides.
		{"12.345", "12345", "12.345"},
		{"12,345", "12.345", "12345"},
		{"1.000", "1000", "1.000"},
		{"1,000", "1.000", "1000"},
		{"999.999", "999999", "999.999"},
		{"-12.345", "-12345", "-12.345"},
		{"12.345 m³", "12345", "12.345"},
		{"€ 1,250", "1.250", "1250"},
		// Several of one separator can only group.
		{"1.234.567", "1234567", "1234567"},
		{"1,234,567", "1234567", "1234567"},
		// Both separators: the last one is the decimal separator.
		{"1.234,5", "1234.5", "1234.5"},
		{"1,234.5", "1234.5", "1234.5"},
		{"12.345,678", "12345.678", "12345.678"},
		// A lone separator that cannot group is a decimal separator.
		{"12.5", "12.5", "12.5"},
		{"12.50", "12.50", "12.50"},
		{"12,5", "12.5", "12.5"},
		{"0.345", "0.345", "0.345"},
		{"0,345", "0.345", "0.345"},
		{"012.345", "12.345", "12.345"},
		{".345", "0.345", "0.345"},
		{"1234.567", "1234.567", "1234.567"},
		{"1234,567", "1234.567", "1234.567"},
		{"3.14159", "3.14159", "3.14159"},
		{"12 345.678", "12345.678", "12345.678"},
		{"12 345,678", "12345.678", "12345.678"},
	} {
		langCases(t, Decimal, "de", []tc{{in: c.in, want: c.de}})
		langCases(t, Decimal, "en", []tc{{in: c.in, want: c.en}})
	}
}

// TestDecimalAmbiguousBounds checks that the field's bounds decide between
// the two readings of "12.345" when they admit exactly one.
func TestDecimalAmbiguousBounds(t *testing.T) {
	meter := Rules{Min: f(0), Max: f(9999999)}
	percent := Rules{Min: f(0), Max: f(100)}
	large := Rules{Min: f(1000)}
	langCases(t, Decimal, "de", []tc{
		{name: "both fit: German reading", in: "12.345", r: meter, want: "12345"},
		{name: "both fit: comma decimal", in: "12,345", r: meter, want: "12.345"},
		{name: "only decimal fits", in: "12.345", r: percent, want: "12.345"},
		{name: "only thousands fit", in: "1,500", r: large, want: "1500"},
		{name: "neither fits: German reading's problem", in: "12.345", r: Rules{Max: f(10)}, bad: true, want: "höchstens 10"},
		{name: "neither fits below", in: "12.345", r: Rules{Min: f(20000)}, bad: true, want: "mindestens 20.000"},
		{name: "unambiguous stays out of bounds", in: "1.234.567", r: percent, bad: true, want: "höchstens 100"},
		{name: "negative", in: "-1.500", r: Rules{Min: f(-2), Max: f(0)}, want: "-1.500"},
	})
	langCases(t, Decimal, "en", []tc{
		{name: "both fit: English reading", in: "12,345", r: meter, want: "12345"},
		{name: "both fit: point decimal", in: "12.345", r: meter, want: "12.345"},
		{name: "only decimal fits", in: "12,345", r: percent, want: "12.345"},
		{name: "only thousands fit", in: "1.500", r: large, want: "1500"},
		{name: "neither fits: English reading's problem", in: "12,345", r: Rules{Max: f(10)}, bad: true, want: "höchstens 10"},
	})
}

// TestNumberByLanguage checks whole numbers: the language's decimal
// separator alone is refused, since nothing tells a typed decimal from
// thousands written the other way.
func TestNumberByLanguage(t *testing.T) {
	langCases(t, Number, "de", []tc{
		{in: "12.345", want: "12345"},
		{in: "1,234,567", want: "1234567"},
		{in: "12,345", bad: true, want: "ohne Nachkommastellen"},
		{in: "1.234,5", bad: true, want: "ohne Nachkommastellen"},
		{in: "1,234.5", bad: true, want: "ohne Nachkommastellen"},
		{in: "1,234,567.5", bad: true, want: "ohne Nachkommastellen"},
		{in: "1.5", bad: true, want: "ganze Zahl"},
		{in: "12,34,567", bad: true, want: "Tausendertrennzeichen"},
	})
	langCases(t, Number, "en", []tc{
		{in: "12,345", want: "12345"},
		{in: "1,234,567", want: "1234567"},
		{in: "1.234.567", want: "1234567"},
		{in: "1 234", want: "1234"},
		{in: "-12,345", want: "-12345"},
		{in: "12.345", bad: true, want: "Nachkommastellen"},
		{in: "1.5", bad: true, want: "Nachkommastellen"},
		{in: "1,234.5", bad: true, want: "Nachkommastellen"},
		{in: "1,5", bad: true, want: "ganze Zahl"},
		{in: "1234,567", bad: true, want: "Tausendertrennzeichen"},
		{in: "1,234 567", bad: true, want: "Tausendertrennzeichen"},
		{in: "1.23.456", bad: true, want: "Tausendertrennzeichen"},
		{name: "en above max grouped", in: "20,000", r: Rules{Max: f(12500.5)}, bad: true, want: "höchstens 12.500,5"},
	})
	p := notWhole()
	p.texts = testParser.texts
	if p.In("en") != "Please enter a whole number without a decimal part, e.g. 12. For thousands, write 1,234,567 or 1234567." {
		t.Errorf("English problem = %q", p.In("en"))
	}
}
