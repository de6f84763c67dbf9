package web

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// These tests abuse the web chat as an attacker or a broken client would,
// over real sockets, and check that the abuser is refused or dropped while
// another citizen is still served. The cases covered elsewhere: frames over
// the limit, bad JSON and too many faulty frames (robust_test.go), slow
// readers of live replies (TestSlowClientDroppedOthersServed), single
// guessed tokens (TestUnknownTokenRevealsNothing), lying and oversized
// uploads (TestUploadRefusals).

// served checks that another citizen gets an answer within limit.
func served(t *testing.T, f *fixture, limit time.Duration) {
	t.Helper()
	c := f.dial(nil)
	c.hello("")
	began := time.Now()
	c.turn(clientFrame{Type: "message", ID: fmt.Sprint("o", began.UnixNano()), Text: "Hallo"},
		func(fr sframe) bool { return fr.From == "bot" })
	if d := time.Since(began); d > limit {
		t.Fatalf("another citizen waited %v for an answer", d)
	}
}

// rawHello opens a raw client and says hello.
func rawHello(t *testing.T, f *fixture) *rawClient {
	t.Helper()
	rc, err := dialRaw(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rc.close)
	if err := rc.text(`{"type":"hello","lang":"de"}`); err != nil {
		t.Fatal(err)
	}
	if w, err := rc.next(5 * time.Second); err != nil || !strings.Contains(w, `"welcome"`) {
		t.Fatalf("welcome: %q %v", w, err)
	}
	return rc
}

