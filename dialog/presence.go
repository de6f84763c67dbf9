package dialog

import (
	"fmt"

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
	who := t.say("unserem Team", "our team")
	hours := ""
	if d, ok := t.e.cat.Department(department); ok {
		who = d.Name.In(lang)
		if h := t.hoursOf(department, d.Hours.In(lang)); h != "" {
			hours = fmt.Sprintf(t.say(" (Sprechzeiten: %s)", " (office hours: %s)"), h)
		}
	}
	var opts []channels.Option
	if _, ok := t.e.cat.Service(contactService); ok {
		opts = append(opts, t.opt(cmdContact+":"+department, "Antwort per E-Mail oder Rückruf", "Answer by email or a call-back"))
	}
	if _, ok := t.e.cat.Service(appointmentService); ok {
		service := t.st.Form
		if service == "" {
			service = appointmentService
		}
		opts = append(opts, t.bookOption(service))
	}
	opts = append(opts, t.opt(cmdBot, "Weiter mit dem Bot", "Continue with the bot"))
	t.reply(fmt.Sprintf(t.say(
		"Gerade ist leider niemand von %s erreichbar%s. Ihr Anliegen bleibt für das Team vorgemerkt und wird hier beantwortet, sobald jemand da ist. Schneller geht es vielleicht so:",
		"Unfortunately nobody from %s can answer right now%s. Your request stays in the team's queue and will be answered here as soon as someone is there. This may be quicker:"),
		who, hours), opts...)
	return true
}
