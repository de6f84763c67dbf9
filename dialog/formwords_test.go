package dialog_test

import (
	"testing"
)

// TestFormInArabicDigitsAndOtherWords fills the meter reading form as a
// citizen writing Arabic and other languages would: "١٢٣٫٥" is a decimal,
// "٢٨/١١/٢٠٢٦" a date, "пропустити" skips, "نعم" submits; the summary
// shows the answers as the conversation's language writes them.
func TestFormInArabicDigitsAndOtherWords(t *testing.T) {
	c := meterConvo(t)
	asks(t, c.say("Ich möchte meinen Zählerstand melden"), "customer_number")
	asks(t, c.say("١٢٣٤٥٦٧٨"), "meter_number")
	asks(t, c.say("ZX-2024-1"), "reading")
	r := c.say("١٢٣٫٥٫٦")
	asks(t, r, "reading")
	contains(t, r, "Das habe ich nicht als Zahl erkannt")
	asks(t, c.say("١٢٣٫٥"), "reading_date")
	asks(t, c.say("٢٨/١١/٢٠٢٦"), "name")
	asks(t, c.say("Erika Mustermann"), "email")
	r = c.say("пропустити")
	contains(t, r, "Bitte prüfen Sie Ihre Angaben:", "Kundennummer: 12345678", "Zählerstand: 123,5 m³", "Ablesedatum: 28.11.2026")
	r = c.say("نعم")
	if len(r.Cases) != 1 {
		t.Fatalf("نعم did not submit: %q", text(r))
	}
	if a := r.Cases[0].Answers; a["reading"] != "123.5" || a["reading_date"] != "2026-11-28" || a["customer_number"] != "12345678" {
		t.Errorf("answers = %v", a)
	}
}

// TestFormWordsOfOtherLanguages: no and edit on the summary, and cancel,
// in Turkish, Ukrainian and Russian.
func TestFormWordsOfOtherLanguages(t *testing.T) {
	c := meterConvo(t)
	asks(t, c.say("Ich möchte meinen Zählerstand melden"), "customer_number")
	asks(t, c.say("12345678"), "meter_number")
	asks(t, c.say("ZX-2024-1"), "reading")
	asks(t, c.say("12,5"), "reading_date")
	asks(t, c.say("вчора"), "name")
	asks(t, c.say("Erika Mustermann"), "email")
	r := c.say("atla")
	contains(t, r, "Ablesedatum: 28.11.2026")
	r = c.say("hayır")
	if len(r.Cases) != 0 || c.st.Form == "" {
		t.Fatalf("hayır on the summary: %q, state %+v", text(r), c.st)
	}
	r = c.say("отмена")
	if c.st.Form != "" || len(r.Cases) != 0 {
		t.Fatalf("отмена did not cancel: %q, state %+v", text(r), c.st)
	}
}

// TestAnswerRatedInOtherLanguages: "Hat das geholfen?" takes a yes or no
// of any language ("так", "لا").
func TestAnswerRatedInOtherLanguages(t *testing.T) {
	for in, helpful := range map[string]bool{"так": true, "Evet, teşekkürler": true, "لا": false, "нет": false} {
		c := answersConvo(t)
		contains(t, c.say("Ich habe meinen Personalausweis verloren, was muss ich tun?"), "Hat das geholfen?")
		res := c.say(in)
		if len(res.AnswerRatings) != 1 || res.AnswerRatings[0].Helpful != helpful {
			t.Errorf("%q: ratings %+v", in, res.AnswerRatings)
		}
	}
}