func TestPipelinedTrickledAndPingedFrames(t *testing.T) {
	f := start(t, Options{})
	rc := rawHello(t, f)
	// Three messages in one segment, then one trickled byte by byte, with
	// a ping between them: every message is acknowledged, the ping answered.
	var burst []byte
	for i := range 3 {
		burst = append(burst, rawFrame(0x81, fmt.Appendf(nil, `{"type":"message","id":"p%d","text":"Hallo"}`, i))...)
	}
	burst = append(burst, rawFrame(0x89, []byte("hi"))...)
	if _, err := rc.c.Write(burst); err != nil {
		t.Fatal(err)
	}
	for _, b := range rawFrame(0x81, []byte(`{"type":"message","id":"p3","text":"Hallo"}`)) {
		if _, err := rc.c.Write([]byte{b}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	acked, pong := map[string]bool{}, false
	for len(acked) < 4 || !pong {
		op, p, err := rc.read(10 * time.Second)
		if err != nil {
			t.Fatalf("after %d acks (pong %v): %v", len(acked), pong, err)
		}
		var fr sframe
		switch {
		case op == 0xA:
			pong = pong || string(p) == "hi"
		case op == 0x1 && json.Unmarshal(p, &fr) == nil && fr.Type == "ack":
			acked[fr.ID] = true
		case op == 0x1 && fr.Type == "error":
			t.Fatalf("error %+v", fr)
		}
	}
}

func TestInvalidUTF8Refused(t *testing.T) {
	f := start(t, Options{})
	rc := rawHello(t, f)
	for _, payload := range [][]byte{
		[]byte("{\"type\":\"message\",\"id\":\"u1\",\"text\":\"Z\xe4hler\"}"),    // Latin-1
		[]byte("{\"type\":\"message\",\"id\":\"u2\",\"text\":\"\xed\xa0\x80\"}"), // a surrogate
		[]byte("\xff\xfe{\"type\":\"typing\"}"),
		[]byte(`null`),
	} {
		if _, err := rc.c.Write(rawFrame(0x81, payload)); err != nil {
			t.Fatal(err)
		}
		got, err := rc.next(5 * time.Second)
		if err != nil || !strings.Contains(got, `"code":"bad_frame"`) {
			t.Fatalf("%q: got %q %v", payload, got, err)
		}
	}
	// The connection is kept, and nothing reached the store.
	if err := rc.text(`{"type":"message","id":"u3","text":"Zählerstand melden"}`); err != nil {
		t.Fatal(err)
	}
	for {
		got, err := rc.next(5 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got, `"ack"`) {
			if !strings.Contains(got, `"u3"`) {
				t.Fatalf("acknowledged: %s", got)
			}
			break
		}
	}
}

// flood sends n messages on ws as fast as the socket takes them.
func flood(ws *websocket.Conn, n int) (time.Duration, error) {
	began := time.Now()
	for i := range n {
		_ = ws.SetWriteDeadline(time.Now().Add(3 * time.Second))
		if err := ws.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"type":"message","id":"f%d","text":"Hallo"}`, i)); err != nil {
			return time.Since(began), err
		}
	}
	return time.Since(began), nil
}

func TestFloodIsRateLimitedOthersServed(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	c.hello("")
	const n = 10000
	var acks, refused int
	done := make(chan struct{})
	go func() { // read every answer, counting
		defer close(done)
		for fr := range c.frames {
			switch {
			case fr.Type == "ack":
				acks++
			case fr.Type == "error" && (fr.Code == errRateLimited || fr.Code == errBusy):
				refused++
			}
			if acks+refused == n {
				return
			}
		}
	}()
	began := time.Now()
	var took time.Duration
	var err error
	var wg sync.WaitGroup
	wg.Go(func() { took, err = flood(c.ws, n) })
	served(t, f, 3*time.Second)
	wg.Wait()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the flood was not answered")
	}
	// Every message is answered, or the flooder was dropped because its
	// answers backed up (1013; the write cut short may garble the close);
	// the bucket allows a burst of 10 and one message a second.
	if acks+refused < n {
		t.Logf("flooder dropped after %d answers: %v (its write: %v)", acks+refused, <-c.closed, err)
	}
	elapsed := time.Since(began)
	if limit := int(10 + elapsed.Seconds() + 1); acks > limit {
		t.Fatalf("%d of %d messages taken in %v (at most %d)", acks, n, elapsed, limit)
	}
	t.Logf("%d messages sent in %v: %d taken, %d refused", n, took, acks, refused)
}

func TestFloodWithoutReadingIsDropped(t *testing.T) {
	// The flooder is dropped when a write of its answers times out, or, when
	// its own sending stalls too (its tiny receive buffer on loopback can
	// stall TCP both ways), when it has not answered pings for 500 ms.
	f := start(t, Options{WriteTimeout: 500 * time.Millisecond, WriteBuffer: 4, PingInterval: 200 * time.Millisecond})
	url := "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/chat/ws"
	ws, _, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_ = ws.NetConn().(interface{ SetReadBuffer(int) error }).SetReadBuffer(4096)
	if err := ws.WriteJSON(clientFrame{Type: "hello"}); err != nil {
		t.Fatal(err)
	}
	// Never read: the answers back up until the server gives up.
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = flood(ws, 100000) })
	served(t, f, 3*time.Second)
	eventually(t, "the flooder dropped", func() bool { return f.ch.Open() == 1 }) // served's client stays
	_ = ws.Close()
	wg.Wait()
}

func TestSlowlorisFramesDropped(t *testing.T) {
	f := start(t, Options{PingInterval: 200 * time.Millisecond}) // silent for 500 ms: dropped
	header := rawHello(t, f)
	payload := rawHello(t, f)
	frame := rawFrame(0x81, []byte(`{"type":"message","id":"s1","text":"Hallo"}`))
	var wg sync.WaitGroup
	for _, tc := range []struct {
		rc   *rawClient
		head int // bytes sent at once before the trickle
	}{{header, 1}, {payload, 8}} {
		wg.Go(func() {
			_, _ = tc.rc.c.Write(frame[:tc.head])
			for _, b := range frame[tc.head:] {
				time.Sleep(150 * time.Millisecond)
				if _, err := tc.rc.c.Write([]byte{b}); err != nil {
					return
				}
			}
		})
	}
	served(t, f, 3*time.Second)
	for _, rc := range []*rawClient{header, payload} {
		for {
			_, err := rc.next(10 * time.Second)
			var ce *closedError
			if errors.As(err, &ce) || (err != nil && !strings.Contains(err.Error(), "timeout")) {
				break
			}
			if err != nil {
				t.Fatal("a trickling client is still connected after 10 s")
			}
		}
	}
	wg.Wait()
}

func TestGuessedTokensInBulk(t *testing.T) {
	f := start(t, Options{NewSessions: -1}) // each guess starts a new session (sessions_test.go)
	c := f.dial(nil)
	w, _ := c.hello("")
	c.turn(clientFrame{Type: "message", ID: "g1", Text: "Zählerstand melden"}, hasField("customer_number"))
	other := newKeys(nil) // tokens another server issued
	for i := range 100 {
		var guess string
		switch i % 3 {
		case 0:
			b := make([]byte, tokenRandom+tokenMAC)
			_, _ = rand.Read(b)
			guess = b64.EncodeToString(b)
		case 1:
			guess = other.newToken()
		default:
			guess = w.Token[:tokenLen-1] + string("ABCDEFGHIJ"[i%10])
			if guess == w.Token {
				continue
			}
		}
		g := f.dial(nil)
		gw, hist := g.hello(guess)
		if gw.Token == guess || gw.Token == w.Token || gw.Conversation != "" || len(hist) != 0 {
			t.Fatalf("guess %d: welcome %+v, %d history frames", i, gw, len(hist))
		}
		_ = g.ws.Close()
	}
	c.turn(clientFrame{Type: "message", ID: "g2", Text: "1234567"}, hasField("meter_number"))
}

func TestBusyBounds(t *testing.T) {
	f := start(t, Options{RateBurst: 100, MaxConcurrentUploads: 1, WriteBuffer: 64}) // nine turns answered at once
	gate := make(chan struct{})
	f.late.mu.Lock()
	f.late.gate = gate
	f.late.mu.Unlock()
	// One file holds the only upload slot while the core is held.
	a := f.dial(nil)
	a.hello("")
	a.upload("a1", "a.png", "image/png", pngBytes(t))
	b := f.dial(nil)
	b.hello("")
	eventually(t, "the first file waits for the core", func() bool { return len(f.ch.uploads) == 1 })
	b.upload("b1", "b.png", "image/png", pngBytes(t))
	if e := b.next(); e.Code != errBusy || e.ID != "b1" || e.RetryAfter == 0 {
		t.Fatalf("second file: %+v", e)
	}
	// One message is with the core; at most maxQueued more may wait.
	b.send(clientFrame{Type: "message", ID: "q0", Text: "Hallo"})
	bc := f.ch.reg.list(b.token)[0]
	eventually(t, "q0 with the core", func() bool {
		bc.dmu.Lock()
		defer bc.dmu.Unlock()
		return bc.delivering && len(bc.queued) == 0
	})
	for i := 1; i <= maxQueued+1; i++ {
		b.send(clientFrame{Type: "message", ID: fmt.Sprint("q", i), Text: "Hallo"})
	}
	if e := b.next(); e.Code != errBusy || e.ID != fmt.Sprint("q", maxQueued+1) {
		t.Fatalf("message over the queue: %+v", e)
	}
	f.late.mu.Lock()
	f.late.gate = nil
	f.late.mu.Unlock()
	close(gate)
	a.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == "a1" })
	b.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == fmt.Sprint("q", maxQueued) })
}
