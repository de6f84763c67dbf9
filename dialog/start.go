package dialog

import (
	"strings"

	"amtsbote/catalog"
	"amtsbote/channels"
)

// startForm begins the form of d with the answers given in prefill, after
// lead (when not empty) and the service's introduction.
func (t *flow) startForm(d *catalog.Definition, prefill map[string]string, lead string) {
	lang := t.st.Citizen()
	var text []string
	if a := t.st.Amend; a != nil {
		text = append(text, t.questionOpen(a.Ref))
		if a.Held != nil && a.Held.Form != d.ID {
			if old, ok := t.e.cat.Service(a.Held.Form); ok {
				text = append(text, t.text("dialog.start.discarded", "service", old.Title.In(lang)))
			}
		}
	} else if old, ok := t.e.cat.Service(t.st.Form); ok && old.ID != d.ID {
		text = append(text, t.text("dialog.start.discarded", "service", old.Title.In(lang)))
	}
	t.st.beginForm(d.ID)
	if lead != "" {
		text = append(text, lead)
	} else {
		text = append(text, t.text("dialog.start", "service", d.Title.In(lang), "description", d.Description.In(lang)))
	}
	if intro := d.Intro.In(lang); intro != "" {
		text = append(text, intro)
	}
	var opts []channels.Option
	if d.OfferStaff {
		opts = append(opts, t.staffOption())
	}
	t.reply(strings.Join(text, "\n\n"), opts...)
	for name, v := range prefill {
		if t.st.Answers == nil {
			t.st.Answers = map[string]string{}
		}
		t.st.Answers[name] = v
	}
	t.advance()
}

// startService begins a service: the form of an online service; for one
// that needs a visit, guidance and, where it has fields, the data taken
// before the visit.
func (t *acts) startService(id string) {
	d, ok := t.e.cat.Service(id)
	if !ok {
		t.menu("")
		return
	}
	t.hello()
	if t.st.Form == id {
		t.resume()
		return
	}
	if d.Mode == catalog.ModeInPerson {
		t.inPerson(d)
		return
	}
	t.startForm(d, nil, "")
}

// inPerson explains a service that needs a visit: documents, fee and the
// office. When the service has fields, their answers are taken now, before
// the visit; otherwise an appointment is offered.
func (t *acts) inPerson(d *catalog.Definition) {
	text := t.serviceInfo(d) + "\n\n" + t.text("dialog.inperson")
	office := t.officeInfo(d.Department)
	if len(d.Fields) > 0 {
		text += t.text("dialog.inperson.fields")
		t.startForm(d, nil, text)
		return
	}
	var opts []channels.Option
	if _, ok := t.e.cat.Service(appointmentService); ok && d.ID != appointmentService {
		text += t.text("dialog.inperson.book")
		opts = append(opts, t.bookOption(d.ID))
	} else if office == "" && d.Department != "" {
		text += t.text("dialog.inperson.department", "department", d.Department)
	}
	if office != "" {
		text += "\n" + office
	}
	t.reply(text, append(opts, t.asideOptions()...)...)
}

// book hands over from service id to appointment booking: the appointment
// form starts with its concern answered. Without an appointment service the
// citizen gets the office's contact data.
func (t *acts) book(id string) {
	a, ok := t.e.cat.Service(appointmentService)
	from, known := t.e.cat.Service(id)
	if !ok {
		if known {
			t.hello()
			office := t.officeInfo(from.Department)
			if office == "" {
				office = t.text("dialog.book.contact")
			}
			t.reply(t.text("dialog.book.direct")+"\n"+office, t.asideOptions()...)
			return
		}
		t.menu("")
		return
	}
	t.hello()
	var prefill map[string]string
	for _, f := range a.Fields {
		if f.Name == concernField && known && f.CanAnswer(id) {
			prefill = map[string]string{concernField: id}
		}
	}
	t.startForm(a, prefill, "")
}

// contact starts a contact request for department, prefilled with it.
func (t *acts) contact(department string) {
	d, ok := t.e.cat.Service(contactService)
	if !ok {
		t.menu("")
		return
	}
	t.st.backToBot()
	t.hello()
	prefill := map[string]string{}
	for _, f := range d.Fields {
		if f.Name == contactDepartment && f.CanAnswer(department) {
			prefill[contactDepartment] = department
		}
	}
	t.startForm(d, prefill, "")
}
