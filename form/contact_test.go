package form

import "testing"

func TestParseEmail(t *testing.T) {
	runCases(t, Email, []tc{
		{in: "Max.Mustermann@Paderborn.DE", want: "Max.Mustermann@paderborn.de"},
		{in: " a+tag@sub.example.org ", want: "a+tag@sub.example.org"},
		{in: "mailto:info@stadt.de", want: "info@stadt.de"},
		{in: "jörg@müller.de", want: "jörg@müller.de"},
		{in: "max mustermann@web.de", bad: true, want: "Leerzeichen"},
		{in: "Max <max@web.de>", bad: true, want: "Leerzeichen"},
		{in: "<max@web.de>", bad: true},
		{in: "max.web.de", bad: true, want: "@"},
		{in: "@web.de", bad: true, want: "Vor dem @"},
		{in: "max@localhost", bad: true, want: "Domain"},
		{in: "max@web", bad: true, want: "Domain"},
		{in: "max@web..de", bad: true, want: "Domain"},
		{in: "max@-web.de", bad: true, want: "Domain"},
		{in: "max@web.d", bad: true, want: "Domain"},
		{in: "max@1.2.3.4", bad: true, want: "Domain"},
		{in: "max@[1.2.3.4]", bad: true, want: "Domain"},
		{in: "max@@web.de", bad: true},
		{in: "max..x@web.de", bad: true, want: "nicht wie eine E-Mail"},
		{in: `"max"@web.de`, bad: true},
	})
}

func TestParsePhone(t *testing.T) {
	runCases(t, Phone, []tc{
		{in: "+49 5251 881234", want: "+495251881234"},
		{in: "05251 881234", want: "+495251881234"},
		{in: "05251/88-1234", want: "+495251881234"},
		{in: "(05251) 881234", want: "+495251881234"},
		{in: "0049 5251 881234", want: "+495251881234"},
		{in: "+49 (0) 5251 881234", want: "+495251881234"},
		{in: "+49 05251 881234", want: "+495251881234"},
		{in: "0151 12345678", want: "+4915112345678"},
		{in: "+44 20 7946 0958", want: "+442079460958"},
		{in: "+44 (0)20 7946 0958", want: "+442079460958"},
		{in: "+495251881234", want: "+495251881234"},
		{in: "881234", bad: true, want: "Vorwahl"},
		{in: "0521", bad: true, want: "zu kurz"},
		{in: "+49 123", bad: true, want: "zu kurz"},
		{in: "+49 5251 8812345678901", bad: true, want: "zu lang"},
		{in: "+0 5251 881234", bad: true, want: "Nullen"},
		{in: "+49 00 5251 881234", bad: true, want: "Nullen"},
		{in: "05251 88123 4 Durchwahl", bad: true, want: "Ziffern"},
		{in: "5251+881234", bad: true, want: "Ziffern"},
	})
}
