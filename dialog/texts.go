package dialog

import (
	"fmt"
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
)

// serviceInfo describes a service: title, description, documents and fee.
func (t *talk) serviceInfo(d *catalog.Definition) string {
	lang := t.st.Language()
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
	lang := t.st.Language()
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

// expectation says what an answer of type typ looks like, in the
// conversation's language (form.hint.*).
func (t *talk) expectation(typ string) string {
	return t.e.forms.Hint(typ, t.st.Language())
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
		if text := h.HoursText(id, t.st.Language()); text != "" {
			return text
		}
	}
	return fromFile
}
