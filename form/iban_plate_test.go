package form

import "testing"

func TestParseIBAN(t *testing.T) {
	runCases(t, IBAN, []tc{
		{in: "DE89 3704 0044 0532 0130 00", want: "DE89370400440532013000"},
		{in: "de89370400440532013000", want: "DE89370400440532013000"},
		{in: "IBAN: DE89 3704 0044 0532 0130 00", want: "DE89370400440532013000"},
		{in: "AT61 1904 3002 3457 3201", want: "AT611904300234573201"},
		{in: "CH93 0076 2011 6238 5295 7", want: "CH9300762011623852957"},
		{in: "NL91 ABNA 0417 1643 00", want: "NL91ABNA0417164300"},
		{in: "GB29 NWBK 6016 1331 9268 19", want: "GB29NWBK60161331926819"},
		{name: "one digit changed", in: "DE89 3704 0044 0532 0130 01", bad: true, want: "Die Prüfziffer der IBAN stimmt nicht"},
		{name: "digits swapped", in: "DE89 3704 0044 0523 0130 00", bad: true, want: "Prüfziffer"},
		{name: "DE too short", in: "DE89 3704 0044 0532 0130 0", bad: true, want: "mit DE beginnt, hat 22 Zeichen, Ihre Eingabe hat 21"},
		{name: "AT too long", in: "AT61 1904 3002 3457 3201 1", bad: true, want: "mit AT beginnt, hat 20"},
		{name: "other too short", in: "XX12 3456 7890", bad: true, want: "15 bis 34"},
		{in: "DE89-3704-0044-0532-0130-00", bad: true, want: "Buchstaben und Ziffern"},
		{in: "3704 0044 0532 0130 00", bad: true, want: "Länderkürzel"},
		{in: "DE8A 3704 0044 0532 0130 00", bad: true, want: "Länderkürzel"},
		{in: "DE89 3704 0044 0532 0130 0X", bad: true, want: "nur Ziffern"},
		{name: "check digits 99", in: "DE99 3704 0044 0532 0130 00", bad: true, want: "Prüfziffer"},
	})
}

func TestParsePlate(t *testing.T) {
	runCases(t, Plate, []tc{
		{in: "PB-AB 123", want: "PB-AB 123"},
		{in: "PB AB 123", want: "PB-AB 123"},
		{in: "pb-ab-123", want: "PB-AB 123"},
		{in: "PB-AB123", want: "PB-AB 123"},
		{in: " pb  ab   123 ", want: "PB-AB 123"},
		{in: "M-A 1", want: "M-A 1"},
		{in: "HSK-XY 999", want: "HSK-XY 999"},
		{in: "HSK-X 9999", want: "HSK-X 9999"},
		{in: "PB-AB 123E", want: "PB-AB 123E"},
		{in: "PB-AB 123 e", want: "PB-AB 123E"},
		{in: "PB-A 12H", want: "PB-A 12H"},
		{in: "LÖ-AB 12", want: "LÖ-AB 12"},
		{in: "lö ab 12", want: "LÖ-AB 12"},
		{in: "PB–AB 123", want: "PB-AB 123"},
		{name: "no separators", in: "PBAB123", bad: true, want: "Bindestrich"},
		{name: "district and letters glued", in: "PBAB 123", bad: true, want: "Bindestrich"},
		{in: "PBXY-AB 1", bad: true, want: "höchstens 3 Buchstaben"},
		{in: "PB-ABC 1", bad: true, want: "1 oder 2 Buchstaben"},
		{in: "PB-ÄB 1", bad: true, want: "ohne Umlaute"},
		{in: "PB-AB 12345", bad: true, want: "höchstens 4 Ziffern"},
		{in: "PB-AB 0123", bad: true, want: "nicht mit 0"},
		{in: "HSK-XY 1234E", bad: true, want: "höchstens 8"},
		{in: "HSK-XY 1234", bad: true, want: "höchstens 8"},
		{in: "PB-AB 123X", bad: true, want: "E (Elektro) oder H"},
		{in: "PB-AB 123 EH", bad: true, want: "E (Elektro) oder H"},
		{in: "PB-AB", bad: true, want: "nicht als Kennzeichen"},
		{in: "PB-A-B 1", bad: true, want: "nicht als Kennzeichen"},
		{in: "123", bad: true, want: "nicht als Kennzeichen"},
		{in: "PB-AB 12 3", bad: true, want: "nicht als Kennzeichen"},
		{in: "PB.AB.123", bad: true, want: "nur aus Buchstaben"},
		{in: "PB-ßB 1", bad: true, want: "nur aus Buchstaben"},
	})
}
