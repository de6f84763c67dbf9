package web

import (
	"context"
	"math"
	"math/rand/v2"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"
)

// maxHeld bounds the frames kept for a connection between its registration
// and the end of its history replay.
const maxHeld = 64

// conn is one WebSocket connection. An idle connection has no goroutine:
//   - a read burst (started by the upgrade, then by the channel's poller
//     when the socket has bytes) reads and handles frames until none are
//     left, one burst at a time (rmu);
//   - a writer goroutine runs while frames are queued; it is the only one
//     that writes frames (write.go);
//   - a timer sends pings and drops a peer that stays silent;
//   - a delivery goroutine runs while messages wait for the core (deliver.go);
//   - finish, run once when the connection ends, says goodbye, closes the
//     socket and waits for the others.
type conn struct {
	ch     *Channel
	ws     *websocket.Conn
	fc     *frameConn
	id     uint64       // number for logs and the poller
	client netip.Prefix // the client's address, as the new-session limit counts it (sessions.go)
	ctx    context.Context
	cancel context.CancelFunc // ends the connection; call end, which also starts finish
	// closeCode is the close code finish sends; 0 means 1001 going away.
	closeCode   atomic.Int32
	closeReason atomic.Pointer[string] // the close frame's reason, set with closeCode
	ended       atomic.Bool

	// Liveness: the peer must send a frame or a pong within readWait.
	timer     *time.Timer
	nextPing  time.Time    // touched by the timer's callback only
	lastRead  atomic.Int64 // unix nanoseconds of the last frame or pong
	readWait  atomic.Int64 // a time.Duration
	inMessage atomic.Bool  // a message is being read: pongs between its fragments do not count
	// awaitingFile: a file was announced and its binary frame has not come;
	// pongs meanwhile do not count either (files.go).
	awaitingFile atomic.Bool

	mu           sync.Mutex
	token        string // "" until hello
	ready        bool   // welcome and history are queued; live frames go straight out
	held         [][]byte
	conversation string
	lang         string
	queue        [][][]byte    // batches of frames for the writer
	space        chan struct{} // closed when the writer takes a batch; made by a waiting send
	writing      bool          // the writer goroutine runs
	closing      bool          // finish has begun: no writer or burst starts any more
	wwg          sync.WaitGroup

	// Messages waiting to be handed to the core; one transient goroutine
	// delivers them in order (see deliver.go).
	dmu        sync.Mutex
	queued     []job
	delivering bool
	wg         sync.WaitGroup // deliveries and read bursts

	// Reader state, touched by the running read burst only (it holds rmu).
	rmu       sync.Mutex
	inPoll    bool          // the socket is in the poller's set
	rate      *rate.Limiter // messages; see allow
	lastTyped time.Time
	badFrames int
	file      *pendingFile // announced file whose binary frame comes next
}

func newConn(c *Channel, ws *websocket.Conn, fc *frameConn, client netip.Prefix) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	cn := &conn{ch: c, ws: ws, fc: fc, id: c.nextID.Add(1), client: client, ctx: ctx, cancel: cancel, lang: "de",
		rate: rate.NewLimiter(rate.Limit(c.opts.RateLimit), c.opts.RateBurst)}
	fc.control = cn.control
	cn.timer = time.AfterFunc(math.MaxInt64, cn.tick) // started by start
	return cn
}

// start runs the connection's first read burst in the calling goroutine
// (the HTTP handler's), which then returns: from here on the connection
// lives in its timer, the poller and the goroutines it starts on demand.
func (cn *conn) start() {
	c := cn.ch
	if !c.track(cn) {
		cn.end()
		return
	}
	c.log.Debug("connection opened", "conn", cn.id)
	if c.opts.Meter != nil {
		c.opts.Meter.ConnOpened(Name)
	}
	cn.setReadWait(c.opts.HelloTimeout)
	cn.extend()
	cn.ws.SetPongHandler(func(string) error {
		cn.alive()
		return nil
	})
	// The first ping comes after a random half to whole interval, so that
	// connections opened together (a server restart, a test) do not all
	// ping in the same moment ever after.
	cn.nextPing = time.Now().Add(c.opts.PingInterval/2 + rand.N(c.opts.PingInterval/2+1))
	cn.timer.Reset(min(c.opts.PingInterval, c.opts.HelloTimeout))
	cn.mu.Lock()
	if cn.closing {
		cn.mu.Unlock()
		return
	}
	cn.wg.Add(1)
	cn.mu.Unlock()
	cn.readBurst()
}

