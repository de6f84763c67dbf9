package dialog

// appointmentService is the id of the service that books appointments;
// in-person services hand over to it when the catalog has it.
const appointmentService = "appointment"

// concernField is the appointment form's field that names what the
// appointment is for: a hand-over from an in-person service answers it with
// that service's id (when the field offers it), so it is not asked again.
const concernField = "concern"

// contactService is the service that takes a request for an answer by
// email or a call-back when nobody can answer now.
const contactService = "contact-request"

// contactDepartment is the answer that names whom a contact request is for.
const contactDepartment = "for_department"

// confirmField is the form field that holds the address a case's
// confirmation is mailed to (a field of type email). Optional, it is not
// asked when no email channel is configured.
const confirmField = "email"

// feeAnswer is the case answer that holds the computed fee, like "42.00".
const feeAnswer = "fee"

// menuSize is how many frequently used services the menu offers.
const menuSize = 6

// Option values of a yes/no field; form.Parse reads them as its canonical answers.
const (
	optYes = "yes"
	optNo  = "no"
)

// maxCaseRefs bounds State.Cases; older entries are dropped.
const maxCaseRefs = 10
