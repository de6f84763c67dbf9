package store

import "time"

// Retention says how long data is kept.
type Retention struct {
	// ConversationIdle is how long a conversation is kept after its last
	// turn; zero keeps conversations for ever.
	ConversationIdle time.Duration
	// Cases is how long a case is kept after it was created, by status. A
	// conversation is deleted only when every case of it may go; a status
	// missing here (e.g. "submitted") keeps its conversation.
	Cases map[string]time.Duration
}

// Deleted is what a store's Delete removed, for the in-memory views of a
// running server that must forget it too (the case index, the permit
// registry, the gateway's cached states).
type Deleted struct {
	Conversations []string // the conversations asked to be deleted
	Cases         []string // the references of their cases that were deleted
}
