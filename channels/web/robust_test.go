package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/channels"
)

func TestBadFramesAnsweredConnectionKept(t *testing.T) {
	f := start(t, Options{MaxFrameBytes: 1024, MaxTextChars: 100})
	c := f.dial(nil)
	c.send(clientFrame{Type: "message", ID: "early", Text: "vor hello"})
	if e := c.next(); e.Code != errHelloRequired || e.ID != "early" {
		t.Fatalf("before hello: %+v", e)
	}
	c.hello("")
	cases := []struct {
		frame string
		code  string
		id    string
	}{
		{`not json`, errBadFrame, ""},
		{`{"type":"message"} {"type":"message"}`, errBadFrame, ""},
		{`{"type":"message","id":"ok1","text":"x","extra":` + strings.Repeat("9", 1100) + `}`, errTooLarge, ""},
		{`{"type":"bogus","id":"b1"}`, errUnknownType, "b1"},
		{`{"type":"hello","token":""}`, errBadFrame, ""},
		{`{"type":"message","id":"has space","text":"x"}`, errBadID, ""},
		{`{"type":"message","id":"","text":"x"}`, errBadID, ""},
		{`{"type":"message","id":"e1","text":"   "}`, errEmpty, "e1"},
		{`{"type":"choice","id":"e2","value":""}`, errEmpty, "e2"},
		{`{"type":"message","id":"l1","text":"` + strings.Repeat("ä", 101) + `"}`, errTextTooLong, "l1"},
		{`{"type":"message","id":7}`, errBadFrame, ""},
	}
	for _, tc := range cases {
		c.send(tc.frame)
		e := c.next()
		if e.Type != "error" || e.Code != tc.code || e.ID != tc.id || e.Message == "" {
			t.Errorf("%.40s: got %+v, want %s", tc.frame, e, tc.code)
		}
	}
	// Still open and working.
	c.turn(clientFrame{Type: "message", ID: "ok2", Text: "Hallo"}, func(fr sframe) bool { return fr.From == "bot" })
}

func TestHugeFrameClosesCleanly(t *testing.T) {
	f := start(t, Options{MaxFrameBytes: 1024})
	c := f.dial(nil)
	c.hello("")
	c.send(`{"type":"message","id":"h1","text":"` + strings.Repeat("x", 1024*hardFrameFactor) + `"}`)
	if code := closeCode(c.closeErr()); code != websocket.CloseMessageTooBig {
		t.Fatalf("close code %d, want %d", code, websocket.CloseMessageTooBig)
	}
	eventually(t, "connection unregistered", func() bool { return len(f.ch.reg.list(c.token)) == 0 })
}

func TestTooManyBadFramesClose(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	c.hello("")
	for range maxBadFrames + 5 {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte("{")); err != nil {
			break
		}
	}
	if code := closeCode(c.closeErr()); code != websocket.ClosePolicyViolation {
		t.Fatalf("close code %d, want %d", code, websocket.ClosePolicyViolation)
	}
}

func TestOriginChecked(t *testing.T) {
	f := start(t, Options{AllowedOrigins: []string{"https://www.musterstadt.de"}})
	_, err := f.tryDial(http.Header{"Origin": {"https://evil.example"}})
	var de *dialError
	if !errors.As(err, &de) || de.status != http.StatusForbidden {
		t.Fatalf("foreign origin: %v, want 403", err)
	}
	f.dial(http.Header{"Origin": {"https://www.musterstadt.de"}}).hello("")
	f.dial(http.Header{"Origin": {f.srv.URL}}).hello("") // the server's own pages
	f.dial(nil).hello("")                                // not a browser
}

// The origin must match in scheme, host and port; the Host header, which
// the client chooses, counts for nothing.
func TestOriginSchemeHostAndPort(t *testing.T) {
	refused := func(f *fixture, origin, host string) {
		t.Helper()
		h := http.Header{"Origin": {origin}}
		if host != "" {
			h.Set("Host", host)
		}
		_, err := f.tryDial(h)
		var de *dialError
		if !errors.As(err, &de) || de.status != http.StatusForbidden {
			t.Errorf("Origin %s, Host %s: %v, want 403", origin, host, err)
		}
	}
	f := start(t, Options{PublicURL: "https://chat.musterstadt.de/", AllowedOrigins: []string{"https://www.musterstadt.de"}})
	refused(f, "http://chat.musterstadt.de", "chat.musterstadt.de") // http where the public URL is https
	refused(f, "https://chat.musterstadt.de:8443", "chat.musterstadt.de:8443")
	refused(f, "http://www.musterstadt.de", "")
	refused(f, "https://evil.example", "evil.example") // a forged Host equal to the attacker's Origin
	refused(f, "null", "")
	f.dial(http.Header{"Origin": {"https://chat.musterstadt.de"}, "Host": {"chat.musterstadt.de"}}).hello("")
	f.dial(http.Header{"Origin": {"https://WWW.musterstadt.de:443"}}).hello("")

	// Without a public URL the server's own pages are those at its address.
	g := start(t, Options{})
	u, _ := url.Parse(g.srv.URL)
	refused(g, "https://"+u.Host, "")                                     // the server speaks http
	refused(g, "http://evil.example:"+u.Port(), "evil.example:"+u.Port()) // DNS rebinding
	g.dial(http.Header{"Origin": {g.srv.URL}}).hello("")
	g.dial(http.Header{"Origin": {"http://localhost:" + u.Port()}}).hello("")
}

