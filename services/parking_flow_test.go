package services_test

import (
	"strings"
	"testing"

	"amtsbote/cases"
	"amtsbote/dialog"
	"amtsbote/services/parking"
)

// parkingNew fills in a new permit up to the summary.
func parkingNew(f *flow, street, number, plate string) {
	f.t.Helper()
	f.say("Ich brauche einen Bewohnerparkausweis")
	f.answers("application", "Neuer Ausweis", "name", "Erika Mustermann", "street", street, "house_number", number,
		"main_residence", "ja", "plate", plate, "keeper", "Auf mich", "registration_doc", "file:fahrzeugschein.jpg",
		"duration", "2 Jahre")
}

func TestFlowResidentParkingApprovedWithoutStaff(t *testing.T) {
	f := newFlow(t)
	f.say("Anwohnerparkausweis beantragen")
	f.answers("application", "Neuer Ausweis", "name", "Erika Mustermann", "street", "westernstr.")
	f.refuse("house_number", "zwölf", "erwartete Form")
	f.answers("house_number", "12a", "main_residence", "ja")
	f.refuse("plate", "PBAB 123", "Bindestrich")
	f.answers("plate", "pb-ab 123", "keeper", "Auf mich", "registration_doc", "file:fahrzeugschein.pdf", "duration", "2 Jahre")
	c := f.submit("Straße: Westernstraße", "Kennzeichen: PB-AB 123", "Gebühr: 100,00 €")

	if c.Status != cases.Approved || len(f.esc) != 0 || c.Review != "" {
		t.Fatalf("not approved without staff: %+v, escalations %+v", c, f.esc)
	}
	wantAnswers(t, c, map[string]string{"zone": "A", "valid_from": "2026-11-29", "valid_until": "2028-11-28", "fee": "100.00", "plate": "PB-AB 123"})
	code := c.Answers["verify_code"]
	if len(code) != 10 {
		t.Fatalf("verification code %q", code)
	}
	f.contains("Ihr Bewohnerparkausweis ist genehmigt: Zone A (Innenstadt), Kennzeichen PB-AB 123, gültig vom 29.11.2026 bis 28.11.2028", code)
	if f.st.Cases[0].Status != cases.Approved {
		t.Errorf("state remembers %+v", f.st.Cases)
	}

	// Once committed, the permit is known: /verify finds it by its code,
	// and a second application for the plate goes to staff.
	f.permits.Record(c)
	p, ok := f.permits.ByCode(strings.ToLower(code))
	if !ok || p.Plate != "PB-AB 123" || p.Zone != "A" || p.ValidUntil != "2028-11-28" || !p.ActiveOn("2027-06-01") {
		t.Fatalf("registry: %+v, %v", p, ok)
	}
	parkingNew(f, "Kamp", "3", "PB-AB 123")
	again := f.submit()
	if again.Status != cases.Submitted || !strings.Contains(again.Review, "bereits ein Ausweis gültig") {
		t.Errorf("second permit for the plate: %+v", again)
	}
}

func TestFlowResidentParkingStreetOutsideZonesGoesToStaff(t *testing.T) {
	f := newFlow(t)
	f.say("Ich brauche einen Bewohnerparkausweis")
	f.answers("application", "Neuer Ausweis", "name", "Erika Mustermann", "street", "Musterweg")
	f.contains("Diese Straße finde ich in keiner Bewohnerparkzone")
	f.answers("house_number", "4", "main_residence", "ja", "plate", "PB-CD 45", "keeper", "Auf mich",
		"registration_doc", "file:schein.png", "duration", "1 Jahr")
	c := f.submit("Gebühr: 50,00 €")
	if c.Status != cases.Submitted || len(f.esc) != 1 {
		t.Fatalf("case %+v, escalations %+v", c, f.esc)
	}
	e := f.esc[0]
	if e.Reason != dialog.ReasonReview || e.Department != "strassenverkehrsamt" || e.Case != c.Ref || !strings.Contains(e.Note, "keiner Bewohnerparkzone") {
		t.Errorf("escalation = %+v", e)
	}
	if _, ok := c.Answers["verify_code"]; ok {
		t.Error("a permit was issued")
	}
	f.contains("prüft Ihren Antrag")
	if f.st.WaitingForStaff() {
		t.Error("a review must not silence the bot")
	}
}

func TestFlowResidentParkingActivePlateGoesToStaff(t *testing.T) {
	f := newFlow(t)
	f.permits.Put(parking.Permit{Ref: "AB-2026-000007", Code: "ABCDEFGH23", Plate: "PB-XY 99", Zone: "B",
		ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	parkingNew(f, "Riemekestraße", "10", "PB-XY 99")
	c := f.submit()
	if c.Status != cases.Submitted || len(f.esc) != 1 || !strings.Contains(f.esc[0].Note, "AB-2026-000007") {
		t.Fatalf("case %+v, escalations %+v", c, f.esc)
	}
	// The citizen is not told about the other permit.
	if strings.Contains(f.text(), "AB-2026-000007") {
		t.Errorf("another permit's reference leaked:\n%s", f.text())
	}
}

func TestFlowResidentParkingRenewal(t *testing.T) {
	f := newFlow(t)
	f.permits.Put(parking.Permit{Ref: "AB-2025-000123", Code: "QWERTZ2345", Holder: "Erika Mustermann", Plate: "PB-AB 123",
		Zone: "B", ZoneName: "Riemeke", Street: "Riemekestraße", HouseNumber: "10", ValidFrom: "2026-01-01", ValidUntil: "2026-12-31"})
	f.say("Mein Parkausweis läuft ab, ich möchte ihn verlängern")
	f.answer("application", "Verlängerung")
	f.refuse("permit_ref", "AB-2025-999999", "keinen Bewohnerparkausweis")
	f.answer("permit_ref", "ab-2025-000123")
	f.contains("Ich habe Ihren Ausweis gefunden (Zone B, PB-AB 123)")
	// Street, number and plate come from the permit.
	f.answers("name", "Erika Mustermann", "main_residence", "ja", "keeper", "Auf mich", "duration", "1 Jahr")
	c := f.submit("Straße: Riemekestraße", "Kennzeichen: PB-AB 123")
	if c.Status != cases.Approved {
		t.Fatalf("renewal not approved: %+v (%s)", c, c.Review)
	}
	wantAnswers(t, c, map[string]string{"permit_ref": "AB-2025-000123", "zone": "B", "valid_from": "2027-01-01", "valid_until": "2027-12-31"})
}

func TestFlowResidentParkingEnglish(t *testing.T) {
	f := newFlow(t)
	f.say("I need a resident parking permit")
	f.answers("application", "New permit", "name", "John Smith", "street", "Kamp", "house_number", "7",
		"main_residence", "yes", "plate", "PB-JS 7", "keeper", "To me", "registration_doc", "file:reg.pdf", "duration", "1 year")
	f.say("submit")
	if len(f.cases) != 1 || f.cases[0].Status != cases.Approved {
		t.Fatalf("cases = %+v", f.cases)
	}
	f.contains("Your resident parking permit is approved: zone A", "Your access code: ")
}
