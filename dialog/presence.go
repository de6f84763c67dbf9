package dialog

import (
	"amtsbote/channels"
)

// acts are what a citizen can ask for in any phase: help, a person, a
// service, a status, going back, a correction.
type acts struct{ flow }

// nobodyThere tells a citizen who asked for a person that nobody of the
// department can answer now, and offers an answer by email or a call-back,
// an appointment, or waiting anyway (the conversation stays in the queue).
// It reports whether it said so.
func (t *acts) nobodyThere(department string) bool {
	if t.e.staff == nil || t.e.staff.Available(department, t.now) {
		return false
	}
	lang := t.st.Citizen()
	who := t.text("dialog.presence.team")
	hours := ""
	if d, ok := t.e.cat.Department(department); ok {
		who = d.Name.In(lang)
		if h := t.hoursOf(department, d.Hours.In(lang)); h != "" {
			hours = t.text("dialog.presence.hours", "hours", h)
		}
	}
	var opts []channels.Option
	if _, ok := t.e.cat.Service(contactService); ok {
		opts = append(opts, t.opt(cmdContact+":"+department, "dialog.option.contact"))
	}
	if _, ok := t.e.cat.Service(appointmentService); ok {
		service := t.st.Form
		if service == "" {
			service = appointmentService
		}
		opts = append(opts, t.bookOption(service))
	}
	opts = append(opts, t.opt(cmdBot, "dialog.option.bot"))
	t.reply(t.text("dialog.presence.nobody", "who", who, "hours", hours), opts...)
	return true
}
