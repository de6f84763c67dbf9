package services_test

import (
	"testing"

	"amtsbote/services/business"
)

func TestFlowBusinessRegistrationGbR(t *testing.T) {
	f := newFlow(t)
	f.say("Wir gründen eine GbR und müssen das Gewerbe anmelden")
	f.answers("holder_type", "Eine Personengesellschaft (GbR, OHG, KG)", "legal_form", "GbR",
		"company_name", "Müller & Schmidt Radwerk GbR", "register_entry", "überspringen")
	f.refuse("partners", "Anna Müller, 03.04.1985", "mindestens zwei")
	f.answers("partners", "Anna Müller, 03.04.1985; Ben Schmidt, 12.12.1990", "managing_count", "2",
		"last_name", "Müller", "first_names", "Anna", "sex", "weiblich", "birth_date", "03.04.1985",
		"birth_place", "Paderborn", "nationality", "deutsch", "home_address", "Kamp 12, 33098 Paderborn",
		"phone", "05251 123456", "email", "anna@example.de", "business_name", "Radwerk",
		"site_address", "Westernstraße 5, 33098 Paderborn", "establishment", "Hauptniederlassung")
	f.refuse("activity", "Handel mit Waren aller Art", "Waren aller Art")
	f.answers("activity", "Einzelhandel mit Fahrrädern und Fahrradzubehör, Reparatur von Fahrrädern",
		"business_type", "Handel", "sideline", "nein", "start_date", "01.12.2026", "employees_full", "0",
		"employees_part", "1", "reason", "Neugründung", "permit_needed", "nein")
	c := f.submit("Gebühr: 30,00 €", "Gesellschafter: Anna Müller, 03.04.1985; Ben Schmidt, 12.12.1990")
	wantAnswers(t, c, map[string]string{"holder_type": "partnership", "legal_form": "gbr", "nationality": "deutsch", "fee": "30.00"})
	if c.Department != "gewerbeamt" || f.st.Language() != "de" {
		t.Errorf("department %q, language %q", c.Department, f.st.Language())
	}

	d, _ := f.cat.Service(c.Service)
	r, err := business.RecordOf(c, d)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Rechtsform (Personengesellschaft)":                 "1:GbR",
		"Weitere Gesellschafter (GbR/Personengesellschaft)": "1:Anna Müller, 03.04.1985; Ben Schmidt, 12.12.1990",
		"Name":                  "3:Müller",
		"Geburtsdatum":          "6:03.04.1985",
		"Angemeldete Tätigkeit": "15:Einzelhandel mit Fahrrädern und Fahrradzubehör, Reparatur von Fahrrädern",
		"Wird die Tätigkeit (vorerst) im Nebenerwerb betrieben?": "16:Nein",
		"Datum des Beginns der angemeldeten Tätigkeit":           "17:01.12.2026",
		"Art des angemeldeten Betriebes":                         "18:Handel",
		"Die Anmeldung wird erstattet für":                       "20:Hauptniederlassung",
		"Grund der Anmeldung":                                    "21:Neugründung",
	}
	got := map[string]string{}
	for _, fl := range r.Fields {
		got[fl.Label] = fl.No + ":" + fl.Value
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("record %s = %q, want %q", k, got[k], v)
		}
	}
	if r.Form != "GewA1" || r.Ref != c.Ref {
		t.Errorf("record = %+v", r)
	}
}

func TestFlowBusinessChange(t *testing.T) {
	f := newFlow(t)
	f.say("Mein Betrieb zieht innerhalb der Stadt um, ich möchte mein Gewerbe ummelden")
	f.answers("holder_type", "Ich als Einzelperson (Einzelunternehmen)", "last_name", "Schmidt", "first_names", "Ben",
		"sex", "überspringen", "birth_date", "12.12.1990", "birth_place", "Bielefeld", "nationality", "deutsch",
		"home_address", "Grube 3, 33098 Paderborn", "phone", "0170 1234567", "email", "überspringen",
		"business_name", "überspringen", "previous_registration", "überspringen", "change_kind", "Umzug der Betriebsstätte innerhalb der Stadt")
	f.refuse("previous_site", "Kamp", "erwartete Form")
	f.answers("previous_site", "Kamp 20, 33098 Paderborn", "site_address", "Le-Mans-Wall 8, 33102 Paderborn",
		"establishment", "Hauptniederlassung", "activity", "Reparatur und Wartung von Fahrrädern",
		"business_type", "Handwerk", "sideline", "ja", "change_date", "01.01.2027", "employees_full", "0",
		"employees_part", "0", "permit_needed", "nein")
	c := f.submit("Gebühr: 20,00 €")
	wantAnswers(t, c, map[string]string{"change_kind": "relocation", "previous_site": "Kamp 20, 33098 Paderborn"})
	d, _ := f.cat.Service(c.Service)
	r, err := business.RecordOf(c, d)
	if err != nil || r.Form != "GewA2" {
		t.Fatalf("record %+v, %v", r, err)
	}
}

func TestFlowBusinessDeregistration(t *testing.T) {
	f := newFlow(t)
	f.say("Ich möchte mein Gewerbe abmelden")
	f.answers("holder_type", "Eine juristische Person (GmbH, UG, AG, e. V. …)", "company_form", "UG (haftungsbeschränkt)",
		"company_name", "Radwerk UG (haftungsbeschränkt)", "register_entry", "Amtsgericht Paderborn HRB 12345",
		"managing_count", "1", "last_name", "Schmidt", "first_names", "Ben", "sex", "männlich",
		"birth_date", "12.12.1990", "birth_place", "Bielefeld", "nationality", "deutsch",
		"home_address", "Grube 3, 33098 Paderborn", "phone", "0170 1234567", "email", "ben@example.de",
		"business_name", "überspringen", "site_address", "Westernstraße 5, 33098 Paderborn", "establishment", "Hauptniederlassung")
	f.refuse("activity", "Verkauf von diversen Waren", "zu allgemein")
	f.answers("activity", "Einzelhandel mit Fahrrädern und Fahrradzubehör", "business_type", "Handel", "sideline", "nein",
		"end_date", "31.12.2026", "employees_full", "2", "employees_part", "1", "reason", "Vollständige Aufgabe des Betriebs",
		"closure_cause", "Wirtschaftliche Gründe")
	c := f.submit()
	wantAnswers(t, c, map[string]string{"reason": "closure", "closure_cause": "economic", "company_form": "ug", "fee": "15.00"})
	d, _ := f.cat.Service(c.Service)
	r, err := business.RecordOf(c, d)
	if err != nil || r.Form != "GewA3" {
		t.Fatalf("record %+v, %v", r, err)
	}
	f.contains("auch das Finanzamt")
}
