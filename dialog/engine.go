package dialog

import (
	"io"
	"maps"
	"strings"
	"time"

	"amtsbote/cases"
	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/form"
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
		links: opts.Links, telegramBot: opts.TelegramBot, staff: opts.Staff}
}

// Step decides one turn: from a conversation's state and one inbound message
// it returns the new state, the replies and the effects. It changes nothing
// but the case counter behind Refs (and reads randomness for access codes),
// and neither st nor anything st shares, so the caller may throw the result
// away when storing it fails.
func (e *Engine) Step(st State, in channels.Inbound, now time.Time) Result {
	t := &turn{e: e, st: st.clone(), now: now, conv: in.Conversation}
	t.st.migrate()
	if in.From == channels.FromStaff || in.From == channels.FromSystem {
		t.staffSide(in)
		return t.result()
	}
	t.citizen(read(in.Text, in.Choice, in.Attachments, e.router))
	if !t.missed && !t.silent {
		t.st.Misses = 0
	}
	return t.result()
}

// turn is the work of one Step.
type turn struct {
	e    *Engine
	st   State
	conv string // the conversation's id, as the gateway resolved it
	now  time.Time

	greet  bool // first message: the reply starts with a greeting
	missed bool // the message was not understood
	silent bool // no bot reply (waiting for staff)

	out      []channels.Outbound
	cases    []cases.Case
	esc      *Escalation
	bookings []BookingChange
	amends   []cases.Amendment
}

func (t *turn) result() Result {
	return Result{State: t.st, Replies: t.out, Cases: t.cases, Escalation: t.esc, Bookings: t.bookings,
		Amendments: t.amends}
}

// citizen handles a message from the citizen.
func (t *turn) citizen(msg *reading) {
	if t.st.Lang == "" {
		t.greet = true
		t.st.Lang = "de"
		// A command like "/start" says nothing about the language.
		if msg.choice == "" && !strings.HasPrefix(msg.text, "/") && msg.intent().Language == "en" {
			t.st.Lang = "en"
		}
	}
	cmd := msg.cmd
	if msg.choice == "" && cmd.kind == cmdLang && t.asksText() && msg.words == 1 {
		cmd = command{} // "deutsch" answers "Staatsangehörigkeit?"
	}
	if t.st.Phase == PhaseWaiting {
		t.waiting(cmd)
		return
	}
	if t.active() && msg.choice != "" && t.isFieldOption(msg.choice) {
		t.answer(msg.choice)
		return
	}
	if t.command(cmd) {
		return
	}
	if msg.choice != "" && msg.text == "" {
		msg = msg.asTyped() // an option we do not know: read it as typed
	}
	switch t.st.Phase {
	case PhaseAsking, PhaseAmending:
		t.formInput(msg)
	case PhaseSummary:
		t.summaryInput(msg)
	case PhasePaused:
		t.paused(msg)
	default:
		t.freeText(msg)
	}
}

// command carries out a command given in any phase but waiting for
// staff, and reports whether there was one.
func (t *turn) command(cmd command) bool {
	switch cmd.kind {
	case cmdStaff:
		t.escalate()
	case cmdLink:
		t.link()
	case cmdLang:
		t.switchLang(cmd.arg)
	case cmdCancel:
		t.cancel()
	case cmdHelp:
		t.help()
	case cmdBack:
		t.back()
	case cmdMenu:
		t.menu("") // pauses a form in progress
	case cmdResume, cmdBot:
		t.resume()
	case cmdService:
		t.startService(cmd.arg)
	case cmdBook:
		t.book(cmd.arg)
	case cmdContact:
		t.contact(cmd.arg)
	case cmdCategory:
		t.category(cmd.arg)
	case cmdEdit:
		t.edit(cmd.arg)
	case cmdSubmit:
		if t.st.Phase == PhaseSummary {
			t.submit()
		} else {
			t.reprompt()
		}
	case cmdSkip:
		t.skip()
	default:
		return false
	}
	return true
}

// waiting handles a citizen's message while staff are to answer: only
// "menu", "cancel" and "bot" bring the bot back; anything else is for staff.
func (t *turn) waiting(cmd command) {
	switch cmd.kind {
	case cmdMenu, cmdCancel:
		t.st.backToBot()
		t.menu(t.say("Gern, ich bin wieder für Sie da.", "Sure, I am back for you."))
	case cmdBot:
		t.st.backToBot()
		t.reply(t.say("Gern, ich bin wieder für Sie da.", "Sure, I am back for you."))
		t.st.unpause()
		t.reprompt()
	case cmdContact:
		t.contact(cmd.arg)
	case cmdBook:
		t.st.backToBot()
		t.book(cmd.arg)
	default:
		t.silent = true
	}
}

