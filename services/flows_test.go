package services_test

import (
	"testing"

	"amtsbote/cases"
)

// Every service of the catalog is driven from the first message to its case
// (or, for services that need a visit, through the hand-over to the
// appointment form to the booking), with one answer refused
// and asked again with the reason.

func TestFlowMeterReading(t *testing.T) {
	f := newFlow(t)
	f.say("Ich möchte meinen Zählerstand melden")
	f.answers("customer_number", "12345678", "meter_number", "ZX-2024-1")
	f.refuse("reading", "zwölf Kubikmeter", "Zahl")
	f.answers("reading", "345,6", "reading_date", "heute", "name", "Erika Mustermann", "email", "überspringen")
	c := f.submit("Zählerstand: 345,6 m³")
	if c.Service != "meter-reading" || c.Status != cases.Submitted || c.Department != "stadtwerke" || len(f.esc) != 0 {
		t.Errorf("case = %+v, escalations %v", c, f.esc)
	}
	wantAnswers(t, c, map[string]string{"reading": "345.6", "reading_date": "2026-11-29"})
}

func TestFlowCivilCertificate(t *testing.T) {
	f := newFlow(t)
	f.say("Ich brauche eine Geburtsurkunde")
	f.answers("kind", "Geburtsurkunde", "format", "Urkunde (deutsch)", "person", "Max Mustermann", "birth_name", "überspringen")
	f.refuse("event_date", "morgen", "Zukunft")
	f.answers("event_date", "14.03.1985", "event_place", "Paderborn", "relation", "Ich bin es selbst",
		"purpose", "Eheschließung", "copies", "3", "applicant", "Max Mustermann", "street", "Kamp 12",
		"postcode", "33098", "city", "Paderborn", "email", "max@example.de")
	c := f.submit("Anzahl: 3", "Gebühr: 24,00 €")
	wantAnswers(t, c, map[string]string{"kind": "birth", "copies": "3", "fee": "24.00", "event_date": "1985-03-14"})
	if c.Department != "standesamt" {
		t.Errorf("department = %q", c.Department)
	}
}

func TestFlowCivilCertificateMarriageNeedsSpouse(t *testing.T) {
	f := newFlow(t)
	f.say("Heiratsurkunde bestellen")
	f.answers("kind", "Eheurkunde", "format", "Internationale (mehrsprachige) Urkunde", "person", "Erika Mustermann",
		"birth_name", "Gabler", "spouse", "Max Mustermann", "event_date", "20.06.2015", "event_place", "Paderborn",
		"relation", "Andere (mit rechtlichem Interesse)")
	f.refuse("legal_interest", "Erbe", "zu kurz")
	f.answers("legal_interest", "Ich bin die Schwester und brauche die Urkunde für den Erbschein",
		"purpose", "Erbschaft / Nachlassgericht", "copies", "1", "applicant", "Petra Gabler", "street", "Grube 3",
		"postcode", "33098", "city", "Paderborn", "email", "skip")
	c := f.submit("Gebühr: 12,00 €")
	wantAnswers(t, c, map[string]string{"spouse": "Max Mustermann", "fee": "12.00", "relation": "other"})
}

func TestFlowSchoolMeals(t *testing.T) {
	f := newFlow(t)
	f.say("Ich möchte mein Kind zum Mittagessen in der OGS anmelden")
	f.answers("action", "Anmelden", "child_name", "Lena Mustermann", "child_birth_date", "12.05.2018",
		"school", "Grundschule am Dom", "class", "2b", "ogs", "ja", "days", "Montag bis Freitag",
		"start_date", "01.12.2026", "diet", "Vegetarisch", "but", "nein", "payer", "Erika Mustermann",
		"payer_address", "Kamp 12, 33098 Paderborn")
	f.refuse("iban", "DE89 3704 0044 0532 0130 01", "Prüfziffer")
	f.answers("iban", "DE89 3704 0044 0532 0130 00", "account_holder", "überspringen")
	f.refuse("sepa_mandate", "nein", "Ohne SEPA-Lastschriftmandat")
	f.answers("sepa_mandate", "ja", "email", "erika@example.de")
	c := f.submit("IBAN: DE89 3704 0044 0532 0130 00")
	wantAnswers(t, c, map[string]string{"action": "register", "iban": "DE89370400440532013000", "sepa_mandate": "yes", "diet": "vegetarian"})
	if _, ok := c.Answers["end_date"]; ok {
		t.Error("a registration has a cancellation date")
	}
}

