package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/channels"
	"amtsbote/internal/httpx"
	"amtsbote/text"
)

// Name is the channel's name.
const Name = "web"

// Options configure the web channel; zero values mean the defaults below.
type Options struct {
	// PublicURL is where citizens reach this server, e.g.
	// "https://chat.musterstadt.de"; its origin may open WebSockets even
	// when a proxy changes the Host header. Links are relative, so "" works.
	PublicURL string
	// AllowedOrigins are the origins ("https://www.musterstadt.de") of pages
	// that may embed the widget. The server's own origin is always allowed;
	// "*" allows every origin.
	AllowedOrigins []string
	// FrameAncestors is the CSP frame-ancestors of the pages served here,
	// e.g. "'self' https://www.musterstadt.de"; "" means 'self'.
	FrameAncestors string
	// Starters are suggestions a new conversation offers before the menu
	// and a person, by language ("de", "en"): frontpage.Starters derives a
	// few online services from the catalog.
	Starters map[string][]string

	MaxFrameBytes        int64         // largest text frame; 32 KiB
	MaxTextChars         int           // longest message in characters; 4000
	MaxUploadBytes       int64         // largest file; 10 MiB
	UploadTypes          []string      // media types accepted; PDF, JPEG, PNG
	MaxConcurrentUploads int           // files received at once, all connections; 16
	RateLimit            float64       // messages per second and connection; 1
	RateBurst            int           // messages allowed in a burst; 10
	WriteBuffer          int           // batches of frames queued per connection; 16
	PingInterval         time.Duration // ping period; a peer silent for 2.5× is dropped; 25 s
	WriteTimeout         time.Duration // one frame's write; 10 s
	HelloTimeout         time.Duration // from connect to hello; 10 s
	UploadTimeout        time.Duration // receiving one file; 2 min
	FileLinkTTL          time.Duration // how long a download link works; 12 h
	MaxHistory           int           // transcript entries replayed after hello; 500

	// NewSessions limits the sessions a client may start without a resume
	// token the server knows (a first visit, or a token it does not know):
	// a token bucket per client IP (IPv6: per /64) holding NewSessionBurst,
	// refilled with NewSessions per NewSessionWindow; 20 per 10 min, 20 at
	// once. Negative switches the limit off. Resuming a session by its token
	// is never limited. The client IP is the request's RemoteAddr: behind a
	// reverse proxy, httpx.Proxies.Wrap must be in front of Handler.
	NewSessions      int
	NewSessionWindow time.Duration
	NewSessionBurst  int

	// MaxConnsPerIP caps the open WebSocket connections of one client
	// (counted as the new-session limit counts: the IP, IPv6 per /64, the
	// forwarded one behind a trusted proxy); 500. MaxConnsPerToken caps the
	// connections of one resume token (one citizen's tabs); 8. Negative
	// switches a cap off. A refused connection gets an error frame and is
	// closed (1008) with a reason (conncap.go).
	MaxConnsPerIP    int
	MaxConnsPerToken int

	// Secret keys the tokens this server issues and its download links;
	// nil means a random key per process (links then end with the process).
	Secret []byte
	// OnTyping, when set, learns that the citizen of a conversation types
	// (for the staff console). It must not block.
	OnTyping func(conversation string)
	// Texts is the catalog of the widget's texts and the error frames';
	// nil means the built-in catalog.
	Texts *text.Catalog
	// Meter, when set, counts the open connections (metrics.Metrics does).
	Meter ConnMeter
}

// ConnMeter counts live connections of a kind ("web").
type ConnMeter interface {
	ConnOpened(kind string)
	ConnClosed(kind string)
}

