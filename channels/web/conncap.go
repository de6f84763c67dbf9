package web

import (
	"io"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/lang"
)

// connCounter caps the open connections of each client address, so that
// one address cannot hold thousands of sockets. Its table holds only
// clients with a connection open, so it is as large as the connections.
// A nil counter has no cap.
type connCounter struct {
	max  int
	mu   sync.Mutex
	open map[netip.Prefix]int
}

func newConnCounter(max int) *connCounter {
	return &connCounter{max: max, open: map[netip.Prefix]int{}}
}

// acquire counts a new connection of client; false, and nothing counted,
// when client has max open already. A nil counter always says true.
func (cc *connCounter) acquire(client netip.Prefix) bool {
	if cc == nil {
		return true
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.open[client] >= cc.max {
		return false
	}
	cc.open[client]++
	return true
}

// release forgets a connection that acquire counted.
func (cc *connCounter) release(client netip.Prefix) {
	if cc == nil {
		return
	}
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if n := cc.open[client]; n > 1 {
		cc.open[client] = n - 1
	} else {
		delete(cc.open, client)
	}
}

// connRetry is how long a refused client is told to wait: by then a
// connection that died without a goodbye (a phone that lost its network)
// has been found silent and closed. Whole seconds.
func (c *Channel) connRetry() time.Duration {
	return (c.opts.PingInterval*5/2 + time.Second - 1).Truncate(time.Second)
}

// refuse answers a connection over its client's cap, in the handler's
// goroutine, the only one that touches this socket: an error frame the
// widget understands (too_many_connections, retry_after_ms), then a close
// frame (1008) with the reason. It reads what the client sent meanwhile
// (its hello) until the client closes too or a second has passed, so
// that closing does not reset the connection before the client read why.
func (c *Channel) refuse(ws *websocket.Conn, fc *frameConn, lang string) {
	c.log.Info("refusing a connection", "reason", "too many connections from this client")
	deadline := time.Now().Add(c.opts.WriteTimeout)
	_ = ws.SetWriteDeadline(deadline)
	err := ws.WriteMessage(websocket.TextMessage, encode(errorFrame{Type: "error", Code: errTooManyConnections,
		Message: c.errorText(errTooManyConnections, lang, ""), RetryAfter: int(c.connRetry() / time.Millisecond)}))
	if err == nil {
		err = ws.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(websocket.ClosePolicyViolation, "too many connections from this address"), deadline)
	}
	if err == nil {
		_ = fc.Conn.SetReadDeadline(time.Now().Add(time.Second))
		_, _ = io.Copy(io.Discard, io.LimitReader(fc.Conn, 64<<10))
	}
	_ = ws.Close()
}

// acceptLang is the language the request's Accept-Language prefers, "de" or "en".
func acceptLang(r *http.Request) string {
	return lang.FromTags(r.Header.Get("Accept-Language"))
}
