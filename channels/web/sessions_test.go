package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/gorilla/websocket"

	"amtsbote/internal/httpx"
	"amtsbote/internal/limit"
)

// refused says hello and expects the new-session refusal: the error frame,
// then the close (1008).
func (c *client) refused(token string) sframe {
	c.t.Helper()
	c.send(clientFrame{Type: "hello", Token: token, Lang: "de"})
	e := c.next()
	if e.Type != "error" || e.Code != errTooManySessions || e.RetryAfter <= 0 || e.ID != "" ||
		!strings.Contains(e.Message, "Netzwerk") {
		c.t.Fatalf("got %+v, want a too_many_sessions error with retry_after_ms", e)
	}
	if code := closeCode(c.closeErr()); code != websocket.ClosePolicyViolation {
		c.t.Fatalf("close code %d, want %d", code, websocket.ClosePolicyViolation)
	}
	return e
}

func TestNewSessionsLimitedPerClient(t *testing.T) {
	f := start(t, Options{NewSessions: 3})
	var first sframe
	for i := range 3 {
		w, _ := f.dial(nil).hello("")
		if i == 0 {
			first = w
		}
	}
	e := f.dial(nil).refused("")
	// 3 per 10 min: the next one comes 200 s after the bucket ran dry.
	if e.RetryAfter < 190_000 || e.RetryAfter > 200_000 || e.RetryAfter%1000 != 0 {
		t.Fatalf("retry_after_ms %d, want about 200 s in whole seconds", e.RetryAfter)
	}
	// A token the server does not know would start a new session too.
	f.dial(nil).refused(newKeys(nil).newToken())

	// Resuming is never limited: the issued token, conversation or not.
	c := f.dial(nil)
	c.hello(first.Token)
	c.turn(clientFrame{Type: "message", ID: "m1", Text: "Zählerstand melden"}, hasField("customer_number"))
	for range 5 {
		w, _ := f.dial(nil).hello(first.Token)
		if w.Token != first.Token || w.Conversation == "" {
			t.Fatalf("resume: %+v", w)
		}
	}

	// Another client address is not affected.
	other, err := f.dialFrom(f.srv.URL, nil, "127.0.0.2")
	if err != nil {
		t.Skipf("cannot dial from 127.0.0.2: %v", err)
	}
	other.hello("")
	if n := f.ch.sessions.Len(); n != 2 {
		t.Fatalf("%d clients tracked, want 2", n)
	}
	// English for a widget that says hello in English.
	e2 := f.dial(nil)
	e2.send(clientFrame{Type: "hello", Lang: "en"})
	if e := e2.next(); e.Code != errTooManySessions || !strings.Contains(e.Message, "network") {
		t.Fatalf("got %+v", e)
	}
}

func TestNewSessionsUnlimitedWhenOff(t *testing.T) {
	f := start(t, Options{NewSessions: -1})
	for range 30 {
		c := f.dial(nil)
		c.hello("")
		_ = c.ws.Close()
	}
	if f.ch.sessions != nil {
		t.Fatal("a limiter although the limit is off")
	}
}

// proxied serves the channel behind httpx.Proxies.Wrap trusting
// 127.0.0.1, as the server does with tls.trusted_proxies.
func proxied(t *testing.T, f *fixture) string {
	t.Helper()
	p, err := httpx.ParseProxies([]string{"127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Wrap(f.ch.Handler()))
	t.Cleanup(srv.Close)
	return srv.URL
}

func forwardedFor(ip string) http.Header { return http.Header{"X-Forwarded-For": {ip}} }

func TestNewSessionsCountTheForwardedClient(t *testing.T) {
	f := start(t, Options{NewSessions: 2})
	base := proxied(t, f)
	dial := func(from, xff string) *client {
		t.Helper()
		var h http.Header
		if xff != "" {
			h = forwardedFor(xff)
		}
		c, err := f.dialFrom(base, h, from)
		if err != nil {
			t.Skipf("cannot dial from %s: %v", from, err)
		}
		return c
	}
	// Through the trusted proxy (127.0.0.1) the forwarded address counts.
	dial("127.0.0.1", "203.0.113.7").hello("")
	dial("127.0.0.1", "198.51.100.1, 203.0.113.7").hello("")
	dial("127.0.0.1", "203.0.113.7").refused("")
	dial("127.0.0.1", "203.0.113.8").hello("") // another citizen behind the same proxy
	dial("127.0.0.1", "").hello("")            // the proxy itself, without the header
	// IPv6 counts by /64.
	dial("127.0.0.1", "2001:db8:1:2::1").hello("")
	dial("127.0.0.1", "2001:db8:1:2:ffff::9").hello("")
	dial("127.0.0.1", "2001:db8:1:2::1").refused("")
	dial("127.0.0.1", "2001:db8:1:3::1").hello("")

	// From a peer that is no trusted proxy the header is ignored: changing
	// it does not help.
	dial("127.0.0.2", "192.0.2.1").hello("")
	dial("127.0.0.2", "192.0.2.2").hello("")
	dial("127.0.0.2", "192.0.2.3").refused("")
	dial("127.0.0.1", "127.0.0.2").refused("") // the proxy forwarding for it: the same client
	dial("127.0.0.1", "192.0.2.3").hello("")   // the header's address was never counted
}

func TestNewSessionTableStaysBounded(t *testing.T) {
	f := start(t, Options{NewSessions: 2})
	base := proxied(t, f)
	cfg := sessionLimits(2, f.ch.opts.NewSessionWindow, f.ch.opts.NewSessionBurst, f.ch.log)
	cfg.Max = 5
	l := limit.NewKeyed[netip.Prefix](cfg)
	f.ch.sessions = l
	dial := func(xff string) *client {
		t.Helper()
		c, err := f.dialFrom(base, forwardedFor(xff), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for i := range 5 {
		dial("203.0.113." + string(rune('1'+i))).hello("")
	}
	// Clients beyond the bound share one bucket of the same size.
	dial("198.51.100.1").hello("")
	dial("198.51.100.2").hello("")
	dial("198.51.100.3").refused("")
	dial("198.51.100.1").refused("")
	if n := l.Len(); n != 5 {
		t.Fatalf("%d clients tracked, want 5", n)
	}
	// Clients tracked before keep their own buckets.
	dial("203.0.113.1").hello("")
	dial("203.0.113.1").refused("")
	if n := l.Len(); n != 5 {
		t.Fatalf("%d clients tracked, want 5", n)
	}
}
