// Package staff is the staff console: the city's staff log in at /staff,
// take over conversations the bot could not finish, answer the citizen on
// the citizen's own channel, and process the cases the bot collected. The
// console is a JSON API under /staff/api/ (docs/staff-api.md), a WebSocket
// of live events at /staff/ws, and a plain-JS page that uses both.
//
// Staff are a channel too: what an agent writes enters the gateway as a
// channels.Inbound with From FromStaff, and hand-overs (joined, released,
// closed) as FromSystem events, so the citizen gets them through the
// conversation's outbox like any reply.
package staff

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/internal/httpx"
	"amtsbote/store"
	"amtsbote/text"
)

// Options configure the console; zero values mean the defaults noted.
type Options struct {
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// requests. Requests over TLS, or over TLS at a trusted proxy (wrap the
	// server's handler in httpx.Proxies.Wrap), always get a Secure cookie.
	SecureCookies bool
	// AllowedOrigins are origins ("https://intranet.musterstadt.de") besides
	// the server's own that may log in and open the live socket.
	AllowedOrigins []string
	// PublicURL is the server's address as browsers reach it
	// ("https://service.musterstadt.de"): its origin is the console's own.
	// "" means the address a request arrived on (see httpx.Origins).
	PublicURL string
	// DefaultDepartment receives conversations that name no department
	// (the citizen asked for a person before choosing a service). "" keeps
	// them in a general queue that every agent sees.
	DefaultDepartment string

	SessionTTL     time.Duration // a login's lifetime; 10 h
	IdleTimeout    time.Duration // a login unused this long ends; 1 h
	MaxFailures    int           // failed logins of one username that lock it; 5
	FailureWindow  time.Duration // failures older than this are forgotten; 15 min
	LockFor        time.Duration // how long a username stays locked; 15 min
	LoginRate      float64       // login attempts per second and client IP; 0.2
	LoginBurst     int           // attempts an IP may make at once; 10
	PresenceWindow time.Duration // recent activity that counts as online; 5 min
	Argon          ArgonParams   // password hashing; zero means DefaultArgon
	Location       *time.Location
	Texts          *text.Catalog // what the console tells citizens; nil means the built-in catalog
	Now            func() time.Time
	Log            *slog.Logger
}

