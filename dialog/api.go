// Package dialog is the channel-agnostic dialog engine: it works out what a
// citizen needs and walks them through it, deciding in memory from a
// conversation's state and one inbound message what the new state, the
// replies and the effects (cases, escalations) are. It does no I/O.
package dialog

import (
	"time"

	"amtsbote/answers"
	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/text"
)

// Match is what a Router found in one message.
type Match struct {
	Intent     string  // service id, IntentStaff, IntentStatus, or "" when nothing fits
	Confidence float64 // 0..1
	Language   string  // the message's language: "de", "en", "uk", "tr", "ar" or "ru"
	// Runner-up is the second-best intent when it is close to the best one,
	// so the engine can ask which of the two was meant.
	RunnerUp string
}

// Special intents besides the service ids.
const (
	IntentStaff  = "talk-to-staff" // wants a person
	IntentStatus = "case-status"   // asks about an application already made
)

// Thresholds of the router's confidence that the engine acts on.
const (
	// RouteThreshold is the confidence from which a message starts the
	// service (or special intent) it routes to.
	RouteThreshold = 0.5
	// DigressionConfidence is the confidence from which a message in the
	// middle of a form counts as being about something else even without a
	// question mark (see turn.digression).
	DigressionConfidence = 0.75
)

// Router classifies one message. It must be pure and fast.
type Router interface {
	Route(text string) Match
}

// Refs hands out case reference numbers like "AB-2026-000042".
type Refs interface {
	NextCaseRef(now time.Time) string
}

// Usage tells which services citizens used most recently, most used first.
type Usage interface {
	Top(n int) []string
}

// Escalation says a member of staff is needed: the conversation waits for
// one (reasons "asked" and "stuck"), or a case just submitted must be
// reviewed by its department (reason "review"; the bot keeps answering).
type Escalation struct {
	Reason     string // ReasonAsked, ReasonStuck or ReasonReview
	Service    string // service in progress or of the case, if any
	Department string // department of that service, if any
	Case       string // with ReasonReview: the case's reference
	Note       string // with ReasonReview: why (for staff, in German)
}

// Reasons of an Escalation.
const (
	ReasonAsked  = "asked"  // the citizen asked for a person
	ReasonStuck  = "stuck"  // the bot gave up
	ReasonReview = "review" // a submitted case needs a member of staff
)

// BookingChange is an appointment a Submitter made, moved or cancelled in
// this turn. The caller commits it with the turn, and the commit fails when
// its slot was taken meanwhile (then the turn is decided again).
type BookingChange struct {
	cases.Booking
	// Reminder, when set, is delivered on the conversation's channel at its
	// time; it replaces the booking's earlier one.
	Reminder *Reminder
}

// Reminder is a message delivered later on the conversation's channel.
type Reminder struct {
	At      time.Time
	Message channels.Outbound
}

// Mail is a message mailed on its own to an address a citizen gave in a
// form (a case's confirmation). The caller commits it with the turn to the
// email channel's outbox; Message.Mail is set.
type Mail struct {
	To      string
	Message channels.Outbound
}

// Transcript is a request to attach the conversation so far as a text
// file, with the words for it in the citizen's language.
type Transcript struct {
	Reply    int    // index into Result.Replies of the reply that carries the file
	Name     string // file name, like "gespraech-2026-11-29.txt"
	Title    string // first line of the file
	Citizen  string // how the citizen's lines are marked ("Sie")
	Bot      string // the assistant's ("Assistent")
	Staff    string // staff's ("Mitarbeiterin/Mitarbeiter")
	Location *time.Location
}

// Result is everything one step decided.
type Result struct {
	State   State
	Replies []channels.Outbound
	Mails   []Mail
	// Rated is the rating this turn gave or completed with a comment (also
	// kept in State.Rating), for the caller to count.
	Rated *Rating
	// Transcript, when set, asks the caller to attach the conversation's
	// transcript as a text file to the reply Transcript.Reply.
	Transcript *Transcript
	Cases      []cases.Case
	Escalation *Escalation
	Bookings   []BookingChange
	Amendments []cases.Amendment
	// AnswerRatings are the citizen's answers to "Hat das geholfen?" given
	// in this turn; the caller counts them once the turn is committed.
	AnswerRatings []AnswerRating
}

// AnswerRating is one "Hat das geholfen?" answered: Helpful says "Ja".
type AnswerRating struct {
	Answer  string
	Helpful bool
}

// Knowledge is the city's knowledge base as the engine reads it: answers
// rendered in a language (with the current hours and address of their
// office) and a search over their texts. Answer ids never equal service
// ids. It must only read memory and be safe for concurrent use; the city's
// edits replace what it returns between two turns.
type Knowledge interface {
	// Answer returns the answer id in lang (or in German when it has no
	// lang), false for an id that is no answer.
	Answer(id, lang string) (answers.Rendered, bool)
	// Search returns the ids of the k answers that fit text best.
	Search(lang, text string, k int) []string
}

// CaseInfo is what the portal knows about a case right now.
type CaseInfo struct {
	Service string
	Status  string
	Changed time.Time // when the status last changed
}

// CaseStatuses is a read-only, in-memory view of the cases' current
// statuses, kept up to date by whoever changes them (the staff and case
// lifecycle). Status answers only when secret is the case's access code, so
// a reference alone tells nobody anything; it must compare in constant time.
type CaseStatuses interface {
	CaseStatus(ref, secret string) (CaseInfo, bool)
}

// CaseUpdate is a change of a case that the citizen is to be told about.
type CaseUpdate struct {
	Ref         string
	Status      string                // the new status
	Note        string                // optional words from staff, said after the status
	Attachments []channels.Attachment // e.g. the permit PDF once staff approved it
}

// LinkCodes makes the codes with which a citizen continues a conversation
// on another channel (Telegram's /start CODE). A code names the
// conversation and expires; making one is pure computation.
type LinkCodes interface {
	LinkCode(conversation string, now time.Time) string
}

// LinkValidity is how long a link code works.
const LinkValidity = 30 * time.Minute

// StaffPresence tells whether a member of a department can answer a
// citizen now (someone is online and it is within office hours). The staff
// console implements it; it must only read memory.
type StaffPresence interface {
	Available(department string, now time.Time) bool
}

// HoursTeller is an optional ability of a StaffPresence: a department's
// office hours as the city keeps them now (an admin's change in the staff
// console included), written out in lang; "" when it knows none. Without
// it the engine shows the hours of the departments file.
type HoursTeller interface {
	HoursText(department, lang string) string
}

// Texts is what the engine needs of the text catalog (*text.Catalog):
// every sentence it shows is a key "dialog.*" of it.
type Texts interface {
	// Text is key's text in l (or the language l falls back to) with its
	// placeholders filled from args, given as name, value pairs.
	Text(l text.Lang, key string, args ...any) string
	// Time is t written by the layout key holds in l ("date.date").
	Time(l text.Lang, key string, t time.Time) string
}

// textsOr returns t, or the built-in catalog when t is nil.
func textsOr(t Texts) Texts {
	if c, ok := t.(*text.Catalog); t == nil || ok && c == nil {
		return text.MustBuiltin()
	}
	return t
}

// Languages is the ability of a Router (route.Router) to tell a
// conversation's language; found by type assertion.
type Languages interface {
	// Language is the conversation's language after a message in current:
	// the one asked for, else the one the message is written in, else current.
	Language(current, text string) string
	// Requested is the language a message asks for ("Türkçe lütfen"),
	// "" when it asks for none.
	Requested(text string) string
}
