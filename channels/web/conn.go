package web

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// maxHeld bounds the frames kept for a connection between its registration
// and the end of its history replay.
const maxHeld = 64

// conn is one WebSocket connection. Its HTTP handler goroutine reads; one
// writer goroutine, started by run, is the only one that writes frames.
type conn struct {
	ch  *Channel
	ws  *websocket.Conn
	id  uint64 // number for logs
	ctx context.Context
	// cancel ends the connection: the writer says goodbye and closes the socket.
	cancel    context.CancelFunc
	out       chan [][]byte // batches of frames for the writer
	closeCode atomic.Int32  // close code the writer sends; 0 means 1001 going away

	mu           sync.Mutex
	token        string // "" until hello
	ready        bool   // welcome and history are queued; live frames go straight out
	held         [][]byte
	conversation string
	lang         string

	// Messages waiting to be handed to the core; one transient goroutine
	// delivers them in order (see deliver.go).
	dmu        sync.Mutex
	queue      []job
	delivering bool
	wg         sync.WaitGroup

	// Reader state, touched by the reader goroutine only.
	rate      bucket
	lastTyped time.Time
	badFrames int
	file      *pendingFile // announced file whose binary frame comes next
	readWait  time.Duration
}

func newConn(c *Channel, ws *websocket.Conn) *conn {
	ctx, cancel := context.WithCancel(c.ctx)
	cn := &conn{ch: c, ws: ws, id: c.nextID.Add(1), ctx: ctx, cancel: cancel,
		out: make(chan [][]byte, c.opts.WriteBuffer), lang: "de",
		rate: bucket{tokens: float64(c.opts.RateBurst), rate: c.opts.RateLimit, burst: float64(c.opts.RateBurst)}}
	return cn
}

// run serves the connection until the peer leaves, it is dropped or the
// channel closes; it returns once the writer and deliveries have stopped.
func (cn *conn) run() {
	c := cn.ch
	c.log.Debug("connection opened", "conn", cn.id)
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		cn.writeLoop()
	}()
	// A slow client or a shutdown must not wait for a blocked write to
	// time out.
	stop := context.AfterFunc(cn.ctx, func() {
		if cn.closeCode.Load() == websocket.CloseTryAgainLater || c.ctx.Err() != nil {
			_ = cn.ws.NetConn().SetWriteDeadline(time.Now())
		}
	})
	cn.readLoop()
	cn.cancel()
	<-writerDone
	stop()
	cn.wg.Wait()
	cn.mu.Lock()
	token := cn.token
	cn.mu.Unlock()
	if token != "" {
		c.reg.remove(token, cn)
	}
	c.log.Debug("connection closed", "conn", cn.id)
}

// writeLoop writes queued frames and pings until the connection ends, then
// sends a close frame and closes the socket.
func (cn *conn) writeLoop() {
	opts := cn.ch.opts
	defer cn.ws.Close()
	ping := time.NewTicker(opts.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-cn.ctx.Done():
			code := int(cn.closeCode.Load())
			if code == 0 {
				code = websocket.CloseGoingAway
			}
			if code != websocket.CloseTryAgainLater && cn.ch.ctx.Err() == nil {
				cn.flush() // e.g. the error frame that explains a policy close
			}
			_ = cn.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, ""),
				time.Now().Add(time.Second))
			return
		case batch := <-cn.out:
			for _, f := range batch {
				if cn.ctx.Err() != nil {
					break
				}
				_ = cn.ws.SetWriteDeadline(time.Now().Add(opts.WriteTimeout))
				if err := cn.ws.WriteMessage(websocket.TextMessage, f); err != nil {
					cn.cancel()
					break
				}
			}
		case <-ping.C:
			if err := cn.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(opts.WriteTimeout)); err != nil {
				cn.cancel()
			}
		}
	}
}

// flush writes what is queued, for at most a second; used before closing.
func (cn *conn) flush() {
	_ = cn.ws.SetWriteDeadline(time.Now().Add(time.Second))
	for {
		select {
		case batch := <-cn.out:
			for _, f := range batch {
				if cn.ws.WriteMessage(websocket.TextMessage, f) != nil {
					return
				}
			}
		default:
			return
		}
	}
}

// send queues frames for the writer, waiting while its queue is full. Only
// the connection's own goroutines (reader, delivery) call it: waiting slows
// down this citizen alone.
func (cn *conn) send(frames ...[]byte) bool {
	select {
	case cn.out <- frames:
		return true
	case <-cn.ctx.Done():
		return false
	}
}

// live queues a frame from elsewhere (a reply, a typing notice, a message
// from another tab) without waiting: a connection whose queue is full is a
// slow client and is dropped. Before the history replay is queued, frames
// are held so that they follow it.
func (cn *conn) live(frame []byte) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if !cn.ready {
		if len(cn.held) >= maxHeld {
			cn.drop(websocket.CloseTryAgainLater, "slow client")
			return
		}
		cn.held = append(cn.held, frame)
		return
	}
	select {
	case cn.out <- [][]byte{frame}:
	default:
		cn.drop(websocket.CloseTryAgainLater, "slow client")
	}
}

// sendError queues an error frame about the message id ("" for none).
func (cn *conn) sendError(code, id, arg string, retryAfter time.Duration) {
	cn.mu.Lock()
	lang := cn.lang
	cn.mu.Unlock()
	cn.send(encode(errorFrame{Type: "error", Code: code, Message: errorText(code, lang, arg), ID: id,
		RetryAfter: int(retryAfter / time.Millisecond)}))
}

// drop ends the connection with a close code; the reason is for the log.
func (cn *conn) drop(code int, reason string) {
	if cn.ctx.Err() == nil {
		cn.closeCode.CompareAndSwap(0, int32(code))
		cn.ch.log.Info("dropping connection", "conn", cn.id, "reason", reason)
	}
	cn.cancel()
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

// bucket is a token-bucket rate limiter, used by the reader only.
type bucket struct {
	tokens, rate, burst float64
	last                time.Time
}

// take spends one token; when none is left it says how long to wait.
func (b *bucket) take(now time.Time) (bool, time.Duration) {
	if !b.last.IsZero() {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}
