// Package cases is the domain of applications and appointments: a Case and
// its statuses and life cycle, a Booking and its statuses, and the history of
// a case's changes. The engine, the store, the staff console and the back
// office all speak these types; the package imports only the standard library.
package cases

import "time"

// The statuses of a case. Its life cycle:
//
//	submitted → in-review → approved | rejected | needs-info → closed
//
// needs-info goes back to in-review when the citizen has answered. A case
// starts as submitted, or as approved when a handler approved it without
// staff (the automatic resident parking permit).
const (
	Submitted = "submitted"
	InReview  = "in-review"
	Approved  = "approved"
	Rejected  = "rejected"
	NeedsInfo = "needs-info"
	Closed    = "closed"
)

// Statuses are the case statuses in the order of the life cycle.
func Statuses() []string {
	return []string{Submitted, InReview, Approved, Rejected, NeedsInfo, Closed}
}

// Case is an application a citizen submitted. Its JSON is the record the
// back office receives (without Secret and Conversation).
type Case struct {
	Ref     string            `json:"ref"`
	Service string            `json:"service"`
	Answers map[string]string `json:"answers"` // canonical values by field name, plus computed ones ("fee")
	Status  string            `json:"status"`  // Submitted, or Approved when a handler approved it
	Created time.Time         `json:"created"`
	// Secret is the case's access code, told to the citizen once: with the
	// reference it opens the case's status from any conversation. The store
	// keeps only an HMAC of it, like a password; read back it is empty.
	Secret string `json:"secret"`
	// Department handles the case: the service's, or the one a handler or
	// an appointment's concern chose.
	Department string `json:"department,omitempty"`
	// Review says why a member of staff must look at the case before it
	// is decided; empty when the case takes its normal course.
	Review string `json:"review,omitempty"`
	// Amended, in a hand-off to the back office only, names the answers
	// the citizen changed when staff asked for more.
	Amended []string `json:"amended,omitempty"`
	// Conversation is the conversation the case was submitted in; the
	// store sets it from the turn. It never leaves the portal.
	Conversation string `json:"-"`
}

// Change is one status change of a case, an entry of its history. Note (a
// reason or a question to the citizen) is personal data: the store keeps it
// sealed with the conversation's key.
type Change struct {
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	From   string    `json:"from"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
	Field  string    `json:"field,omitempty"` // needs-info: the form field to ask again, if known
	// Amended names the answers the citizen changed (an amendment); the
	// change is then the citizen's, and Actor is empty.
	Amended []string `json:"amended,omitempty"`
}

// ValidTransition reports whether a case may change from status from to
// status to.
func ValidTransition(from, to string) bool {
	switch from {
	case Submitted:
		return to == InReview
	case InReview:
		return to == Approved || to == Rejected || to == NeedsInfo
	case NeedsInfo:
		return to == InReview || to == Closed
	case Approved, Rejected:
		return to == Closed
	}
	return false
}

// Known reports whether s is one of the case statuses.
func Known(s string) bool {
	_, _, ok := statusWords(s)
	return ok
}

// statusWords name status s to the citizen, in German and English.
func statusWords(s string) (de, en string, ok bool) {
	switch s {
	case Submitted:
		return "eingegangen", "received", true
	case InReview:
		return "in Bearbeitung", "being processed", true
	case Approved:
		return "genehmigt", "approved", true
	case Rejected:
		return "abgelehnt", "rejected", true
	case NeedsInfo:
		return "Rückfrage – wir brauchen noch Angaben von Ihnen", "query – we need more information from you", true
	case Closed:
		return "abgeschlossen", "closed", true
	}
	return "", "", false
}

// StatusText names status s in lang ("de" or "en") for the citizen; an
// unknown status is returned as it is.
func StatusText(s, lang string) string {
	de, en, ok := statusWords(s)
	switch {
	case !ok:
		return s
	case lang == "en":
		return en
	}
	return de
}

// Amendment is a submitted case whose answers the citizen changed in a
// turn, answering what staff asked (needs-info). The gateway commits the
// new answers with the turn and moves the case back to in-review.
type Amendment struct {
	Ref        string
	Service    string
	Department string            // who handles the case
	Created    time.Time         // when the case was submitted
	Field      string            // the field staff asked about
	Answers    map[string]string // all of the case's answers after the change
	Changed    []string          // names of the answers that changed, sorted
	// Status is the case's status after the amendment: InReview as the
	// engine decides it; the caller sets what its store recorded.
	Status string
}
