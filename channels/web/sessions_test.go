package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/internal/httpx"
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
	if n := f.ch.sessions.tracked(); n != 2 {
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
	l := f.ch.sessions
	l.mu.Lock()
	l.max = 5
	l.mu.Unlock()
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
	if n := l.tracked(); n != 5 {
		t.Fatalf("%d clients tracked, want 5", n)
	}
	// Clients tracked before keep their own buckets.
	dial("203.0.113.1").hello("")
	dial("203.0.113.1").refused("")
	if n := l.tracked(); n != 5 {
		t.Fatalf("%d clients tracked, want 5", n)
	}
}

func TestSessionLimiterExpiresAndBounds(t *testing.T) {
	l := newSessionLimiter(20, 10*time.Minute, 20, slog.New(slog.DiscardHandler))
	l.max = 100
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	key := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	a := key(0)
	for i := range 20 {
		if ok, _ := l.take(a, t0.Add(time.Duration(i)*time.Millisecond)); !ok {
			t.Fatalf("session %d refused within the burst", i+1)
		}
	}
	ok, wait := l.take(a, t0.Add(time.Second))
	if ok || wait < 28*time.Second || wait > 30*time.Second {
		t.Fatalf("21st: %v, wait %v; want refused, about 30 s", ok, wait)
	}
	if ok, _ := l.take(a, t0.Add(31*time.Second)); !ok {
		t.Fatal("refused after the wait")
	}
	if ok, _ := l.take(a, t0.Add(20*time.Second)); ok { // the clock went back: no refill
		t.Fatal("a token from a clock going back")
	}

	// An attacker with many addresses: the table stops at its bound.
	now := t0.Add(time.Minute)
	for i := 1; i <= 1000; i++ {
		l.take(key(i), now)
	}
	if n := l.tracked(); n != 100 {
		t.Fatalf("%d clients tracked, want the bound of 100", n)
	}
	// The overflow bucket had 20 sessions for the 900 beyond the bound.
	if ok, _ := l.take(key(5000), now); ok {
		t.Fatal("the overflow bucket is not shared")
	}
	// Idle clients' buckets are full again after the window and go; then
	// new clients get buckets of their own again.
	later := now.Add(10*time.Minute + sessionSweepEvery)
	if ok, _ := l.take(key(5000), later); !ok {
		t.Fatal("refused after the flood ended")
	}
	if n := l.tracked(); n != 1 {
		t.Fatalf("%d clients tracked after the sweep, want 1", n)
	}
}
