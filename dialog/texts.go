package dialog

import (
	"strings"

	"amtsbote/cases"
	"amtsbote/catalog"
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
		text += "\n" + t.text("dialog.info.bring", "list", strings.Join(docs, "; "))
	}
	if fee := d.Fee.In(lang); fee != "" {
		text += "\n" + t.text("dialog.info.fee", "fee", fee)
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
		parts = append(parts, t.text("dialog.info.phone", "phone", dep.Phone))
	}
	if dep.Email != "" {
		parts = append(parts, dep.Email)
	}
	text := t.text("dialog.info.office", "office", strings.Join(parts, ", "))
	if h := t.hoursOf(id, dep.Hours.In(lang)); h != "" {
		text += "\n" + t.text("dialog.info.hours", "hours", h)
	}
	if dep.BookingURL != "" {
		text += "\n" + t.text("dialog.info.booking", "url", dep.BookingURL)
	}
	return text
}

// expectation says what an answer of type typ looks like, in the
// conversation's language (form.hint.*).
func (t *talk) expectation(typ string) string {
	return t.e.forms.Hint(typ, t.st.Citizen())
}

// questionOpen says that the question about case ref waits for an answer.
func (t *talk) questionOpen(ref string) string {
	return t.text("dialog.question_open", "ref", ref)
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
