// Package store defines the records the core persists: turns, conversations,
// transcripts, the outbox and cases. Implementations (store/bolt) encrypt
// everything a person wrote or the bot answered; the types here are the
// plaintext view the core works with.
package store

import (
	"errors"
	"time"

	"amtsbote/cases"
)

// Errors every implementation returns.
var (
	ErrNotFound = errors.New("store: not found")
	ErrClosed   = errors.New("store: closed")
	// ErrSlotTaken fails a turn whose booking would give an appointment
	// slot to more citizens than the office has counters (see BookingConflict).
	ErrSlotTaken = errors.New("store: appointment slot taken")
	// ErrBookingChanged fails a turn that moves or cancels a booking which
	// another turn changed since (see BookingConflict).
	ErrBookingChanged = errors.New("store: booking changed meanwhile")
)

// Conversation is one conversation's current record.
type Conversation struct {
	ID      string
	Channel string // the channel replies go to: the one the citizen wrote on last
	Address string // the citizen's address on that channel
	State   []byte // the dialog engine's state (serialized)
	Meta    Meta
	Created time.Time
	Updated time.Time
}

// Meta is what may be indexed in plaintext about a conversation.
type Meta struct {
	Language        string `json:"language,omitempty"`
	Service         string `json:"service,omitempty"`
	WaitingForStaff bool   `json:"waiting_for_staff,omitempty"`
	Department      string `json:"department,omitempty"`
}

// Entry is one line of a transcript: what someone wrote or the bot answered.
type Entry struct {
	Seq  uint64    // position in the transcript, from 1; set by the store
	Time time.Time // when it was written; zero means the turn's time
	Kind string    // "in" (citizen or staff inbound) or "out" (reply)
	Body []byte    // the message, serialized (channels.Inbound or channels.Outbound as JSON)
}

// Transcript entry kinds.
const (
	EntryIn  = "in"
	EntryOut = "out"
)

// OutboxItem is a reply to deliver, written in the same commit as the turn
// that produced it.
type OutboxItem struct {
	Channel string
	Address string
	Body    []byte // channels.Outbound as JSON
	// Decoded, optional, is Body as the writer had it before encoding (a
	// channels.Outbound). It is never stored; an implementation may hand it
	// back in this item's Delivery from memory, sparing the reader a parse.
	Decoded any
	// At, when set, schedules the item: it is not delivered before then
	// (an appointment reminder). A scheduled item holds back no other item.
	At time.Time
}

// CaseIndexEntry is the plaintext part of a case: enough to answer status
// questions without opening anything.
type CaseIndexEntry struct {
	Ref, Service, Status, Department, Conversation string
	Created                                        time.Time
	SecretMAC                                      []byte
}

// Turn is everything one inbound message changes, committed atomically.
type Turn struct {
	Conversation string    // the conversation; created when it does not exist yet
	Channel      string    // channel the message came in on ("" keeps the stored one)
	Address      string    // citizen's address on it ("" keeps the stored one)
	Bind         bool      // bind (Channel, Address) to this conversation for look-ups
	DedupeKey    string    // channel + message id; empty means no de-duplication
	Time         time.Time // when the turn happened
	State        []byte    // the new dialog state
	Meta         Meta
	Entries      []Entry // inbound first, then replies
	Outbox       []OutboxItem
	Cases        []cases.Case // the cases submitted; Conversation is the turn's
	// Bookings are appointments made, moved or cancelled; the commit fails
	// with a *BookingConflict when one no longer fits (see BookingChange).
	Bookings []BookingChange
	// Amendments change submitted cases of this conversation (see Amendment).
	Amendments []Amendment
}

// Amendment replaces a submitted case's answers with the ones the citizen
// gave when staff asked for more. The case must belong to the turn's
// conversation. A case in status Waiting moves to Change.Status; in any
// other status it stays (staff decided meanwhile), and the change is
// recorded all the same. A case deleted meanwhile is skipped.
type Amendment struct {
	Ref     string
	Answers map[string]string // all answers after the change
	Waiting string            // the status that waited for the answer ("needs-info")
	Change  cases.Change      // the history entry; Status is where Waiting goes
}

// TurnResult is what a committed turn produced.
type TurnResult struct {
	Duplicate bool     // the dedupe key was seen before: nothing was written
	OutboxIDs []string // ids of the outbox items, in order
	// Amended are the Amendments' history entries as recorded (From and
	// Status as the store found and left the case), in order; a zero entry
	// for a case that no longer exists.
	Amended []cases.Change
}

// Delivery is an outbox item due for delivery, decrypted.
type Delivery struct {
	ID           string
	Channel      string
	Conversation string
	Address      string
	Body         []byte
	Decoded      any // OutboxItem.Decoded when the item came from memory; else nil: parse Body
	Attempts     int
	Created      time.Time
	NextAt       time.Time
}
