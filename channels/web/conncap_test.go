package web

import (
	"errors"
	"testing"

	"github.com/gorilla/websocket"
)

// refusedWith checks that c gets the error code with a time to wait and is
// then closed (1008) with reason.
func refusedWith(t *testing.T, c *client, code, reason string) {
	t.Helper()
	if e := c.next(); e.Type != "error" || e.Code != code || e.RetryAfter <= 0 || e.Message == "" {
		t.Fatalf("frame %+v, want error %s with retry_after_ms", e, code)
	}
	var ce *websocket.CloseError
	if err := c.closeErr(); !errors.As(err, &ce) || ce.Code != websocket.ClosePolicyViolation || ce.Text != reason {
		t.Fatalf("closed with %v, want 1008 %q", err, reason)
	}
}

// One address may hold MaxConnsPerIP connections; one more is refused
// with a reason, another address is not, and a closed connection makes
// room again.
func TestConnectionsCappedPerClient(t *testing.T) {
	f := start(t, Options{MaxConnsPerIP: 3})
	var open []*client
	for range 3 {
		c := f.dial(nil)
		c.hello("")
		open = append(open, c)
	}
	for range 2 {
		refusedWith(t, f.dial(nil), errTooManyConnections, "too many connections from this address")
	}
	other, err := f.dialFrom(f.srv.URL, nil, "127.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	other.hello("")

	_ = open[0].ws.Close()
	eventually(t, "the closed connection gone", func() bool { return f.ch.Open() == 3 })
	f.dial(nil).hello("")
	refusedWith(t, f.dial(nil), errTooManyConnections, "too many connections from this address")
}

// One resume token may be open on MaxConnsPerToken connections (tabs); a
// hello with it on one more is refused with a reason, a new session from
// the same address is not, and a closed tab makes room again.
func TestConnectionsCappedPerToken(t *testing.T) {
	f := start(t, Options{MaxConnsPerToken: 2})
	a := f.dial(nil)
	w, _ := a.hello("")
	f.dial(nil).hello(w.Token)
	for range 2 {
		c := f.dial(nil)
		c.send(clientFrame{Type: "hello", Token: w.Token, Lang: "de"})
		refusedWith(t, c, errTooManyTabs, "too many connections for this conversation")
	}
	f.dial(nil).hello("")

	_ = a.ws.Close()
	eventually(t, "the closed tab gone", func() bool { return len(f.ch.reg.list(w.Token)) == 1 })
	if again, _ := f.dial(nil).hello(w.Token); again.Token != w.Token {
		t.Fatalf("resumed as %q, want the same token", again.Token)
	}
}

// Behind a trusted proxy the forwarded address is the client the cap
// counts (as for new sessions); IPv6 counts by /64.
func TestConnectionsCappedPerForwardedClient(t *testing.T) {
	f := start(t, Options{MaxConnsPerIP: 2})
	base := proxied(t, f)
	dial := func(xff string) *client {
		t.Helper()
		c, err := f.dialFrom(base, forwardedFor(xff), "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, xff := range []string{"203.0.113.7", "2001:db8:1:2::1"} {
		dial(xff).hello("")
		dial(xff).hello("")
	}
	refusedWith(t, dial("203.0.113.7"), errTooManyConnections, "too many connections from this address")
	refusedWith(t, dial("2001:db8:1:2:ffff::9"), errTooManyConnections, "too many connections from this address")
	dial("203.0.113.8").hello("") // another citizen behind the same proxy
	dial("2001:db8:1:3::1").hello("")
}
