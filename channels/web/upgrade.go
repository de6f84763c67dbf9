package web

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"sync"

	"amtsbote/internal/httpx"
)

// serveWS upgrades to a WebSocket and runs the connection until it ends.
func (c *Channel) serveWS(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	c.conns.Add(1) // done by the connection's finish
	c.mu.Unlock()
	client := httpx.ClientKey(r)
	counted := c.clients.acquire(client) // released by the connection's finish
	h := &hijacker{ResponseWriter: w, bufs: c.readBufs}
	ws, err := c.upgrader.Upgrade(h, r, nil)
	if err != nil {
		if counted {
			c.clients.release(client)
		}
		c.conns.Done()
		return // the upgrader answered already
	}
	if !counted {
		c.refuse(ws, h.fc, acceptLang(r))
		c.conns.Done()
		return
	}
	newConn(c, ws, h.fc, client).start()
}

// hijacker hands gorilla the socket wrapped in a frameConn.
type hijacker struct {
	http.ResponseWriter
	bufs *sync.Pool
	fc   *frameConn
}

// Hijack takes over the connection from the HTTP server.
func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, fmt.Errorf("web: hijack: %w", err)
	}
	h.fc = newFrameConn(c, h.bufs, nil)
	return h.fc, brw, nil
}
