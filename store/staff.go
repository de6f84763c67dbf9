package store

import (
	"errors"
	"time"
)

// Errors of the staff records.
var (
	ErrExists     = errors.New("store: exists already")
	ErrClaimed    = errors.New("store: claimed by another member of staff")
	ErrTransition = errors.New("store: status change not allowed") // by the case lifecycle (cases.ValidTransition)
)

// Staff roles: an agent works the queue and the cases of their department;
// an admin sees every department and manages staff, departments and canned
// replies.
const (
	RoleAgent = "agent"
	RoleAdmin = "admin"
	// RoleEditor is an agent of a department who also edits that
	// department's answers of the knowledge base (issue 19).
	RoleEditor = "editor"
)

// PasswordHash is an argon2id hash with the parameters it was made with.
type PasswordHash struct {
	Time    uint32 `json:"t"`
	Memory  uint32 `json:"m"` // KiB
	Threads uint8  `json:"p"`
	Salt    []byte `json:"salt"`
	Key     []byte `json:"key"`
}

// StaffAccount is a member of staff who may log in to the console.
type StaffAccount struct {
	Username   string       `json:"username"`
	Name       string       `json:"name"` // first name shown to citizens, e.g. "Anna"
	Department string       `json:"department"`
	Role       string       `json:"role"`
	Password   PasswordHash `json:"password"`
	Created    time.Time    `json:"created"`
	Disabled   bool         `json:"disabled,omitempty"`
}

// StaffSession is a console login. ID is the SHA-256 of the cookie's token,
// so the store never holds a token that works.
type StaffSession struct {
	ID       string    `json:"id"`
	Username string    `json:"username"`
	CSRF     string    `json:"csrf"`
	Created  time.Time `json:"created"`
	Expires  time.Time `json:"expires"`
}

// LoginFailures counts the login attempts of one username that failed or
// still run, within the failure window, and its lock.
type LoginFailures struct {
	Count       int       `json:"count"`
	Last        time.Time `json:"last"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// Reserve counts an attempt at now before its password is checked: false
// (and f unchanged) while the username is locked or limit attempts of the
// window are counted already. Every store applies it, atomically, in
// ReserveLoginAttempt.
func (f *LoginFailures) Reserve(now time.Time, limit int, window time.Duration) bool {
	if f.LockedUntil.After(now) {
		return false
	}
	if now.Sub(f.Last) > window {
		f.Count = 0
	}
	if f.Count >= limit {
		return false
	}
	f.Count++
	f.Last = now
	return true
}

// End ends a reserved attempt: a failed one stays counted and, with limit
// attempts counted, locks the username until now+lock and starts the count
// again; any other is given back. Every store applies it in EndLoginAttempt.
func (f *LoginFailures) End(now time.Time, failed bool, limit int, lock time.Duration) {
	switch {
	case !failed:
		f.Count = max(f.Count-1, 0)
	case f.LockedUntil.After(now):
		// locked already by a parallel attempt
	case f.Count >= limit:
		f.LockedUntil, f.Count = now.Add(lock), 0
	}
}

// StaffConversation is what the console keeps about a conversation that
// waits for or is handled by staff, besides the conversation's own record.
type StaffConversation struct {
	ID         string    `json:"id"`
	Department string    `json:"department"`       // whose queue it is in; "" is the general queue
	Since      time.Time `json:"since"`            // waiting since
	Reason     string    `json:"reason,omitempty"` // "asked", "needs-info", "transfer"
	Agent      string    `json:"agent,omitempty"`  // who claimed it; "" nobody
	Claimed    time.Time `json:"claimed,omitzero"`
}

// ConversationInfo is the plaintext part of a conversation record, read
// without opening anything sealed.
type ConversationInfo struct {
	ID      string
	Channel string
	Meta    Meta
	Created time.Time
	Updated time.Time
}

// Note is an internal note on a conversation, never shown to the citizen.
// Stored sealed with the conversation's key: notes are personal data.
type Note struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
}

// CannedReply is a prepared answer staff insert into a reply.
type CannedReply struct {
	ID         string `json:"id"`
	Department string `json:"department"`         // "" means every department
	Language   string `json:"language,omitempty"` // "de", "en"; "" means every language
	Title      string `json:"title"`
	Text       string `json:"text"`
}

// Department is a team of the city's staff with its office hours.
type Department struct {
	ID    string        `json:"id"`
	Name  string        `json:"name"`  // shown to citizens: "… aus dem Team <Name>"
	Hours []OfficeHours `json:"hours"` // none: the departments file's (staff.Console.officeHours)
	// RoundRobin assigns each new waiting conversation to the next agent
	// of the department at the console, in turn.
	RoundRobin bool `json:"round_robin,omitempty"`
}

// OfficeHours is one opening span of a weekday, in the city's time zone.
type OfficeHours struct {
	Weekday time.Weekday `json:"weekday"`
	From    string       `json:"from"` // "08:00"
	To      string       `json:"to"`   // "16:00"
}

// AuditEntry records who did what to which object. It holds no personal
// data: the actor is a staff username, the object a conversation id, a case
// reference or a username.
type AuditEntry struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object"`
}

// CaseFilter selects cases for a list; zero fields match everything.
type CaseFilter struct {
	Status   string
	Services map[string]bool // nil: every service
}
