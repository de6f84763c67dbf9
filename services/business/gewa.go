package business

import (
	"fmt"
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/form"
)

// Edition names the edition of the forms whose field numbers Record uses.
//
// The numbers follow the printed forms GewA1, GewA2 and GewA3 of Anlagen 1–3
// of the Gewerbeanzeigeverordnung of 22 July 2014 (BGBl. I S. 1208), the
// layout most trade offices and their software still use: 1 registered name
// and legal form (with a GbR's other partners), 2 register, 3–9 the person
// (name, first names, sex, date and place of birth, nationality, home
// address with phone and email), 10 number of managing partners or legal
// representatives, 12 premises, 13 head office, 14 former (GewA3: future)
// premises, 15 activity, 16 side business, 17 date, 18 type of business,
// 19 staff, 20 "filed for", 21 reason, 22 previous or next owner, 23 permit,
// 24 craft register. Number 11 (authorised representative of an AG or a
// branch) is not asked.
//
// The revised forms of the GewAnzV as amended on 11 December 2024 (used by
// the FIM data schema S05000001294 2.0.0) add fields before the activity,
// which moves it and everything after it by three (activity 18, side
// business 19, date 20, type 21, staff 22, "filed for" 23/24, reason
// 25/26). The numbers are data in formNumbers below; a city whose office
// uses the new layout changes them there.
const Edition = "GewAnzV 2014"

// Record is a business case as the structured record of its form.
type Record struct {
	Form    string  `json:"form"` // "GewA1", "GewA2" or "GewA3"
	Edition string  `json:"edition"`
	Ref     string  `json:"ref"`
	Fields  []Field `json:"fields"`
}

