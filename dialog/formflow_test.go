package dialog_test

import (
	"errors"
	"maps"
	"slices"
	"testing"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/form"
	texts "amtsbote/text"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// problem returns the German reason form.Parse gives for a bad answer.
func problem(t *testing.T, typ, input string) string {
	t.Helper()
	_, err := form.New(texts.MustBuiltin()).Parse(typ, input, form.Rules{}, testNow(t))
	var p *form.Problem
	if !errors.As(err, &p) {
		t.Fatalf("Parse(%q, %q) = %v, want a problem", typ, input, err)
	}
	return p.In("de")
}

func TestMeterReadingGerman(t *testing.T) {
	c := meterConvo(t)
	asks(t, c.say("Ich möchte meinen Zählerstand melden"), "customer_number")
	asks(t, c.say("12345678"), "meter_number")
	asks(t, c.say("ZX-2024-1"), "reading")

	r := c.say("zwölf Kubikmeter")
	o := asks(t, r, "reading")
	contains(t, r, problem(t, form.Decimal, "zwölf Kubikmeter"), "Welchen Zählerstand zeigt der Zähler")
	if o.Field.Type != form.Decimal || c.st.Misses != 1 {
		t.Errorf("field %+v, misses %d", o.Field, c.st.Misses)
	}
	asks(t, c.say("12.345,6"), "reading_date")
	asks(t, c.say("heute"), "name")
	o = asks(t, c.say("Erika Mustermann"), "email")
	if !o.Field.Optional || o.Options[0] != (channels.Option{Value: "skip", Label: "Überspringen"}) {
		t.Errorf("email question = %+v", o)
	}

	r = c.say("erika@example.de")
	contains(t, r, "Bitte prüfen Sie Ihre Angaben:", "Kundennummer: 12345678", "Zählernummer: ZX-2024-1",
		"Zählerstand: 12.345,6 m³", "Ablesedatum: 29.11.2026", "Name: Erika Mustermann", "E-Mail: erika@example.de")
	want := []string{"submit", "edit:customer_number", "edit:meter_number", "edit:reading", "edit:reading_date",
		"edit:name", "edit:email", "cancel"}
	if got := values(t, r); !slices.Equal(got, want) {
		t.Errorf("summary options = %v, want %v", got, want)
	}
	if l := last(t, r).Options[2].Label; l != "Zählernummer ändern" {
		t.Errorf("edit label = %q", l)
	}

	// A typed correction re-asks the field and comes back to the summary.
	r = c.say("Zählernummer korrigieren")
	asks(t, r, "meter_number")
	contains(t, r, "Bisher: ZX-2024-1")
	r = c.say("ZX-2024-2")
	contains(t, r, "Zählernummer: ZX-2024-2")
	if c.st.Field != "" || c.st.Form != "meter-reading" {
		t.Fatalf("not back at the summary: %+v", c.st)
	}

	r = c.say("Absenden")
	if len(r.Cases) != 1 {
		t.Fatalf("cases = %+v", r.Cases)
	}
	got := r.Cases[0]
	wantAnswers := map[string]string{"customer_number": "12345678", "meter_number": "ZX-2024-2", "reading": "12345.6",
		"reading_date": "2026-11-29", "name": "Erika Mustermann", "email": "erika@example.de"}
	if got.Ref != "AB-2026-000001" || got.Service != "meter-reading" || got.Status != "submitted" ||
		!got.Created.Equal(c.now) || !maps.Equal(got.Answers, wantAnswers) {
		t.Errorf("case = %+v", got)
	}
	contains(t, r, "Danke! Ihr Zählerstand ist eingegangen. Ihre Referenznummer: AB-2026-000001", "Kann ich sonst noch etwas für Sie tun?")
	if c.st.Form != "" || len(c.st.Answers) != 0 || !hasValue(t, r, "menu") {
		t.Errorf("after submit: state %+v, options %v", c.st, values(t, r))
	}
	if len(c.st.Cases) != 1 || c.st.Cases[0].Ref != "AB-2026-000001" || c.st.Cases[0].Service != "meter-reading" ||
		c.st.Cases[0].Status != cases.Submitted || c.st.Cases[0].Secret != got.Secret || len(got.Secret) != 8 {
		t.Errorf("state cases = %+v, case secret %q", c.st.Cases, got.Secret)
	}
}

func TestMeterReadingEnglishSkipEmail(t *testing.T) {
	c := meterConvo(t)
	r := c.say("I want to report my meter reading")
	contains(t, r, "Hello!", "What is your customer number?")
	for _, a := range []string{"12345678", "ZX-2024-1", "12345.6", "today", "Erika Mustermann"} {
		r = c.say(a)
	}
	o := asks(t, r, "email")
	if !o.Field.Optional || !hasValue(t, r, "skip") || o.Options[0].Label != "Skip" {
		t.Errorf("email question = %+v", o)
	}
	r = c.pick("skip")
	contains(t, r, "Please check your answers:", "Reading: 12,345.6 m³", "Email: (not given)")
	if o := last(t, r).Options; o[0].Label != "Submit" || o[1].Label != "Change customer number" {
		t.Errorf("labels = %+v", o)
	}
	r = c.say("yes")
	if len(r.Cases) != 1 || r.Cases[0].Answers["reading"] != "12345.6" || r.Cases[0].Answers["reading_date"] != "2026-11-29" {
		t.Fatalf("cases = %+v", r.Cases)
	}
	if _, ok := r.Cases[0].Answers["email"]; ok {
		t.Errorf("skipped email is in the case: %+v", r.Cases[0].Answers)
	}
	contains(t, r, "Thank you! Your meter reading has been received. Your reference number: AB-2026-000001")
}

// TestMeterReadingThousandsByLanguage checks that a reading is read as the
// conversation's language writes numbers: "12.345" is twelve thousand and
// more in German, "12,345" in English.
func TestMeterReadingThousandsByLanguage(t *testing.T) {
	for _, c := range []struct{ start, reading, want, shown string }{
		{"Ich möchte meinen Zählerstand melden", "12.345", "12345", "Zählerstand: 12.345 m³"},
		{"Ich möchte meinen Zählerstand melden", "12,345", "12.345", "Zählerstand: 12,345 m³"},
		{"I want to report my meter reading", "12,345", "12345", "Reading: 12,345 m³"},
		{"I want to report my meter reading", "12.345", "12.345", "Reading: 12.345 m³"},
	} {
		conv := meterConvo(t)
		conv.say(c.start)
		for _, a := range []string{"12345678", "ZX-2024-1", c.reading, "28.11.2026", "Erika Mustermann"} {
			conv.say(a)
		}
		r := conv.say("skip")
		contains(t, r, c.shown)
		if got := conv.st.Answers["reading"]; got != c.want {
			t.Errorf("%s: %q read as %q, want %q", conv.st.Language(), c.reading, got, c.want)
		}
	}
}

func TestTypedSkipWords(t *testing.T) {
	for _, w := range []string{"überspringen", "Nein danke", "-", "SKIP"} {
		c := meterConvo(t)
		c.st = State{Lang: "de", Form: "meter-reading", Field: "email", Answers: map[string]string{
			"customer_number": "12345678", "meter_number": "ZX-1", "reading": "1", "reading_date": "2026-11-29", "name": "Erika"}}
		r := c.say(w)
		contains(t, r, "E-Mail: (keine Angabe)")
	}
}

func TestLanguageSwitchMidForm(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("12345678")
	c.say("ZX-2024-1")
	r := c.say("English please")
	contains(t, r, "Sure, I will continue in English.", "What reading does the meter show (in m³)?")
	asks(t, r, "reading")
	r = c.pick("lang:de")
	contains(t, r, "Gern, ich schreibe ab jetzt auf Deutsch.", "Welchen Zählerstand zeigt der Zähler")
	asks(t, r, "reading")
	r = c.say("in English")
	asks(t, r, "reading")
	if c.st.Language() != "en" {
		t.Errorf("language = %q", c.st.Lang)
	}
}

func TestDigressionAndResume(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.say("Zählerstand melden")
	for _, a := range []string{"12345678", "ZX-2024-1", "100", "heute"} {
		c.say(a)
	}
	// A question about another service at a free-text field.
	r := c.say("Was kostet eigentlich ein Reisepass?")
	contains(t, r, "Reisepass beantragen:", "Gebühr: 70 Euro", "Möchten Sie mit „Zählerstand melden“ weitermachen?")
	if got := values(t, r); !slices.Equal(got, []string{"resume", "service:passport"}) {
		t.Errorf("options = %v", got)
	}
	if !c.st.Paused || c.st.Field != "name" {
		t.Fatalf("state = %+v", c.st)
	}
	r = c.say("weiter")
	asks(t, r, "name")
	if c.st.Paused {
		t.Error("still paused")
	}
	// A question that routes nowhere but would pass as a name is not taken as one.
	r = c.say("Wie lange dauert das?")
	contains(t, r, "Auf diese Frage habe ich hier leider keine Antwort.")
	asks(t, r, "name")
	if _, ok := c.st.Answers["name"]; ok || c.st.Paused {
		t.Errorf("state = %+v", c.st)
	}
	// A valid name that happens to hold a keyword is a name.
	asks(t, c.say("Anna Status"), "email")
	if c.st.Answers["name"] != "Anna Status" {
		t.Errorf("name = %q", c.st.Answers["name"])
	}
	// A status question at an email field is answered, then the form resumes.
	r = c.say("Wie ist der Bearbeitungsstand?")
	contains(t, r, "noch keinen Antrag gestellt")
	asks(t, c.pick("resume"), "email")
	// An unanswerable question that fails validation is a normal re-prompt.
	r = c.say("Wie bitte?")
	asks(t, r, "email")
	contains(t, r, problem(t, form.Email, "Wie bitte?"))
}

func TestDigressionPausedFormTakesValidAnswer(t *testing.T) {
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.say("Zählerstand melden")
	c.say("12345678")
	c.say("ZX-2024-1")
	c.say("Brauche ich für einen Reisepass ein Foto?")
	if !c.st.Paused {
		t.Fatal("not paused")
	}
	asks(t, c.say("123,4"), "reading_date")
	if c.st.Answers["reading"] != "123.4" || c.st.Paused {
		t.Errorf("state = %+v", c.st)
	}
}

func TestCancelMidForm(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("12345678")
	r := c.say("Abbrechen!")
	contains(t, r, "ich habe „Zählerstand melden“ abgebrochen")
	if c.st.Form != "" || c.st.Answers != nil || !hasValue(t, r, "service:meter-reading") {
		t.Errorf("state = %+v", c.st)
	}
	r = c.pick("cancel")
	contains(t, r, "nichts offen")
}

func TestBack(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	r := c.say("zurück")
	contains(t, r, "bereits die erste Frage")
	asks(t, r, "customer_number")
	c.say("12345678")
	r = c.say("Zurück")
	asks(t, r, "customer_number")
	contains(t, r, "Bisher: 12345678")
	asks(t, c.say("87654321"), "meter_number")
	if c.st.Answers["customer_number"] != "87654321" {
		t.Errorf("answers = %v", c.st.Answers)
	}
	asks(t, c.pick("back"), "customer_number")
}

func TestHelpInForm(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("12345678")
	c.say("ZX-1234")
	r := c.say("Hilfe")
	contains(t, r, "Gefragt ist: Zählerstand. Erwartet wird eine Zahl", "„zurück“", "„abbrechen“")
	asks(t, r, "reading")
	r = c.say("?")
	asks(t, r, "reading")
}

func TestMenuPausesAndResumes(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	c.say("12345678")
	r := c.say("Menü")
	if got := values(t, r); got[0] != "resume" || last(t, r).Options[0].Label != "Weiter mit Zählerstand melden" {
		t.Errorf("options = %v", last(t, r).Options)
	}
	if !c.st.Paused || c.st.Answers["customer_number"] != "12345678" {
		t.Fatalf("state = %+v", c.st)
	}
	asks(t, c.pick("resume"), "meter_number")
	c.say("menu")
	asks(t, c.pick("service:meter-reading"), "meter_number")
}

func TestTwoFailuresInFormOfferStaff(t *testing.T) {
	c := meterConvo(t)
	c.say("Zählerstand melden")
	r := c.say("weiß ich nicht")
	contains(t, r, "Die Kundennummer hat 6 bis 10 Ziffern.")
	if hasValue(t, r, "staff") {
		t.Error("staff offered after one failure")
	}
	r = c.say("keine Ahnung")
	asks(t, r, "customer_number")
	if !hasValue(t, r, "staff") {
		t.Errorf("no staff option after two failures: %v", values(t, r))
	}
	c.say("12345678")
	if c.st.Misses != 0 {
		t.Errorf("misses = %d", c.st.Misses)
	}
}
