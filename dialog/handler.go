package dialog

import (
	"io"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
)

// Handler is the Go logic of one service, for what its definition cannot
// express. It has no methods of its own: a handler implements one or more
// of the abilities AnswerChecker, Optioner and Submitter, which the engine
// finds by type assertion (as maddy finds a module's abilities). Handlers
// are given to New in Options.Handlers, by service id.
//
// A handler runs inside Step, so it must be as pure as the engine: it reads
// only in-memory data it was given when it was built (a zone table, a
// read-only view of issued permits, ...), does no I/O, and is safe for
// concurrent use. What it decides becomes an effect of the Result, which the
// caller commits or throws away.
type Handler any

// Answer is one answer a handler checks, with the form around it.
type Answer struct {
	Service string
	Field   string
	Value   string            // canonical, as the field type's check gave it
	Answers map[string]string // the answers so far; read only
	Lang    string            // "de" or "en"
	Now     time.Time
	// Cases are the applications submitted in this conversation, with
	// their access codes (an appointment to move, say).
	Cases []CaseRef
}

// Check is what a handler says about one answer.
type Check struct {
	// Problem refuses the answer: the field is asked again with this reason.
	Problem *form.Problem
	// Value, when not empty, is stored instead of the answer (a street name
	// spelt as in the city's register, for example).
	Value string
	// Note is said before the next question (a hint, not a refusal).
	Note catalog.Text
	// Fill answers later fields, which are then not asked but shown on the
	// summary (the plate and street of a permit being renewed, say).
	Fill map[string]string
	// Again takes the answer as a request, not as the answer: Fill is
	// stored (it may also change earlier answers) and the field is asked
	// again after Note ("later", "another day" at a slot question).
	Again bool
	// SecretChecked says the answer named a case by reference and access
	// code and the handler checked the pair: a Problem then counts as a
	// failed lookup, limited per conversation like status questions.
	SecretChecked bool
}

// AnswerChecker checks answers beyond what the field's type and rules can:
// a street must lie in a parking zone, a business activity must be precise.
// It is called for every valid answer of the handler's service, after the
// type check and before the answer is stored.
type AnswerChecker interface {
	CheckAnswer(a Answer) Check
}

// Optioner gives the options of a choice field at the moment it is asked,
// instead of those in the definition: free appointment slots, for example.
// ok false keeps the definition's options. The field must be a choice in
// the definition (with at least two placeholder options).
type Optioner interface {
	FieldOptions(service, field string, answers map[string]string, lang string, now time.Time) (opts []catalog.OptionDef, ok bool)
}

// Suggester offers answers to a field that takes typed input (a text
// field), shown as options: a picked one is read as if it were typed, so
// the AnswerChecker sees it. a.Value is the field's current answer, if any.
type Suggester interface {
	Suggest(a Answer) []channels.Option
}

// Displayer shows a canonical answer of its service to the citizen (on
// the summary and after "So far:"); ok false shows it as the type does.
type Displayer interface {
	DisplayAnswer(service, field, value, lang string) (text string, ok bool)
}

// Submission is a completed form on its way to becoming a case.
type Submission struct {
	Service string
	Ref     string            // the case's reference
	Answers map[string]string // the answers with the computed fee; the handler's own copy
	Lang    string
	Now     time.Time
	Rand    io.Reader // randomness for codes the handler issues (a verification code, say)
	Cases   []CaseRef // the applications submitted in this conversation
}

// Decision is what a Submitter decided about a case.
type Decision struct {
	// Answers are added to the case's answers: computed values such as a
	// zone, a validity period or a verification code.
	Answers map[string]string
	// Status is the case's first status: "" or cases.Submitted for the normal
	// course, cases.Approved when every check passed and no member of staff
	// needs to decide. Other values are read as cases.Submitted.
	Status string
	// Review, when set, sends the case to its department's staff and says
	// why (for staff, in German); the Result carries an Escalation.
	Review string
	// Department, when set, hands the case to another department.
	Department string
	// Reply is said to the citizen after the confirmation, with Attachments
	// (the issued permit as a PDF, for example).
	Reply       catalog.Text
	Attachments []channels.Attachment
	// Bookings are appointments made, moved or cancelled: effects of the
	// turn (Result.Bookings). A new booking with the case's Ref gets the
	// case's access code as its Secret.
	Bookings []BookingChange
	// NoCase says the submission is no application (moving or cancelling
	// an appointment): no case is made and only Reply is said.
	NoCase bool
	// Redo names a field to ask again instead of submitting (a slot taken
	// meanwhile): its answer is dropped, Reply is said before the
	// question, and nothing else of the Decision applies.
	Redo string
}

// Submitter decides about a case when the citizen submits the form: the
// first status, computed answers, a reply. An error makes the engine take
// the case in the normal course and send it to staff for review.
type Submitter interface {
	Submit(s Submission) (Decision, error)
}
