package web

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"amtsbote/channels"
	"amtsbote/text"
)

// clientFrame is any frame the widget sends; Type says which fields count
// (docs/web-chat-protocol.md).
type clientFrame struct {
	Type      string `json:"type"`                 // hello, message, choice, file, typing
	Token     string `json:"token,omitempty"`      // hello: resume token or ""
	Lang      string `json:"lang,omitempty"`       // hello: the widget's language ("de", "tr", "de-x-ls", …)
	ID        string `json:"id,omitempty"`         // message, choice, file: the client's message id
	Text      string `json:"text,omitempty"`       // message
	Value     string `json:"value,omitempty"`      // choice: the option's value
	Label     string `json:"label,omitempty"`      // choice: the option's label, for the transcript
	Name      string `json:"name,omitempty"`       // file: file name
	MediaType string `json:"media_type,omitempty"` // file: declared media type
	Size      int64  `json:"size,omitempty"`       // file: bytes in the binary frame that follows
}

// welcomeFrame answers hello.
type welcomeFrame struct {
	Type         string    `json:"type"` // "welcome"
	Token        string    `json:"token"`
	Conversation string    `json:"conversation"` // "" until the first message is stored
	Limits       limits    `json:"limits"`
	Starters     []starter `json:"starters,omitempty"` // only for a conversation not yet started
}

// limits tell the widget what the server accepts, so it can say so early.
type limits struct {
	TextChars   int      `json:"text_chars"`
	UploadBytes int64    `json:"upload_bytes"`
	UploadTypes []string `json:"upload_types"`
}

// starter is a suggestion the widget offers before the first message; it
// is sent as typed text.
type starter struct {
	Text string `json:"text"`
}

// messageFrame is one message of the conversation, live or from history.
type messageFrame struct {
	Type    string            `json:"type"` // "message"
	ID      string            `json:"id"`
	From    string            `json:"from"` // bot, staff, system, citizen
	Text    string            `json:"text"`
	Choice  string            `json:"choice,omitempty"` // citizen: the value of the option picked
	Options []channels.Option `json:"options,omitempty"`
	Field   *channels.Field   `json:"field,omitempty"`
	Files   []fileRef         `json:"files,omitempty"`
	// Reference is the case a message confirms: the widget keeps it at
	// hand as a card with a copy button.
	Reference *channels.Reference `json:"reference,omitempty"`
	Links     []linkRef           `json:"links,omitempty"`
	Time      *time.Time          `json:"time,omitempty"`
	History   bool                `json:"history,omitempty"` // replayed after hello, not new
}

// linkRef is a web link of a message, already checked (http or https
// only, channels.Link.SafeURL): the widget shows the label and the host.
type linkRef struct {
	URL   string `json:"url"`
	Label string `json:"label"`
	Host  string `json:"host"`
}

// fileRef describes a file of a message; URL is set for files the widget
// may download.
type fileRef struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int    `json:"size"`
	URL       string `json:"url,omitempty"`
}

// ackFrame says a citizen's message is stored.
type ackFrame struct {
	Type         string `json:"type"` // "ack"
	ID           string `json:"id"`
	Conversation string `json:"conversation,omitempty"`
}

// typingFrame says someone is typing.
type typingFrame struct {
	Type string `json:"type"` // "typing"
	From string `json:"from"`
}

// errorFrame reports a problem with a frame; ID names the message it is about.
type errorFrame struct {
	Type       string `json:"type"` // "error"
	Code       string `json:"code"`
	Message    string `json:"message"`
	ID         string `json:"id,omitempty"`
	RetryAfter int    `json:"retry_after_ms,omitempty"`
}

// Error codes of error frames.
const (
	errBadFrame      = "bad_frame"      // not JSON, or a field is missing or wrong
	errUnknownType   = "unknown_type"   // a type the server does not know
	errHelloRequired = "hello_required" // a frame before hello
	errBadID         = "bad_id"         // message id missing or not [A-Za-z0-9_-]{1,64}
	errEmpty         = "empty"          // no text
	errTextTooLong   = "text_too_long"  // more than limits.text_chars
	errTooLarge      = "too_large"      // frame larger than the frame limit
	errRateLimited   = "rate_limited"   // too many messages; retry after retry_after_ms
	errBusy          = "busy"           // too many messages waiting; retry
	errUnavailable   = "unavailable"    // the server cannot store messages now; retry
	errFileTooLarge  = "file_too_large" // file over limits.upload_bytes
	errFileType      = "file_type"      // file type not allowed
	errFileMismatch  = "file_mismatch"  // content is not what media_type says
	errFileData      = "file_data"      // binary frame missing, unexpected or of the wrong size
	// errTooManySessions refuses a hello that would start a new session:
	// too many were started from the client's address; the connection
	// closes (1008), and a hello after retry_after_ms is admitted.
	errTooManySessions = "too_many_sessions"
	// errTooManyConnections refuses a connection: the client's address
	// has web.max_connections_per_ip open already; sent right after the
	// upgrade, then the connection closes (1008).
	errTooManyConnections = "too_many_connections"
	// errTooManyTabs refuses a hello: its conversation is open on
	// web.max_connections_per_token connections already; the connection
	// closes (1008).
	errTooManyTabs = "too_many_tabs"
)

// errorText is the text of code in lang ("de", "en": the conversation's
// language) from the catalog ("web.error.<code>"); {limit} in it becomes arg.
func (c *Channel) errorText(code, lang, arg string) string {
	l, err := text.Parse(lang)
	if err != nil {
		l = text.De
	}
	return c.site.texts.Text(l, "web.error."+code, "limit", arg)
}

// megabytes formats a byte count for people, e.g. "10 MB".
func megabytes(n int64, lang string) string {
	mb := float64(n) / (1 << 20)
	s := strconv.FormatFloat(mb, 'f', -1, 64)
	if mb >= 1 {
		s = strconv.FormatFloat(mb, 'f', 0, 64)
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " MB"
}

// encode marshals a server frame; the frame types cannot fail to marshal.
func encode(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("web: encode frame: " + err.Error())
	}
	return b
}

// outboundFrame is the frame of a reply; link makes the download URL of
// its attachment i.
func outboundFrame(m channels.Outbound, t time.Time, history bool, link func(i int) string) messageFrame {
	f := messageFrame{Type: "message", ID: m.ID, From: string(m.From), Text: m.Text,
		Options: m.Options, Field: m.Field, Reference: m.Reference, History: history}
	if f.From == "" {
		f.From = string(channels.FromBot)
	}
	if !t.IsZero() {
		f.Time = &t
	}
	for _, l := range m.Links {
		if u, host, ok := l.SafeURL(); ok {
			f.Links = append(f.Links, linkRef{URL: u, Label: l.Label, Host: host})
		}
	}
	for i, a := range m.Attachments {
		f.Files = append(f.Files, fileRef{Name: a.Name, MediaType: a.MediaType, Size: len(a.Data), URL: link(i)})
	}
	return f
}

// citizenFrame is the frame of a message the citizen wrote, as other tabs
// and the history show it; id is the client's id.
func citizenFrame(in channels.Inbound, id string, history bool) messageFrame {
	f := messageFrame{Type: "message", ID: id, From: "citizen", Text: in.Text, Choice: in.Choice, History: history}
	if !in.Received.IsZero() {
		t := in.Received
		f.Time = &t
	}
	for _, a := range in.Attachments {
		f.Files = append(f.Files, fileRef{Name: a.Name, MediaType: a.MediaType, Size: len(a.Data)})
	}
	return f
}