// extend records that the peer is alive: a frame or a pong came.
func (cn *conn) extend() { cn.lastRead.Store(time.Now().UnixNano()) }

// alive counts a ping or pong as a sign of life, unless the peer owes the
// rest of a message or an announced file: those must come within readWait
// whatever else it sends.
func (cn *conn) alive() {
	if !cn.inMessage.Load() && !cn.awaitingFile.Load() {
		cn.extend()
	}
}

// setReadWait sets how long the peer may be silent.
func (cn *conn) setReadWait(d time.Duration) { cn.readWait.Store(int64(d)) }

// tick sends the periodic ping and drops a peer silent for longer than
// readWait (before hello: the hello timeout).
func (cn *conn) tick() {
	if cn.ctx.Err() != nil {
		return
	}
	now := time.Now()
	deadline := time.Unix(0, cn.lastRead.Load()+cn.readWait.Load())
	if !now.Before(deadline) {
		cn.ch.log.Debug("peer silent; closing", "conn", cn.id)
		cn.end()
		return
	}
	if !now.Before(cn.nextPing) {
		if err := cn.ws.WriteControl(websocket.PingMessage, nil, now.Add(cn.ch.opts.WriteTimeout)); err != nil {
			cn.end()
			return
		}
		cn.nextPing = now.Add(cn.ch.opts.PingInterval)
	}
	next := cn.nextPing
	if deadline.Before(next) {
		next = deadline
	}
	cn.timer.Reset(next.Sub(now))
}

// control answers a ping or pong that frameConn found between messages.
func (cn *conn) control(op byte, payload []byte) {
	cn.alive()
	if op == opPing {
		err := cn.ws.WriteControl(websocket.PongMessage, payload, time.Now().Add(cn.ch.opts.WriteTimeout))
		if err != nil && err != websocket.ErrCloseSent {
			cn.end()
		}
	}
}

// drop ends the connection with a close code; the reason goes to the log
// and into the close frame (no personal data: it is a fixed text).
func (cn *conn) drop(code int, reason string) {
	if cn.ctx.Err() == nil {
		if cn.closeCode.CompareAndSwap(0, int32(code)) {
			cn.closeReason.Store(&reason)
		}
		cn.ch.log.Info("dropping connection", "conn", cn.id, "reason", reason)
	}
	cn.end()
}

// end ends the connection; the first call starts finish.
func (cn *conn) end() {
	cn.cancel()
	if cn.ended.CompareAndSwap(false, true) {
		go cn.finish()
	}
}

// finish says goodbye and closes the socket once the writer has stopped,
// then waits for the read burst and deliveries and forgets the connection.
// A slow client or a shutdown does not wait for a blocked write.
func (cn *conn) finish() {
	c := cn.ch
	code := int(cn.closeCode.Load())
	if code == 0 {
		code = websocket.CloseGoingAway
	}
	hurry := code == websocket.CloseTryAgainLater || c.ctx.Err() != nil
	cn.mu.Lock()
	cn.closing = true
	token := cn.token
	cn.mu.Unlock()
	if token != "" {
		c.reg.remove(token, cn) // no more replies for it
	}
	if hurry {
		_ = cn.fc.SetWriteDeadline(time.Now())
	}
	cn.wwg.Wait()
	if !hurry {
		cn.flush() // e.g. the error frame that explains a policy close
	}
	reason := ""
	if p := cn.closeReason.Load(); p != nil {
		reason = *p
	}
	_ = cn.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason),
		time.Now().Add(time.Second))
	cn.timer.Stop()
	_ = cn.ws.Close()
	c.untrack(cn)
	cn.wg.Wait()
	cn.dropFile() // an announced file's upload slot, whatever ended the connection
	cn.mu.Lock()
	token = cn.token // a hello may have registered it meanwhile
	cn.mu.Unlock()
	if token != "" {
		c.reg.remove(token, cn)
	}
	c.clients.release(cn.client)
	if c.opts.Meter != nil {
		c.opts.Meter.ConnClosed(Name)
	}
	c.log.Debug("connection closed", "conn", cn.id)
	c.conns.Done()
}

// siblings are the other live connections of the same citizen.
func (cn *conn) siblings(token string) []*conn {
	all := cn.ch.reg.list(token)
	out := all[:0]
	for _, o := range all {
		if o != cn {
			out = append(out, o)
		}
	}
	return out
}
