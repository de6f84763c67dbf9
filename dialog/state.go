package dialog

import (
	"maps"
	"slices"
	"time"

	"amtsbote/text"
)

// State is one conversation's dialog state: everything the engine remembers
// between two messages. It is stored as JSON; the zero State is a fresh
// conversation whose language is decided by its first message.
//
// Phase says where the conversation is (the phases below list
// their invariants); the fields below hold what that phase needs. Only the
// transitions of phase.go change Phase, Form, Field, Paused, Staff and
// Amend. A state stored before phases were written down has no Phase: it
// gets the one its fields show when it is read (migrate).
type State struct {
	Phase   Phase             `json:"phase,omitempty"`   // see Phase; "" only in a state not yet read by the engine
	Lang    string            `json:"lang,omitempty"`    // the citizen's language (text.All); "" before the first message
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
	// Rating is how the citizen rated the conversation, the last time.
	Rating *Rating `json:"rating,omitempty"`
	// Remark: the citizen just rated, and the next typed message that is
	// no command is the rating's comment (see acts.rate).
	Remark bool `json:"remark,omitempty"`
	// Rate, while set, is the answer the bot just gave and asked "Hat das
	// geholfen?" about: the next message may rate it ("ja", "nein").
	// It lives one message: the engine clears it when the next one comes
	// (answers.go), whatever the phase; it is no phase of its own.
	Rate *Asked `json:"rate,omitempty"`
}

// Asked is an answer awaiting its rating, and the next best answers for
// the question it answered, offered after a "Nein".
type Asked struct {
	Answer string   `json:"answer"`
	Next   []string `json:"next,omitempty"`
}

// Rating is a citizen's verdict on a conversation: two options and an
// optional comment.
type Rating struct {
	Score   string    `json:"score"` // RatingGood or RatingBad
	Comment string    `json:"comment,omitempty"`
	At      time.Time `json:"at"`
	// Service is what the conversation was about when it was rated: the
	// form in progress, else the newest application submitted; "" for
	// neither. Department is that service's department ("" for none).
	Service    string `json:"service,omitempty"`
	Department string `json:"department,omitempty"`
}

// The two scores of a Rating.
const (
	RatingGood = "good"
	RatingBad  = "bad"
)

// Phase is where a conversation is. Each phase has one handler in the
// engine (phases.go) and holds these invariants over State:
type Phase string

const (
	// PhaseMenu: no form in progress (Form, Field, Answers and Amend
	// empty, not Paused, not Staff). Typed text is routed to a service.
	PhaseMenu Phase = "menu"
	// PhaseAsking: Form is in progress and Field, a relevant field of it,
	// is being asked; not Paused, not Staff, no Amend.
	PhaseAsking Phase = "asking"
	// PhaseSummary: Form is in progress, every relevant field has an
	// answer (Field empty), and the summary waits for "submit"; not
	// Paused, not Staff, no Amend.
	PhaseSummary Phase = "summary"
	// PhasePaused: Form is in progress but Paused: the menu, a side
	// question or a hand-over came in between; "resume" (or a valid
	// answer to Field) continues it. Not Staff.
	PhasePaused Phase = "paused"
	// PhaseAmending: Amend is set: staff asked again for Field of the
	// submitted case Amend.Ref, whose answers are Answers; the form that
	// was in progress before waits in Amend.Held. Not Paused, not Staff.
	PhaseAmending Phase = "amending"
	// PhaseWaiting: Staff: the conversation waits for a member of staff
	// and the bot stays silent but for "menu", "cancel", "bot" and the
	// contact and booking options. A form in progress is kept, Paused.
	PhaseWaiting Phase = "waiting"
)

// CaseRef is an application submitted in this conversation, remembered so
// the citizen can ask about it.
type CaseRef struct {
	Ref     string `json:"ref"`
	Service string `json:"service"`
	Status  string `json:"status,omitempty"` // last status this conversation knows (see Engine.CaseUpdate)
	Secret  string `json:"secret,omitempty"` // the case's access code, for asking CaseStatuses
}

// HeldForm is a form set aside while a case is amended.
type HeldForm struct {
	Form    string            `json:"form"`
	Field   string            `json:"field,omitempty"`
	Answers map[string]string `json:"answers,omitempty"`
}

// Amending is a submitted case whose answer the citizen is being asked
// again. While it lasts the case's answers are the form's (State.Answers)
// and a form that was in progress is held aside.
type Amending struct {
	Ref        string            `json:"ref"`
	Department string            `json:"department,omitempty"`
	Created    time.Time         `json:"created"`
	Field      string            `json:"field"`          // the field staff asked about
	Before     map[string]string `json:"before"`         // the case's answers when it was reopened
	Held       *HeldForm         `json:"held,omitempty"` // the form in progress before, continued afterwards
}

// Language returns the language the engine writes in: "de" or "en", the
// citizen's language (Citizen) or the one it falls back to (text.Lang's
// Fallback: Leichte Sprache to German, the others to English); "de"
// until one was decided.
func (s State) Language() string {
	l, err := text.Parse(s.Lang)
	for err == nil && l != text.De && l != text.En {
		l, _ = l.Fallback()
	}
	if l == text.En {
		return "en"
	}
	return "de"
}

// Citizen returns the citizen's language, one of text.All ("tr", "de-x-ls"),
// as chosen in a channel's language menu, named by the citizen's app or
// decided by the first message; "de" until one was decided. Staff see it
// and speak it (the console's notices, canned replies).
func (s State) Citizen() string {
	if l, err := text.Parse(s.Lang); err == nil && s.Lang != "" {
		return string(l)
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
	if s.Rating != nil {
		r := *s.Rating
		c.Rating = &r
	}
	if s.Rate != nil {
		r := *s.Rate
		r.Next = slices.Clone(s.Rate.Next)
		c.Rate = &r
	}
	return c
}

func (a *Amending) clone() *Amending {
	if a == nil {
		return nil
	}
	c := *a
	c.Before = maps.Clone(a.Before)
	if a.Held != nil {
		h := *a.Held
		h.Answers = maps.Clone(a.Held.Answers)
		c.Held = &h
	}
	return &c
}