func (o *Options) defaults() {
	def := func(v *int64, d int64) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxFrameBytes, 32<<10)
	def(&o.MaxUploadBytes, 10<<20)
	defDur(&o.PingInterval, 25*time.Second)
	defDur(&o.WriteTimeout, 10*time.Second)
	defDur(&o.HelloTimeout, 10*time.Second)
	defDur(&o.UploadTimeout, 2*time.Minute)
	defDur(&o.FileLinkTTL, 12*time.Hour)
	if o.MaxTextChars <= 0 {
		o.MaxTextChars = 4000
	}
	if len(o.UploadTypes) == 0 {
		o.UploadTypes = []string{"application/pdf", "image/jpeg", "image/png"}
	}
	if o.MaxConcurrentUploads <= 0 {
		o.MaxConcurrentUploads = 16
	}
	if o.RateLimit <= 0 {
		o.RateLimit = 1
	}
	if o.RateBurst <= 0 {
		o.RateBurst = 10
	}
	if o.WriteBuffer <= 0 {
		o.WriteBuffer = 16
	}
	if o.MaxHistory <= 0 {
		o.MaxHistory = 500
	}
	if o.NewSessions == 0 {
		o.NewSessions = 20
	}
	defDur(&o.NewSessionWindow, 10*time.Minute)
	if o.NewSessionBurst <= 0 {
		o.NewSessionBurst = max(1, o.NewSessions)
	}
	if o.MaxConnsPerIP == 0 {
		o.MaxConnsPerIP = 500
	}
	if o.MaxConnsPerToken == 0 {
		o.MaxConnsPerToken = 8
	}
	if o.FrameAncestors == "" {
		o.FrameAncestors = "'self'"
	}
}

// Channel is the web chat channel; it implements channels.Sender.
type Channel struct {
	opts    Options
	deliver *channels.Pending // the Deliverer Run hands over
	history channels.Historian
	log     *slog.Logger

	keys     keys
	upgrader websocket.Upgrader
	readBufs *sync.Pool // read-ahead buffers, borrowed while bytes wait (framing.go)
	reg      registry
	uploads  chan struct{} // semaphore of files being received
	site     *site
	sessions *sessionLimiter // new sessions per client; nil when off
	clients  *connCounter    // open connections per client; nil when off

	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	mu     sync.Mutex // guards closed, all and conns.Add
	closed bool
	all    map[uint64]*conn // every open connection, by id
	conns  sync.WaitGroup
	nextID atomic.Uint64 // connection numbers, for logs and the poller

	pollOnce sync.Once
	poll     *poller // nil until the first connection, or when there is none (not Linux)
}

// New makes the web channel; h reads transcripts (the channel's state). Its
// Handler may serve before Run: messages wait for Run's Deliverer.
func New(opts Options, h channels.Historian, log *slog.Logger) *Channel {
	opts.defaults()
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &Channel{opts: opts, deliver: channels.NewPending(), history: h,
		log: log.With("component", "web"), keys: newKeys(opts.Secret),
		reg: registry{conns: map[string][]*conn{}}, uploads: make(chan struct{}, opts.MaxConcurrentUploads),
		ctx: ctx, cancel: cancel, all: map[uint64]*conn{}, readBufs: newReadBufs()}
	c.upgrader = websocket.Upgrader{
		HandshakeTimeout: 10 * time.Second,
		// A small reader of its own per connection (the HTTP server's, 4 KiB,
		// is let go); frameConn reads ahead into pooled buffers. Writes
		// borrow a buffer from a pool only while a frame is written.
		ReadBufferSize:  128,
		WriteBufferSize: 2048,
		WriteBufferPool: &sync.Pool{},
		CheckOrigin:     c.checkOrigin,
		Error: func(w http.ResponseWriter, _ *http.Request, status int, _ error) {
			http.Error(w, http.StatusText(status), status)
		},
	}
	c.site = newSite(opts)
	if opts.MaxConnsPerIP > 0 {
		c.clients = newConnCounter(opts.MaxConnsPerIP)
	}
	c.reg.max = max(0, opts.MaxConnsPerToken) // negative: no cap
	if opts.NewSessions > 0 {
		c.sessions = newSessionLimiter(opts.NewSessions, opts.NewSessionWindow, opts.NewSessionBurst, c.log)
	}
	return c
}

// Name is the channel's name, "web".
func (c *Channel) Name() string { return Name }

// Send shows a reply on every open connection of the citizen (every tab).
// A connection that cannot keep up is dropped rather than waited for. With
// no connection open the reply stays in the transcript, which the widget
// shows as history when it connects again, so Send succeeds.
func (c *Channel) Send(_ context.Context, d channels.Delivery) error {
	conns := c.reg.list(d.Address)
	if len(conns) == 0 {
		return nil
	}
	f := outboundFrame(d.Message, d.Created, false, func(i int) string {
		return c.fileURL(d.Address, d.Message.ID, i)
	})
	b := encode(f)
	for _, cn := range conns {
		cn.live(b)
	}
	return nil
}