// freeText handles a typed message in the menu.
func (t *turn) freeText(msg *reading) {
	if !t.routeFree(msg) {
		t.fallback()
	}
}

// routeFree starts what a typed message outside a form asks for: a
// category, a status question, a service; it reports whether it did.
func (t *turn) routeFree(msg *reading) bool {
	if id, ok := t.categoryNamed(msg.norm); ok {
		t.category(id)
		return true
	}
	if msg.ref != "" {
		t.status(msg) // "AB-2026-000042 K7P3-M9QX" asks about that case
		return true
	}
	m := msg.intent()
	if msg.text != "" && m.Confidence >= RouteThreshold {
		switch m.Intent {
		case IntentStaff:
			t.escalate()
			return true
		case IntentStatus:
			t.status(msg)
			return true
		}
		if _, ok := t.e.cat.Service(m.Intent); ok {
			if t.ambiguous(m) {
				t.clarify(m.Intent, m.RunnerUp)
			} else {
				t.startService(m.Intent)
			}
			return true
		}
	}
	return false
}

// paused handles a typed message while a form is paused: like the menu,
// but a valid answer to the paused question resumes the form.
func (t *turn) paused(msg *reading) {
	if t.routeFree(msg) {
		return
	}
	if t.st.Field != "" {
		// The form is paused: a valid answer to its question resumes it,
		// where validation means something (free text fits almost anything).
		if f, ok := t.field(t.st.Field); ok && f.Type != form.File && (f.Type != form.Text || f.Pattern != "") {
			if v, err := t.parse(f, msg.text); err == nil {
				t.st.unpause()
				t.take(f, v)
				return
			}
		}
	}
	t.fallback()
}

// ambiguous reports whether m's runner-up is a second service worth asking about.
func (t *turn) ambiguous(m Match) bool {
	if m.RunnerUp == "" || m.RunnerUp == m.Intent {
		return false
	}
	_, ok := t.e.cat.Service(m.RunnerUp)
	return ok
}

// asksText reports whether a free-text question is being asked.
func (t *turn) asksText() bool {
	f, ok := t.field(t.st.Field)
	return t.active() && t.st.Field != "" && ok && f.Type == form.Text
}

// active reports whether a form is in progress and not paused.
func (t *turn) active() bool { return t.st.Form != "" && !t.st.Paused }

// say picks the text in the conversation's language.
func (t *turn) say(de, en string) string {
	if t.st.Language() == "en" {
		return en
	}
	return de
}

// reply adds a bot message.
func (t *turn) reply(text string, opts ...channels.Option) {
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: text, Options: opts})
}

// opt builds an option with a label in the conversation's language.
func (t *turn) opt(value, de, en string) channels.Option {
	return channels.Option{Value: value, Label: t.say(de, en)}
}

// hello greets briefly before the first reply of a conversation.
func (t *turn) hello() {
	if t.greet {
		t.greet = false
		t.reply(t.say("Guten Tag! Gern helfe ich Ihnen weiter.", "Hello! I am glad to help."))
	}
}

// miss counts a message that was not understood.
func (t *turn) miss() {
	t.missed = true
	t.st.Misses++
}

// stuck reports whether this is the second message in a row the bot did not
// understand, so that a person should be offered.
func (t *turn) stuck() bool { return t.missed && t.st.Misses >= 2 }

// staffOption offers to hand over to a person.
func (t *turn) staffOption() channels.Option {
	return t.opt(cmdStaff, "Mit einem Menschen sprechen", "Talk to a person")
}

// staffSide relays what staff (or the console in the portal's name) wrote;
// nothing they write is a command. Events hand the conversation over: while
// a person has it, the bot stays silent; released or closed, the bot is back.
func (t *turn) staffSide(in channels.Inbound) {
	switch in.Event {
	case channels.StaffJoined:
		t.st.waitForStaff()
	case channels.StaffReleased, channels.StaffClosed:
		t.st.backToBot()
		t.st.Misses = 0
	}
	if in.Reopen != nil && in.From == channels.FromSystem {
		t.reopen(in)
		return
	}
	if in.Text != "" || len(in.Attachments) > 0 {
		t.out = append(t.out, channels.Outbound{From: in.From, Text: in.Text, Attachments: in.Attachments})
	}
}
