// Package dialog is the channel-agnostic dialog engine: it works out what a
// citizen needs and walks them through it, deciding in memory from a
// conversation's state and one inbound message what the new state, the
// replies and the effects (cases, escalations) are. It does no I/O.
package dialog

import (
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
)

// Match is what a Router found in one message.
type Match struct {
	Intent     string  // service id, IntentStaff, IntentStatus, or "" when nothing fits
	Confidence float64 // 0..1
	Language   string  // "de" or "en"
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

// Result is everything one step decided.
type Result struct {
	State      State
	Replies    []channels.Outbound
	Cases      []cases.Case
	Escalation *Escalation
	Bookings   []BookingChange
	Amendments []cases.Amendment
}