func (o *Options) defaults() {
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	dur(&o.SessionTTL, 10*time.Hour)
	dur(&o.IdleTimeout, time.Hour)
	dur(&o.FailureWindow, 15*time.Minute)
	dur(&o.LockFor, 15*time.Minute)
	dur(&o.PresenceWindow, 5*time.Minute)
	if o.MaxFailures <= 0 {
		o.MaxFailures = 5
	}
	if o.LoginRate <= 0 {
		o.LoginRate = 0.2
	}
	if o.LoginBurst <= 0 {
		o.LoginBurst = 10
	}
	if o.Argon.Time == 0 {
		o.Argon = DefaultArgon
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
}

// Typer is a citizen channel that can show "staff is typing" (the web chat).
type Typer interface {
	Typing(address string, from channels.Speaker)
}

// History reads a conversation's transcript (gateway.History).
type History interface {
	Conversation(id string, after uint64) ([]channels.HistoryEntry, error)
}

// FormReader reads what staff may see of a conversation's dialog state:
// the composition root adapts the engine's dialog.ReadView, so the console
// never decodes the engine's state itself.
type FormReader interface {
	FormView(state []byte) (FormView, error)
}

// FormView is what the console shows of a conversation's dialog state.
type FormView struct {
	Form    string            // id of the service whose form is in progress; "" when none
	Field   string            // field being asked; "" with Form set: the summary
	Paused  bool              // the form waits for "resume"
	Answers map[string]string // answers so far; "" marks a skipped optional field
	Cases   []SubmittedCase   // applications submitted in the conversation, newest last
	Rating  *RatingView       // the citizen's last rating of the conversation, or nil
}

// SubmittedCase is an application submitted in a conversation.
type SubmittedCase struct {
	Ref     string
	Service string
}

// Deps are the parts of the core the console works with.
type Deps struct {
	Store     Store
	Forms     FormReader         // required: reads the form so far from a conversation's state
	Deliverer channels.Deliverer // the gateway: staff messages and notices go through it
	History   History
	Catalog   *catalog.Catalog
	// Feed carries committed turns and typing notices to the console; the
	// same Feed is registered in gateway.Config.Observers. Nil makes one
	// (then no live updates from turns arrive).
	Feed *Feed
	// Typers are the citizen channels, by name, that show staff typing.
	Typers map[string]Typer
	// Cases, when set, learns every status change (gateway.CaseIndex).
	Cases CaseIndex
	// Appointments, when set, serves the offices' day plans.
	Appointments *Appointments
	// Answers, when set, is the knowledge base editors and admins edit.
	Answers Answers
	// Ratings, when set, counts the citizens' ratings of their
	// conversations (GET /staff/api/ratings).
	Ratings Ratings
	// Peers, when set, carries the console's live events to the other
	// nodes on one database.
	Peers Peers
}

// Console is the staff console. Build it with New, serve Handler, and run
// Run until shutdown.
type Console struct {
	opts    Options
	origins httpx.Origins // pages that may log in and open the live socket
	st      Store
	deliver channels.Deliverer
	history History
	forms   FormReader
	cat     *catalog.Catalog
	feed    *Feed
	typers  map[string]Typer
	index   CaseIndex
	appts   *Appointments
	answers Answers
	ratings Ratings
	peers   Peers
	log     *slog.Logger
	texts   *text.Catalog

	hub     *hub
	limiter *ipLimiter
	hashing chan struct{}                                    // bounds concurrent argon2id computations
	verify  func(h store.PasswordHash, password string) bool // CheckPassword

	mu   sync.Mutex
	idle map[string]time.Time       // session id → last request
	seen map[string]presence        // username → last request
	read map[string]map[string]bool // session id → conversations whose reading is audited
	// turns is, by department, the agent round robin gave a conversation last.
	turns map[string]string
	// remote is, by department, when a peer last said its staff are online.
	remote     map[string]time.Time
	presentNow chan struct{} // asks Run to tell the peers of this node's presence
}

// New builds the console.
func New(opts Options, deps Deps) *Console {
	opts.defaults()
	feed := deps.Feed
	if feed == nil {
		feed = NewFeed()
	}
	c := &Console{opts: opts, st: deps.Store, deliver: deps.Deliverer, history: deps.History, forms: deps.Forms,
		cat: deps.Catalog, feed: feed, typers: deps.Typers, index: deps.Cases, appts: deps.Appointments, answers: deps.Answers,
		ratings: deps.Ratings, peers: deps.Peers, log: opts.Log.With("component", "staff"),
		limiter: newIPLimiter(opts.LoginRate, opts.LoginBurst), hashing: make(chan struct{}, 4),
		verify: CheckPassword, origins: httpx.NewOrigins(opts.PublicURL, opts.AllowedOrigins),
		idle: map[string]time.Time{}, seen: map[string]presence{}, read: map[string]map[string]bool{},
		turns: map[string]string{}, remote: map[string]time.Time{}, presentNow: make(chan struct{}, 1)}
	c.texts = opts.Texts
	if c.texts == nil {
		c.texts = text.MustBuiltin()
	}
	c.hub = newHub(c.log)
	return c
}

// Run consumes the feed (live events, the queue's bookkeeping), prunes
// expired sessions and, with Peers, tells the other nodes who is online
// here, until ctx ends; then it closes every live socket.
func (c *Console) Run(ctx context.Context) error {
	defer c.hub.close()
	c.reconcile(ctx)
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	beat := time.NewTicker(presenceBeat)
	defer beat.Stop()
	var dropped uint64
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-c.feed.ch:
			c.handle(ctx, ev)
		case <-beat.C:
			c.beat(ctx)
		case <-c.presentNow:
			c.beat(ctx)
		case <-prune.C:
			c.pruneSessions(ctx)
			if n := c.feed.dropped.Load(); n > dropped {
				c.log.Warn("live events were dropped: the console fell behind", "dropped", n-dropped)
				dropped = n
			}
		}
	}
}