func TestRateLimit(t *testing.T) {
	f := start(t, Options{RateLimit: 0.01, RateBurst: 3})
	c := f.dial(nil)
	c.hello("")
	for i := range 5 {
		c.send(clientFrame{Type: "message", ID: "r" + string(rune('0'+i)), Text: "Hallo"})
	}
	var limited []sframe
	c.until(func(fr sframe) bool {
		if fr.Type == "error" && fr.Code == errRateLimited {
			limited = append(limited, fr)
		}
		return len(limited) == 2
	})
	if limited[0].ID != "r3" || limited[1].ID != "r4" || limited[0].RetryAfter <= 0 {
		t.Fatalf("rate limited: %+v", limited)
	}
}

func TestSlowClientDroppedOthersServed(t *testing.T) {
	f := start(t, Options{WriteBuffer: 2, WriteTimeout: time.Minute})
	slow := f.dial(nil)
	slow.hello("")
	// The slow client stops reading; its socket buffers fill up.
	slow.ws.NetConn().(interface{ SetReadBuffer(int) error }).SetReadBuffer(4096)
	fast := f.dial(nil)
	fast.hello("")

	big := strings.Repeat("Zählerstand ", 6000)
	dropped := false
	for i := 0; i < 5000 && !dropped; i++ {
		began := time.Now()
		err := f.ch.Send(context.Background(), channels.Delivery{Address: slow.token,
			Message: channels.Outbound{ID: "big", From: channels.FromBot, Text: big}})
		if err != nil || time.Since(began) > time.Second {
			t.Fatalf("Send: %v after %v", err, time.Since(began))
		}
		dropped = len(f.ch.reg.list(slow.token)) == 0
		if i%50 == 0 {
			time.Sleep(time.Millisecond) // let the writer run
		}
	}
	eventually(t, "slow client dropped", func() bool { return len(f.ch.reg.list(slow.token)) == 0 })
	if err := f.ch.Send(context.Background(), channels.Delivery{Address: fast.token,
		Message: channels.Outbound{ID: "quick", From: channels.FromBot, Text: "Hallo"}}); err != nil {
		t.Fatal(err)
	}
	if m := fast.next(); m.ID != "quick" {
		t.Fatalf("fast client got %+v", m)
	}
}

func TestSilentPeerDropped(t *testing.T) {
	f := start(t, Options{PingInterval: time.Second})
	alive := f.dial(nil) // its reader answers pings
	alive.hello("")
	// A peer that never reads never answers pings.
	url := "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/chat/ws"
	silent, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	if err := silent.WriteJSON(clientFrame{Type: "hello"}); err != nil {
		t.Fatal(err)
	}
	live := func() int {
		f.ch.reg.mu.Lock()
		defer f.ch.reg.mu.Unlock()
		return len(f.ch.reg.conns)
	}
	eventually(t, "silent peer registered", func() bool { return live() == 2 })
	began := time.Now()
	eventually(t, "silent peer dropped", func() bool { return live() == 1 })
	if time.Since(began) < 500*time.Millisecond || len(f.ch.reg.list(alive.token)) != 1 {
		t.Fatalf("after %v: the answering peer is gone too, or the silent one went too early", time.Since(began))
	}
}

func TestHelloTimeout(t *testing.T) {
	f := start(t, Options{HelloTimeout: 50 * time.Millisecond})
	c := f.dial(nil)
	if err := c.closeErr(); err == nil {
		t.Fatal("no error")
	}
}

func TestCloseEndsConnections(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	c.hello("")
	f.cancel() // Run, started by the fixture, closes the channel
	if code := closeCode(c.closeErr()); code != websocket.CloseGoingAway {
		t.Fatalf("close code %d, want %d", code, websocket.CloseGoingAway)
	}
	select {
	case err := <-f.done:
		if err != nil {
			t.Fatal(err)
		}
		f.done <- nil
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not return")
	}
	if _, err := f.tryDial(nil); err == nil {
		t.Fatal("dial after Close succeeded")
	}
}
