// Package channels holds the contract between the core and every channel a
// citizen or staff member talks through: the typed inbound and outbound
// messages, the Deliverer a channel hands messages to, and the Sender the core
// hands replies to. Nothing else in the core knows which channel it serves.
package channels

import (
	"context"
	"errors"
	"time"
)

// Speaker says who wrote an outbound message.
type Speaker string

// The speakers of outbound messages.
const (
	FromBot    Speaker = "bot"
	FromStaff  Speaker = "staff"
	FromSystem Speaker = "system"
)

// Attachment is a file that travels with a message.
type Attachment struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Data      []byte `json:"data"`
}

// MailSecurity records how an inbound email was protected.
type MailSecurity struct {
	Encrypted bool   `json:"encrypted"`
	Signed    bool   `json:"signed"`
	SignedBy  string `json:"signed_by,omitempty"` // fingerprint or address of a valid signer
}

// Inbound is one message a citizen (or a member of staff) sent on a channel.
type Inbound struct {
	Channel     string        `json:"channel"`          // the channel's name, e.g. "web"
	Address     string        `json:"address"`          // sender's address on that channel
	MessageID   string        `json:"message_id"`       // channel's own id, used for de-duplication
	Text        string        `json:"text,omitempty"`   // what was written
	Choice      string        `json:"choice,omitempty"` // value of an option that was picked
	Attachments []Attachment  `json:"attachments,omitempty"`
	Received    time.Time     `json:"received"`
	Mail        *MailSecurity `json:"mail,omitempty"` // set by the email channel only

	// Conversation, when set, names the conversation this message belongs to
	// instead of looking it up by (Channel, Address). Staff replies use it.
	Conversation string `json:"conversation,omitempty"`
	// From is who wrote it: empty for the citizen, FromStaff for an agent,
	// FromSystem for a notice the staff console sends in the portal's name.
	From Speaker `json:"from,omitempty"`
	// Event is what a member of staff did, besides writing (FromStaff or
	// FromSystem only): the engine hands the conversation over accordingly.
	Event StaffEvent `json:"event,omitempty"`
	// Lang is the language the citizen's client names, a tag like "tr" or
	// "en-GB" (a Telegram app's language_code); "" when none. The engine
	// takes it as its first guess for a conversation without a language.
	Lang string `json:"lang,omitempty"`
	// Reopen, when set (FromSystem only), asks the citizen again for one
	// answer of a submitted case: staff need more information (needs-info).
	Reopen *Reopen `json:"reopen,omitempty"`
}

// Reopen names the answer of a submitted case the citizen is asked again.
type Reopen struct {
	Case       string    `json:"case"`       // the case's reference
	Service    string    `json:"service"`    // the case's service
	Department string    `json:"department"` // who handles the case
	Created    time.Time `json:"created"`    // when the case was submitted
	Field      string    `json:"field"`      // the field to ask again
	// Answers are the case's answers so far; they are personal and never
	// written to the transcript (the case keeps them).
	Answers map[string]string `json:"-"`
}

// StaffEvent is a hand-over between the bot and a member of staff.
type StaffEvent string

// Staff events.
const (
	StaffJoined   StaffEvent = "joined"   // a person took over: the bot stays silent
	StaffReleased StaffEvent = "released" // handed back to the bot
	StaffClosed   StaffEvent = "closed"   // the person closed the conversation
)

// Option is one answer the citizen can pick, shown as a button where the
// channel has buttons and as a numbered list where it has not.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Link is a web link of a reply (an answer's page or form). URL is http or
// https (SafeURL); channels show it with its host so that a citizen sees
// where it leads before following it.
type Link struct {
	URL   string `json:"url"`
	Label string `json:"label"`
}

// Field is the form field a message asks for.
type Field struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Optional bool   `json:"optional"`
}