// Field is one entry of a Record: the form's field number, its label on
// the form and the answer, choices written out in German.
type Field struct {
	No    string `json:"no"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// entry maps an answer to a numbered field of the form.
type entry struct {
	answer string // field name in the definition
	no     string
	label  string
}

// person are the fields 1–10 all three forms share.
var person = []entry{
	{"company_name", "1", "Im Register eingetragener Name mit Rechtsform"},
	{"legal_form", "1", "Rechtsform (Personengesellschaft)"},
	{"company_form", "1", "Rechtsform (juristische Person)"},
	{"partners", "1", "Weitere Gesellschafter (GbR/Personengesellschaft)"},
	{"register_entry", "2", "Ort und Nummer des Registereintrages"},
	{"last_name", "3", "Name"},
	{"first_names", "4", "Vornamen"},
	{"sex", "5", "Geschlecht"},
	{"birth_date", "6", "Geburtsdatum"},
	{"birth_place", "7", "Geburtsort"},
	{"nationality", "8", "Staatsangehörigkeit(en)"},
	{"home_address", "9", "Anschrift der Wohnung"},
	{"phone", "9", "Telefon"},
	{"email", "9", "E-Mail"},
	{"managing_count", "10", "Zahl der geschäftsführenden Gesellschafter / gesetzlichen Vertreter"},
}

// formNumbers maps each service's answers to its form's fields.
var formNumbers = map[string]struct {
	form    string
	entries []entry
}{
	Registration: {"GewA1", append(append([]entry{}, person...),
		entry{"business_name", "12", "Geschäftsbezeichnung"},
		entry{"site_address", "12", "Betriebsstätte"},
		entry{"head_office", "13", "Hauptniederlassung"},
		entry{"previous_site", "14", "Frühere Betriebsstätte"},
		entry{"activity", "15", "Angemeldete Tätigkeit"},
		entry{"sideline", "16", "Wird die Tätigkeit (vorerst) im Nebenerwerb betrieben?"},
		entry{"start_date", "17", "Datum des Beginns der angemeldeten Tätigkeit"},
		entry{"business_type", "18", "Art des angemeldeten Betriebes"},
		entry{"employees_full", "19", "Zahl der tätigen Personen: Vollzeit"},
		entry{"employees_part", "19", "Zahl der tätigen Personen: Teilzeit"},
		entry{"establishment", "20", "Die Anmeldung wird erstattet für"},
		entry{"reason", "21", "Grund der Anmeldung"},
		entry{"previous_owner", "22", "Name des früheren Gewerbetreibenden oder frühere Firmenbezeichnung"},
		entry{"permit_needed", "23", "Erlaubnispflichtige Tätigkeit"},
		entry{"permit_details", "23", "Erlaubnis: Art, ausgestellt von, am"},
		entry{"craft_card", "24", "Eintragung in die Handwerksrolle / Handwerkskarte"},
	)},
	Change: {"GewA2", append(append([]entry{}, person...),
		entry{"previous_registration", "", "Bisherige Gewerbeanmeldung (Aktenzeichen/Datum)"},
		entry{"business_name", "12", "Geschäftsbezeichnung"},
		entry{"site_address", "12", "Betriebsstätte (nach der Änderung)"},
		entry{"head_office", "13", "Hauptniederlassung"},
		entry{"previous_site", "14", "Frühere Betriebsstätte"},
		entry{"activity", "15", "Angemeldete Tätigkeit (ab der Änderung)"},
		entry{"activity_before", "15", "Tätigkeit vor der Änderung"},
		entry{"sideline", "16", "Wird die Tätigkeit (vorerst) im Nebenerwerb betrieben?"},
		entry{"change_date", "17", "Datum der Änderung"},
		entry{"business_type", "18", "Art des Betriebes"},
		entry{"employees_full", "19", "Zahl der tätigen Personen: Vollzeit"},
		entry{"employees_part", "19", "Zahl der tätigen Personen: Teilzeit"},
		entry{"establishment", "20", "Die Ummeldung wird erstattet für"},
		entry{"change_kind", "21", "Grund der Ummeldung"},
		entry{"permit_needed", "23", "Erlaubnispflichtige Tätigkeit"},
		entry{"permit_details", "23", "Erlaubnis: Art, ausgestellt von, am"},
	)},
	Deregistration: {"GewA3", append(append([]entry{}, person...),
		entry{"business_name", "12", "Geschäftsbezeichnung"},
		entry{"site_address", "12", "Betriebsstätte"},
		entry{"head_office", "13", "Hauptniederlassung"},
		entry{"future_site", "14", "Künftige Betriebsstätte"},
		entry{"activity", "15", "Abgemeldete Tätigkeit"},
		entry{"sideline", "16", "Wurde die Tätigkeit (zuletzt) im Nebenerwerb betrieben?"},
		entry{"end_date", "17", "Datum der Betriebsaufgabe"},
		entry{"business_type", "18", "Art des abgemeldeten Betriebes"},
		entry{"employees_full", "19", "Zahl der bei Geschäftsaufgabe tätigen Personen: Vollzeit"},
		entry{"employees_part", "19", "Zahl der bei Geschäftsaufgabe tätigen Personen: Teilzeit"},
		entry{"establishment", "20", "Die Abmeldung wird erstattet für"},
		entry{"reason", "21", "Grund der Abmeldung"},
		entry{"closure_cause", "21", "Ursache der Betriebsaufgabe"},
		entry{"successor", "22", "Name des künftigen Gewerbetreibenden oder künftige Firmenbezeichnung"},
	)},
}

// RecordOf writes a business case as the record of its form, in form
// order; answers the case does not have are left out. d is the case's
// service definition, whose option labels spell out the choices.
func RecordOf(c cases.Case, d *catalog.Definition) (Record, error) {
	spec, ok := formNumbers[c.Service]
	if !ok {
		return Record{}, fmt.Errorf("business: %s is no business service", c.Service)
	}
	if d == nil || d.ID != c.Service {
		return Record{}, fmt.Errorf("business: no definition of %s for case %s", c.Service, c.Ref)
	}
	fields := map[string]catalog.FieldDef{}
	for _, f := range d.Fields {
		fields[f.Name] = f
	}
	r := Record{Form: spec.form, Edition: Edition, Ref: c.Ref}
	for _, e := range spec.entries {
		v, ok := c.Answers[e.answer]
		if !ok || v == "" {
			continue
		}
		r.Fields = append(r.Fields, Field{No: e.no, Label: e.label, Value: german(fields[e.answer], v)})
	}
	return r, nil
}

// german writes a canonical answer as the form wants it.
func german(f catalog.FieldDef, v string) string {
	switch f.Type {
	case form.Choice:
		for _, o := range f.Options {
			if o.Value == v {
				return o.Label.De
			}
		}
		return v
	case "":
		return v
	}
	return form.Display(f.Type, v, "de")
}

// Forms gives the back office (channels/backoffice.FormRecords) the GewA
// record of every business case, from the catalog's definitions.
type Forms struct{ Catalog *catalog.Catalog }

// FormRecord returns the GewA record of c; ok is false for a case that is
// not of a business-* service.
func (f Forms) FormRecord(c cases.Case) (any, bool, error) {
	if !strings.HasPrefix(c.Service, "business-") {
		return nil, false, nil
	}
	var d *catalog.Definition
	if f.Catalog != nil {
		d, _ = f.Catalog.Service(c.Service)
	}
	r, err := RecordOf(c, d)
	if err != nil {
		return nil, true, err
	}
	return r, true, nil
}
