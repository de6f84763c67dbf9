package dialog

import (
	"fmt"
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/form"
)

// serviceInfo describes a service: title, description, documents and fee.
func (t *talk) serviceInfo(d *catalog.Definition) string {
	lang := t.st.Citizen()
	text := d.Title.In(lang) + ": " + d.Description.In(lang)
	if len(d.Documents) > 0 {
		var docs []string
		for _, doc := range d.Documents {
			docs = append(docs, doc.In(lang))
		}
		text += "\n" + t.say("Mitzubringen: ", "Please bring: ") + strings.Join(docs, "; ")
	}
	if fee := d.Fee.In(lang); fee != "" {
		text += "\n" + t.say("Gebühr: ", "Fee: ") + fee
	}
	return text
}

// officeInfo describes how to reach department id: name, address, phone,
// email, hours and online booking; "" when the catalog does not know it.
func (t *talk) officeInfo(id string) string {
	dep, ok := t.e.cat.Department(id)
	if !ok {
		return ""
	}
	lang := t.st.Citizen()
	parts := []string{dep.Name.In(lang)}
	if dep.Address != "" {
		parts = append(parts, dep.Address)
	}
	if dep.Phone != "" {
		parts = append(parts, t.say("Tel. ", "phone ")+dep.Phone)
	}
	if dep.Email != "" {
		parts = append(parts, dep.Email)
	}
	text := t.say("Zuständig: ", "Office: ") + strings.Join(parts, ", ")
	if h := t.hoursOf(id, dep.Hours.In(lang)); h != "" {
		text += "\n" + t.say("Öffnungszeiten: ", "Opening hours: ") + h
	}
	if dep.BookingURL != "" {
		text += "\n" + t.say("Termine online: ", "Book online: ") + dep.BookingURL
	}
	return text
}

// expectation says what an answer of type typ looks like.
func (t *talk) expectation(typ string) string {
	switch typ {
	case form.Number:
		return t.say("eine ganze Zahl, zum Beispiel 3", "a whole number, for example 3")
	case form.Decimal:
		return t.say("eine Zahl, gern mit Komma, zum Beispiel 12.345,6", "a number, for example 12345.6")
	case form.Date:
		return t.say("ein Datum, zum Beispiel 28.11.2026 oder „heute“", "a date, for example 2026-11-28 or “today”")
	case form.Choice:
		return t.say("eine der angebotenen Möglichkeiten", "one of the options offered")
	case form.YesNo:
		return t.say("Ja oder Nein", "yes or no")
	case form.Email:
		return t.say("eine E-Mail-Adresse wie name@beispiel.de", "an email address like name@example.com")
	case form.Phone:
		return t.say("eine Telefonnummer, zum Beispiel 05251 880", "a phone number, for example +49 5251 880")
	case form.Postcode:
		return t.say("eine fünfstellige Postleitzahl, zum Beispiel 33098", "a five-digit postcode, for example 33098")
	case form.IBAN:
		return t.say("eine IBAN, zum Beispiel DE89 3704 0044 0532 0130 00", "an IBAN, for example DE89 3704 0044 0532 0130 00")
	case form.Plate:
		return t.say("ein Kfz-Kennzeichen, zum Beispiel PB-AB 123", "a licence plate, for example PB-AB 123")
	case form.File:
		return t.say("eine Datei als Anhang, zum Beispiel ein Foto oder PDF", "a file as an attachment, for example a photo or PDF")
	}
	return t.say("eine kurze Antwort in Worten", "a short answer in words")
}

// questionOpen says that the question about case ref waits for an answer.
func (t *talk) questionOpen(ref string) string {
	return fmt.Sprintf(t.say(
		"Die Rückfrage zu Ihrem Antrag %s bleibt offen; Sie können sie auch einer Mitarbeiterin oder einem Mitarbeiter beantworten.",
		"The question about your application %s stays open; you can also answer it to a member of staff."), ref)
}

// departmentOf returns the department that handles the answers of d: the
// concern's department for an appointment, else the service's.
func (t *talk) departmentOf(d *catalog.Definition, answers map[string]string) string {
	if d.ID == appointmentService {
		if c, ok := t.e.cat.Service(answers[concernField]); ok && c.Department != "" {
			return c.Department
		}
	}
	return d.Department
}

// ownCase finds a case of this conversation by reference.
func (t *talk) ownCase(ref string) (CaseRef, bool) {
	for _, c := range t.st.Cases {
		if c.Ref == ref {
			return c, true
		}
	}
	return CaseRef{}, false
}

// currentStatus is the status of one of this conversation's cases: from
// CaseStatuses when the engine has it, else as the state remembers it.
func (t *talk) currentStatus(c CaseRef) string {
	if t.e.cases != nil && c.Secret != "" {
		if info, ok := t.e.cases.CaseStatus(c.Ref, c.Secret); ok {
			return info.Status
		}
	}
	if c.Status == "" {
		return cases.Submitted
	}
	return c.Status
}

// hoursOf is department id's office hours in the conversation's language:
// the staff console's (HoursTeller), else fromFile, the departments file's.
func (t *talk) hoursOf(id, fromFile string) string {
	if h, ok := t.e.staff.(HoursTeller); ok {
		if text := h.HoursText(id, t.st.Citizen()); text != "" {
			return text
		}
	}
	return fromFile
}
