package migrate

import (
	"amtsbote/text"
)

// Error is a refusal or failure of a move that the operator acts on: its
// English text (Error, for logs and tests) and the catalog's text
// (migrate.*) to say it in the operator's language. errors.Is and
// errors.As see what it wraps (ErrInUse, ErrForeign, bolt.ErrNoStore, a
// library's error).
type Error struct {
	// Prefix comes first in every language: "migrate: source: ".
	Prefix string
	// Text is the catalog's key (migrate.*), Args its placeholders as
	// name, value pairs.
	Text string
	Args []any
	// Err is what it wraps, or nil.
	Err error
	en  string // Text in English
}

// refusal makes an Error of the catalog's text key with args, wrapping
// err (or nil). The English comes from the built-in catalog.
func refusal(prefix string, err error, key string, args ...any) *Error {
	return &Error{Prefix: prefix, Text: key, Args: args, Err: err, en: text.MustBuiltin().Text(text.En, key, args...)}
}

func (e *Error) Error() string { return e.Prefix + e.en }

// Unwrap is the error it wraps, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Say is the error in language l from the catalog c. An error of a
// library inside it (os.Stat's, PostgreSQL's) stays English.
func (e *Error) Say(c *text.Catalog, l text.Lang) string {
	return e.Prefix + c.Text(l, e.Text, e.Args...)
}
