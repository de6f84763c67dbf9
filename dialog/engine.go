package dialog

import (
	"io"
	"maps"
	"time"

	"amtsbote/catalog"
	"amtsbote/form"
	"amtsbote/text"
)

// Options configure an Engine.
type Options struct {
	// Location is the city's time zone, used for "today" in dates. Nil
	// means Europe/Berlin, or UTC where no time zone data is available.
	Location *time.Location
	// Handlers hold the Go logic of services, by service id (see Handler).
	Handlers map[string]Handler
	// Cases is a read-only view of the current status of every case, for
	// status questions. Nil: the engine answers only about the cases of
	// the conversation itself, with the status its state remembers.
	Cases CaseStatuses
	// Rand is the source of the cases' access codes and of the codes
	// handlers issue; it must be safe for concurrent use. Nil means
	// crypto/rand, which is.
	Rand io.Reader
	// Links makes the codes that continue a conversation on Telegram; nil
	// turns that off. TelegramBot is the bot's username, for t.me links.
	Links       LinkCodes
	TelegramBot string
	// Staff tells whether a department can answer now; nil means always.
	Staff StaffPresence
	// NoEmail says that no email channel is configured: the forms do not
	// offer their optional confirmation address (the field "email"), and
	// no confirmation mail is made.
	NoEmail bool
	// Answers is the city's knowledge base; nil: the engine knows only
	// services (an answer id the router returns is then not understood).
	Answers Knowledge
	// Texts is the text catalog the engine speaks from; nil means the
	// built-in one (text.Builtin).
	Texts Texts
}

// Engine runs the services of a catalog as conversations. It is safe for
// concurrent use; all per-conversation data lives in State.
type Engine struct {
	cat    *catalog.Catalog
	router Router
	refs   Refs
	usage  Usage
	loc    *time.Location

	handlers map[string]Handler
	cases    CaseStatuses
	rand     io.Reader

	links       LinkCodes
	telegramBot string
	staff       StaffPresence
	noEmail     bool
	answers     Knowledge
	forms       *form.Parser
	texts       Texts
}

// New returns an engine over cat that routes messages with r (route.New).
// r and refs are required: New panics without a router. A nil usage means
// the menu lists services in catalog order.
func New(cat *catalog.Catalog, r Router, refs Refs, usage Usage, opts Options) *Engine {
	loc := opts.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("Europe/Berlin"); err != nil {
			loc = time.UTC
		}
	}
	if r == nil {
		panic("dialog.New: no router")
	}
	return &Engine{cat: cat, router: r, refs: refs, usage: usage, loc: loc,
		handlers: maps.Clone(opts.Handlers), cases: opts.Cases, rand: randReader(opts.Rand),
		links: opts.Links, telegramBot: opts.TelegramBot, staff: opts.Staff, noEmail: opts.NoEmail, answers: opts.Answers,
		forms: form.New(formTexts(opts)), texts: textsOr(opts.Texts)}
}

// handler returns the handler of service id, or nil.
func (e *Engine) handler(id string) Handler {
	return e.handlers[id]
}

// formTexts is the catalog of the forms' words (form.New): opts.Texts
// when it is a catalog, else the built-in one.
func formTexts(opts Options) *text.Catalog {
	if c, ok := opts.Texts.(*text.Catalog); ok && c != nil {
		return c
	}
	return text.MustBuiltin()
}