// SendConcurrency lets the outbox deliver to many conversations at once
// (channels.Concurrent): Send only queues a frame on the connection and
// never waits for the network, so a whole batch of the outbox (512) may go
// at once.
func (c *Channel) SendConcurrency() int { return 512 }

var (
	_ channels.Sender     = (*Channel)(nil)
	_ channels.Concurrent = (*Channel)(nil)
)

// Typing tells the citizen at address that someone (staff) is typing.
func (c *Channel) Typing(address string, from channels.Speaker) {
	b := encode(typingFrame{Type: "typing", From: string(from)})
	for _, cn := range c.reg.list(address) {
		cn.live(b)
	}
}

// Paths are the patterns Handler serves, for a composition root to mount
// it beside other handlers.
func Paths() []string { return []string{"GET /widget.js", "GET /widget.css", "/chat/"} }

// Handler serves the widget's files, the WebSocket endpoint /chat/ws and
// file downloads under /chat/files/ (see Paths).
func (c *Channel) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widget.js", c.site.serveAsset)
	mux.HandleFunc("GET /widget.css", c.site.serveAsset)
	mux.HandleFunc("GET /chat/ws", c.serveWS)
	mux.HandleFunc("GET /chat/files/{message}/{index}", c.serveFile)
	return httpx.SecurityHeaders(c.opts.FrameAncestors, mux)
}

// Close drops every connection and waits for their goroutines, including
// messages being handed to the core. Call it before stopping the gateway.
func (c *Channel) Close() error {
	c.mu.Lock()
	c.closed = true
	all := make([]*conn, 0, len(c.all))
	for _, cn := range c.all {
		all = append(all, cn)
	}
	c.mu.Unlock()
	c.cancel()
	for _, cn := range all {
		cn.end()
	}
	c.conns.Wait()
	c.pollOnce.Do(func() {}) // no poller is made after this
	if c.poll != nil {
		c.poll.stop()
	}
	return nil
}

// Open is the number of open WebSocket connections.
func (c *Channel) Open() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.all)
}

// Run hands the citizens' messages to d (the gateway) until ctx ends, then
// closes the channel (see Close).
func (c *Channel) Run(ctx context.Context, d channels.Deliverer) error {
	c.deliver.Set(d)
	<-ctx.Done()
	return c.Close()
}

// track adds a connection to the open ones; false after Close.
func (c *Channel) track(cn *conn) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return false
	}
	c.all[cn.id] = cn
	return true
}

func (c *Channel) untrack(cn *conn) {
	c.mu.Lock()
	delete(c.all, cn.id)
	c.mu.Unlock()
}

// arm hands an idle connection's socket to the poller; false when there is
// no poller for it and the reader must wait itself. A socket that cannot be
// armed ends its connection. The reader calls it holding rmu.
func (c *Channel) arm(cn *conn) bool {
	c.pollOnce.Do(func() {
		p, err := newPoller(c.ready)
		if err != nil {
			c.log.Warn("no poller; every connection keeps a reader goroutine", "err", err)
			return
		}
		c.poll = p
	})
	if c.poll == nil || cn.fc.raw == nil {
		return false
	}
	if err := c.poll.arm(cn.fc, cn.id, !cn.inPoll); err != nil {
		if cn.ctx.Err() == nil {
			c.log.Warn("waiting for a socket failed", "conn", cn.id, "err", err)
		}
		cn.end()
		return true
	}
	cn.inPoll = true
	return true
}

// ready starts a read burst for a connection whose socket has bytes (or
// was closed by the peer).
func (c *Channel) ready(id uint64) {
	c.mu.Lock()
	cn := c.all[id]
	c.mu.Unlock()
	if cn == nil {
		return
	}
	cn.mu.Lock()
	if cn.closing {
		cn.mu.Unlock()
		return
	}
	cn.wg.Add(1)
	cn.mu.Unlock()
	go cn.readBurst()
}