func TestFlowSchoolMealsCancel(t *testing.T) {
	f := newFlow(t)
	f.say("Wie melde ich meine Tochter vom Schulessen ab?")
	f.answers("action", "Abmelden", "child_name", "Lena Mustermann", "child_birth_date", "12.05.2018",
		"school", "Grundschule am Dom")
	f.refuse("class", "die mit Frau Weber", "Klasse")
	f.answers("class", "2b", "end_date", "31.12.2026", "payer", "Erika Mustermann", "email", "erika@example.de")
	c := f.submit()
	wantAnswers(t, c, map[string]string{"action": "cancel", "end_date": "2026-12-31"})
	if _, ok := c.Answers["iban"]; ok {
		t.Error("a cancellation asks for an IBAN")
	}
}

func TestFlowBuildingPlot(t *testing.T) {
	f := newFlow(t)
	f.say("Wir wollen ein Haus bauen und suchen ein Baugrundstück")
	f.answers("applicant", "Erika Mustermann", "birth_date", "03.04.1988", "address", "Kamp 12, 33098 Paderborn",
		"co_applicant", "Max Mustermann", "adults", "2", "children", "2", "children_ages", "3 und 6",
		"care_needs", "nein", "lives_in_city", "ja")
	f.refuse("years_in_city", "schon lange", "Zahl")
	f.answers("years_in_city", "12", "works_in_city", "ja", "volunteer", "ja", "owns_property", "nein",
		"area", "Egal", "plot_size", "400 bis 600 m²")
	f.refuse("financing", "file:bestaetigung.docx", "Dateityp")
	f.answers("financing", "file:finanzierung.pdf", "phone", "05251 123456", "email", "überspringen")
	c := f.submit("Kinder im Haushalt: 2")
	wantAnswers(t, c, map[string]string{"children": "2", "lives_in_city": "yes", "years_in_city": "12", "area": "any"})
	if c.Department != "liegenschaftsamt" {
		t.Errorf("department = %q", c.Department)
	}
}

func TestFlowLivingAssistance(t *testing.T) {
	f := newFlow(t)
	f.say("Ich brauche Sozialhilfe")
	// Sensitive: a note on privacy and a person offered before any question.
	f.contains("vertraulich", "verschlüsselt")
	if !f.hasOption("staff") {
		t.Error("no person offered at the start")
	}
	f.answer("able_to_work", "Nein, vorübergehend nicht")
	f.contains("Hilfe zum Lebensunterhalt beim Sozialamt richtig")
	f.answers("name", "Erika Mustermann", "birth_date", "03.04.1970", "address", "Kamp 12, 33098 Paderborn",
		"household", "1", "income_kind", "Rente")
	f.refuse("income_amount", "wenig", "Zahl")
	f.answers("income_amount", "612,50", "rent", "450", "assets", "nein", "health_insurance", "AOK",
		"iban", "überspringen", "phone", "überspringen", "consent", "ja")
	c := f.submit("Einkommen im Monat: 612,50 €")
	wantAnswers(t, c, map[string]string{"able_to_work": "no", "income_amount": "612.50", "rent": "450", "consent": "yes"})
	if c.Department != "sozialamt" {
		t.Errorf("department = %q", c.Department)
	}
}

func TestFlowLivingAssistanceAbleToWorkHintsJobcentre(t *testing.T) {
	f := newFlow(t)
	f.say("Mein Geld reicht nicht mehr für Miete und Essen")
	f.answer("able_to_work", "Ja")
	f.contains("Bürgergeld vom Jobcenter")
	if f.asking() != "name" {
		t.Fatalf("the form does not go on: %q", f.asking())
	}
}

