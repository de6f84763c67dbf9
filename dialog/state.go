package dialog

import (
	"maps"
	"slices"
)

// State is one conversation's dialog state: everything the engine remembers
// between two messages. It is stored as JSON; the zero State is a fresh
// conversation whose language is decided by its first message.
//
// Phase says where the conversation is (phase.go lists the phases with
// their invariants); the fields below hold what that phase needs. Only the
// transitions of phase.go change Phase, Form, Field, Paused, Staff and
// Amend. A state stored before phases were written down has no Phase: it
// gets the one its fields show when it is read (migrate).
type State struct {
	Phase   Phase             `json:"phase,omitempty"`   // see phase.go; "" only in a state not yet read by the engine
	Lang    string            `json:"lang,omitempty"`    // "de" or "en"; "" before the first message
	Form    string            `json:"form,omitempty"`    // id of the service whose form is in progress
	Field   string            `json:"field,omitempty"`   // field being asked; "" with Form set: the summary
	Answers map[string]string `json:"answers,omitempty"` // canonical answers; "" marks a skipped optional field
	Paused  bool              `json:"paused,omitempty"`  // the form waits for "resume"
	Staff   bool              `json:"staff,omitempty"`   // waiting for a member of staff
	Misses  int               `json:"misses,omitempty"`  // messages in a row the bot did not understand
	Cases   []CaseRef         `json:"cases,omitempty"`   // applications submitted here, newest last
	// Amend, while set, is a submitted case the form is asking again
	// (needs-info): Form is the case's service and Answers its answers.
	Amend *Amending `json:"amend,omitempty"`
	// Lookups are the times (Unix seconds) of the failed lookups of other
	// conversations' cases within the last hour, oldest first, at most
	// lookupLimit of them: the guessing limit of lookups.go.
	Lookups []int64 `json:"lookups,omitempty"`
}

// CaseRef is an application submitted in this conversation, remembered so
// the citizen can ask about it.
type CaseRef struct {
	Ref     string `json:"ref"`
	Service string `json:"service"`
	Status  string `json:"status,omitempty"` // last status this conversation knows (see Engine.CaseUpdate)
	Secret  string `json:"secret,omitempty"` // the case's access code, for asking CaseStatuses
}

// maxCaseRefs bounds State.Cases; older entries are dropped.
const maxCaseRefs = 10

// Language returns the conversation's language, "de" until one was decided.
func (s State) Language() string {
	if s.Lang == "en" {
		return "en"
	}
	return "de"
}

// Service returns the id of the service whose form is in progress, or "".
func (s State) Service() string { return s.Form }

// WaitingForStaff reports whether the conversation waits for a member of
// staff; the bot stays silent until staff answer or the citizen returns.
func (s State) WaitingForStaff() bool { return s.Staff }

// clone returns a copy of s that shares no map or slice with it.
func (s State) clone() State {
	c := s
	c.Answers = maps.Clone(s.Answers)
	c.Cases = slices.Clone(s.Cases)
	c.Amend = s.Amend.clone()
	return c
}