// Handler serves the page at /staff/, its assets, the API under
// /staff/api/ and the live socket /staff/ws. Mount it at "/staff/" and
// "/staff".
func (c *Console) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /staff", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/staff/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /staff/{$}", c.servePage)
	mux.HandleFunc("GET /staff/assets/{name}", c.serveAsset)
	mux.HandleFunc("GET /staff/texts", c.serveTexts)
	mux.HandleFunc("GET /staff/ws", c.serveLive)

	mux.HandleFunc("POST /staff/api/login", c.login)
	api := func(pattern string, role string, h handlerFunc) {
		mux.HandleFunc(pattern, c.authed(role, h))
	}
	api("POST /staff/api/logout", "", c.logout)
	api("GET /staff/api/me", "", c.me)
	api("GET /staff/api/queue", "", c.queue)
	api("GET /staff/api/departments", "", c.departments)
	api("GET /staff/api/canned", "", c.canned)
	api("GET /staff/api/ratings", "", c.ratingCounts)
	api("GET /staff/api/conversations/{id}", "", c.conversation)
	api("GET /staff/api/conversations/{id}/entries", "", c.entries)
	api("GET /staff/api/conversations/{id}/files/{seq}/{n}", "", c.file)
	api("POST /staff/api/conversations/{id}/claim", "", c.claim)
	api("POST /staff/api/conversations/{id}/messages", "", c.reply)
	api("POST /staff/api/conversations/{id}/typing", "", c.typing)
	api("POST /staff/api/conversations/{id}/release", "", c.release)
	api("POST /staff/api/conversations/{id}/close", "", c.closeConversation)
	api("POST /staff/api/conversations/{id}/transfer", "", c.transfer)
	api("GET /staff/api/conversations/{id}/notes", "", c.notes)
	api("POST /staff/api/conversations/{id}/notes", "", c.addNote)
	api("GET /staff/api/cases", "", c.cases)
	api("GET /staff/api/cases/{ref}", "", c.caseView)
	api("POST /staff/api/cases/{ref}/status", "", c.caseStatus)
	c.appointmentRoutes(api)
	c.answerRoutes(api)
	mux.HandleFunc("POST /staff/api/answers/import", c.authedLimit("", maxImport, c.answerImport))

	api("GET /staff/api/admin/accounts", roleAdmin, c.accounts)
	api("POST /staff/api/admin/accounts", roleAdmin, c.createAccount)
	api("POST /staff/api/admin/accounts/{username}", roleAdmin, c.updateAccount)
	api("POST /staff/api/admin/departments/{id}", roleAdmin, c.putDepartment)
	api("POST /staff/api/admin/canned", roleAdmin, c.putCanned)
	api("DELETE /staff/api/admin/canned/{id}", roleAdmin, c.deleteCanned)
	api("GET /staff/api/admin/audit", roleAdmin, c.audit)
	mux.HandleFunc("/staff/api/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such API")
	})
	return securityHeaders(mux)
}

// Observer returns the gateway.Observer to register in
// gateway.Config.Observers: the console's Feed.
func (c *Console) Observer() *Feed { return c.feed }

// CitizenTyping tells the agents who may see the conversation that its
// citizen is typing; the web channel calls it (web.Options.OnTyping). It
// never blocks.
func (c *Console) CitizenTyping(conversation string) { c.feed.CitizenTyping(conversation) }

func (c *Console) now() time.Time { return c.opts.Now() }