func TestFlowAppointment(t *testing.T) {
	f := newFlow(t)
	f.say("Ich möchte einen Termin vereinbaren")
	f.answers("concern", "Personalausweis")
	f.refuse("when", "mit dem Fahrrad", "nicht als Zeitpunkt")
	f.refuse("when", "01.11.2026", "Vergangenheit")
	f.answers("when", "morgen vormittag", "slot", "1", "name", "Erika Mustermann", "phone", "überspringen")
	c := f.submit("Anliegen: Personalausweis", "Termin: Mo 30.11.2026, 08:00 Uhr – Bürgerbüro")
	wantAnswers(t, c, map[string]string{"concern": "id-card", "when": "2026-11-30..2026-11-30 00:00-12:00",
		"slot": "buergerbuero/20261130T0800"})
	f.contains("Zuständig: Bürgerbüro", "Ihr Termin: Mo 30.11.2026, 08:00–08:15 Uhr")
	if c.Department != "buergerbuero" {
		t.Errorf("department = %q", c.Department)
	}
}

// inPersonHandover asks for an in-person service, checks the guidance and
// books through the appointment form, whose concern is already answered.
func inPersonHandover(t *testing.T, first, id string, guidance ...string) cases.Case {
	t.Helper()
	f := newFlow(t)
	f.say(first)
	f.contains(append([]string{"persönlich vorbeikommen", "Möchten Sie einen Termin vereinbaren?", "Zuständig: Bürgerbüro"}, guidance...)...)
	if !f.hasOption("book:" + id) {
		t.Fatalf("no appointment offered for %s:\n%s", id, f.text())
	}
	f.pick("book:" + id)
	f.answers("when", "03.12.2026", "slot", "1", "name", "Max Mustermann", "phone", "0170 1234567")
	c := f.submit("Termin: Do 03.12.2026, 08:00 Uhr – Bürgerbüro")
	if c.Service != "appointment" || c.Answers["concern"] != id || c.Department != "buergerbuero" {
		t.Errorf("appointment case = %+v", c)
	}
	return c
}

func TestFlowIDCard(t *testing.T) {
	inPersonHandover(t, "Ich brauche einen neuen Personalausweis", "id-card", "Gebühr: 46 €", "Passfoto")
}

func TestFlowPassport(t *testing.T) {
	inPersonHandover(t, "Mein Reisepass ist abgelaufen, ich brauche einen neuen", "passport", "Gebühr: 70 €")
}

func TestFlowAddressRegistration(t *testing.T) {
	inPersonHandover(t, "Ich bin umgezogen und muss mich ummelden", "address-registration", "Wohnungsgeberbestätigung")
}

func TestFlowResidencePermit(t *testing.T) {
	f := newFlow(t)
	f.say("Meine Aufenthaltserlaubnis läuft bald ab")
	// In person by law: guidance first, then the data are taken before the visit.
	f.contains("persönlich vorbeikommen", "biometrisches Passfoto", "Ihre Angaben nehme ich schon hier auf")
	f.answers("permit_kind", "Arbeit / Beschäftigung", "expiry", "31.01.2027", "purpose_change", "nein",
		"last_name", "Sharma", "first_names", "Priya", "birth_date", "02.02.1992", "nationality", "indisch")
	f.refuse("passport_expiry", "01.01.2020", "Vergangenheit")
	f.answers("passport_expiry", "01.01.2030", "address", "Kamp 12, 33098 Paderborn", "livelihood", "Arbeit / eigenes Einkommen",
		"employer", "Beispiel GmbH", "health_insurance", "ja", "phone", "0170 1234567")
	c := f.submit("Staatsangehörigkeit: indisch")
	if c.Service != "residence-permit" || c.Department != "auslaenderbehoerde" {
		t.Errorf("case = %+v", c)
	}
	// Then the appointment with the foreigners' office.
	if !f.hasOption("book:residence-permit") {
		t.Fatalf("no appointment offered after the data were taken:\n%s", f.text())
	}
	f.pick("book:residence-permit")
	f.answers("when", "07.12.2026 vormittags", "slot", "1", "name", "Priya Sharma", "phone", "überspringen")
	a := f.submit("Anliegen: Aufenthaltstitel", "Termin: Mo 07.12.2026, 08:00 Uhr – Ausländerbehörde")
	if a.Answers["concern"] != "residence-permit" || a.Department != "auslaenderbehoerde" {
		t.Errorf("appointment = %+v", a)
	}
	f.contains("Zuständig: Ausländerbehörde")
}
