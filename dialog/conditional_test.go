package dialog_test

import (
	"maps"
	"slices"
	"testing"

	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

func TestConditionalFieldsAndCorrections(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	r := c.say("Ich brauche einen Bewohnerparkausweis")
	o := asks(t, r, "vehicle")
	if o.Field.Type != "choice" || !slices.Equal(values(t, r), []string{"own", "company"}) || o.Options[1].Label != "Meinem Arbeitgeber" {
		t.Fatalf("choice question = %+v", o)
	}

	// The employer's letter is asked only for a company car.
	asks(t, c.pick("company"), "employer_letter")
	r = c.step(channels.Inbound{Text: "hier", Attachments: nil})
	asks(t, r, "employer_letter")
	contains(t, r, "Datei")
	bad := channels.Attachment{Name: "brief.png", MediaType: "image/png", Data: []byte("png")}
	r = c.step(channels.Inbound{Attachments: []channels.Attachment{bad}})
	asks(t, r, "employer_letter")
	pdf := channels.Attachment{Name: "brief.pdf", MediaType: "application/pdf", Data: []byte("%PDF-1.7 test")}
	asks(t, c.step(channels.Inbound{Attachments: []channels.Attachment{pdf}}), "plate")
	if got := c.st.Answers["employer_letter"]; got != "brief.pdf (application/pdf, 13 B)" {
		t.Errorf("file answer = %q", got)
	}
	o = asks(t, c.say("pb-ab 123"), "garage")
	if !slices.Equal(values(t, Result{Replies: []channels.Outbound{o}}), []string{"yes", "no"}) {
		t.Errorf("yes/no options = %+v", o.Options)
	}
	r = c.pick("no")
	contains(t, r, "Fahrzeug: Meinem Arbeitgeber", "Bescheinigung: brief.pdf", "Kennzeichen: PB-AB 123", "Garage: Nein")

	// Switching to one's own car drops the letter.
	asks(t, c.pick("edit:vehicle"), "vehicle")
	r = c.say("mir selbst")
	contains(t, r, "Fahrzeug: Mir selbst")
	if _, ok := c.st.Answers["employer_letter"]; ok || hasValue(t, r, "edit:employer_letter") {
		t.Errorf("letter kept after the condition failed: %v", c.st.Answers)
	}
	// Switching back asks for it again before the summary.
	c.pick("edit:vehicle")
	asks(t, c.pick("company"), "employer_letter")
	r = c.step(channels.Inbound{Attachments: []channels.Attachment{pdf}})
	contains(t, r, "Bitte prüfen Sie Ihre Angaben:")
	r = c.pick("submit")
	want := map[string]string{"vehicle": "company", "employer_letter": "brief.pdf (application/pdf, 13 B)", "plate": "PB-AB 123", "garage": "no"}
	if len(r.Cases) != 1 || !maps.Equal(r.Cases[0].Answers, want) {
		t.Errorf("cases = %+v", r.Cases)
	}
	contains(t, r, "Vielen Dank! Ihr Antrag ist eingegangen. Ihre Referenznummer: AB-2026-000001")
}

func TestBackSkipsFieldsThatDoNotApply(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.say("Parkausweis")
	c.pick("own")
	asks(t, c.say("zurück"), "vehicle")
	c.pick("own")
	c.say("PB-AB 123")
	asks(t, c.say("zurück"), "plate")
	asks(t, c.say("zurück"), "vehicle")
}