// Outbound is one reply to a citizen.
type Outbound struct {
	ID          string       `json:"id"` // unique message id, set by the core; the same in history and live
	From        Speaker      `json:"from"`
	Text        string       `json:"text"`
	Options     []Option     `json:"options,omitempty"`
	Field       *Field       `json:"field,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Reference, when set, is the case a message confirms: a channel that
	// can shows it as a card that stays at hand (the web widget).
	Reference *Reference `json:"reference,omitempty"`
	// Mail, when set, makes the message a mail of its own to an address a
	// citizen gave (a case's confirmation, a transcript): it starts a new
	// thread instead of answering one.
	Mail *Mail `json:"mail,omitempty"`
	// Links are pages the message points to (an answer's city page, a form):
	// shown with their host, http(s) only (Link.SafeURL).
	Links []Link `json:"links,omitempty"`
	// Lang is the language the message is written in ("de", "en", …);
	// "" when unknown. A channel writes its own words around the message
	// (an email's "Antworten Sie mit 1 oder 2", its signature) in it.
	Lang string `json:"lang,omitempty"`
}

// Reference is a case just submitted: its reference and access code.
type Reference struct {
	Ref  string `json:"ref"`
	Code string `json:"code,omitempty"` // the access code, shown as written
}

// Mail is what a mail of its own carries besides Text.
type Mail struct {
	Subject string `json:"subject"`
	// Private is text only an encrypted mail may carry (a case's answers,
	// a transcript); without the recipient's key Text goes alone, signed.
	Private string `json:"private,omitempty"`
}

// Delivery is an outbound message on its way to one address of a channel.
type Delivery struct {
	ID           string   // outbox id: the same on every retry (Message.ID is the message's own id)
	Conversation string   // conversation the reply belongs to
	Address      string   // recipient's address on the channel
	Message      Outbound // what to send
	Created      time.Time
}

// Receipt is what the core answers once an inbound message is stored. Only
// then may the channel acknowledge the message to its sender.
type Receipt struct {
	Conversation string   // the conversation the message went to
	Duplicate    bool     // the message id was seen before; nothing was done
	Replies      []string // outbox ids of the replies the turn produced, in order
}

// HistoryEntry is one message of a conversation's transcript: exactly one
// of Inbound (what the citizen or staff wrote) and Outbound (a reply) is set.
type HistoryEntry struct {
	Seq      uint64
	Time     time.Time
	Inbound  *Inbound
	Outbound *Outbound
}

// Historian reads a conversation's transcript, for channels that show the
// history (the web chat after a reload).
type Historian interface {
	// History returns the conversation bound to (channel, address) and its
	// entries after seq `after`; conversation is "" when there is none.
	History(ctx context.Context, channel, address string, after uint64) (conversation string, entries []HistoryEntry, err error)
}

// Deliverer takes an inbound message into the core. It returns only after the
// message and everything decided about it are committed to the store.
type Deliverer interface {
	Deliver(ctx context.Context, in Inbound) (Receipt, error)
}

// Sender delivers replies on one channel. Send is called by the core's outbox
// with retries; it must return an error unless the message was handed over.
type Sender interface {
	// Name is the channel's name, as used in Inbound.Channel.
	Name() string
	// Send hands one reply to the channel. A PermanentError stops retries.
	Send(ctx context.Context, d Delivery) error
}

// Concurrent is an optional ability of a Sender: how many conversations the
// outbox may deliver to at once on this channel (default 8). A channel that
// paces inside Send (Telegram's one message a second per chat) wants more.
type Concurrent interface {
	SendConcurrency() int
}

// PermanentError marks a delivery failure that retrying cannot fix (an
// address that no longer exists, a message the channel refuses).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return "permanent: " + e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that the outbox gives up instead of retrying.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err, or an error it wraps, is permanent.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// RetryAfterError is a temporary failure where the channel knows when to
// try again (Telegram's 429 retry_after); the outbox waits at least After.
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string { return e.Err.Error() }
func (e *RetryAfterError) Unwrap() error { return e.Err }

// RetryAfter reports the wait a RetryAfterError in err's chain asks for.
func RetryAfter(err error) (time.Duration, bool) {
	var r *RetryAfterError
	if errors.As(err, &r) {
		return r.After, true
	}
	return 0, false
}

// ErrNotFound is what a channel's state store returns for a value that is
// not there. It is one sentinel for every channel, next to the contract they
// share, so the composition root adapts its store's own not-found error once
// (see gateway.NewChannelState) rather than once per channel. Each channel
// declares the state interface it needs and documents that it returns this.
var ErrNotFound = errors.New("channels: not found")
