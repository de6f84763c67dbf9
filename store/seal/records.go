package seal

import "time"

// The records below are a store's contents as they are at rest: what a
// person wrote or the bot answered sealed with the conversation's key (or
// encrypted to the portal key), look-up keys as MACs under the index key.
// One store hands them out (bolt.Export) and another takes them
// (postgres.DB's Load methods), so that an installation moves between
// stores without anything being opened. Times are UTC.

// Conversation is a conversation record with its key and transcript.
type Conversation struct {
	ID         string
	Channel    string
	Language   string
	Service    string
	Waiting    bool // waiting for staff
	Department string
	Created    time.Time
	Updated    time.Time
	LastSeq    uint64
	Sealed     []byte // ConvSecret, sealed with the conversation's key
	Key        []byte // the conversation's key wrapped to the portal key; nil when erased
	Entries    []Entry
}

// Entry is a transcript entry.
type Entry struct {
	Seq    uint64
	Time   time.Time
	Kind   string // store.EntryIn or store.EntryOut
	Sealed []byte
}

// Ref ties a MAC to a conversation: a channel address bound to it
// (endpoints, Time zero) or a message id seen (dedupe keys).
type Ref struct {
	MAC          []byte
	Conversation string
	Time         time.Time
}

// OutboxItem is a reply waiting for delivery. ID is the item's number
// (the outbox id is its %016x form).
type OutboxItem struct {
	ID           uint64
	Channel      string
	Conversation string
	Attempts     int
	Created      time.Time
	NextAt       time.Time
	Scheduled    bool
	Sealed       []byte // OutboxSecret
}

// DeadLetter is an outbox item given up on, with its sealed reason.
type DeadLetter struct {
	OutboxItem
	Failed time.Time
	Reason []byte
}

// Case is a submitted case with its history.
type Case struct {
	Ref, Service, Status, Conversation, Department string
	Created                                        time.Time
	Sealed                                         []byte // the answers
	Review                                         []byte // the review note; nil for none
	SecretMAC                                      []byte // the access code's MAC; nil for none
	History                                        []Change
}

// Change is one entry of a case's history, its note sealed.
type Change struct {
	Time                       time.Time
	Actor, From, Status, Field string
	Amended                    []string
	Note                       []byte // nil for none
}

// Booking is an appointment; Holds says whether it occupies its slots.
type Booking struct {
	Ref, Office, Service, Department string
	Start, End                       time.Time
	Slots                            []time.Time
	Status                           string
	Holds                            bool
	Rev                              uint64
	Conversation                     string
	Created, Updated                 time.Time
	SecretMAC                        []byte
	Sealed                           []byte // who comes
	Reminder                         uint64 // the reminder's outbox item; 0 for none
}

// State is a channel's value: its key's MAC and the value encrypted to
// the portal key.
type State struct {
	MAC, Sealed []byte
}

// Notes are a conversation's internal notes, oldest first, each sealed.
type Notes struct {
	Conversation string
	Sealed       [][]byte
}

// Sequences are the counters a store hands out numbers from: every number
// below or at them may be in use.
type Sequences struct {
	Outbox uint64 // outbox items (and dead letters)
	Canned uint64 // canned replies ("c<n>")
	Audit  uint64 // audit entries
}
