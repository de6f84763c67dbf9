package web

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/frontpage"
	"amtsbote/internal/harness"
)

// late forwards to the core's gateway and history, which exist only after
// harness.Start, which needs the channel first. Deliver can be held or made
// to fail for a test.
type late struct {
	mu   sync.Mutex
	core *harness.Core
	gate chan struct{} // when set, Deliver waits for it
	fail error         // when set, Deliver fails with it
}

func (l *late) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	l.mu.Lock()
	core, gate, fail := l.core, l.gate, l.fail
	l.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return channels.Receipt{}, ctx.Err()
		}
	}
	if fail != nil {
		return channels.Receipt{}, fail
	}
	return core.Gateway.Deliver(ctx, in)
}

func (l *late) History(ctx context.Context, channel, address string, after uint64) (string, []channels.HistoryEntry, error) {
	l.mu.Lock()
	core := l.core
	l.mu.Unlock()
	return core.History.History(ctx, channel, address, after)
}

// fixture is a real core with the web channel served over HTTP.
type fixture struct {
	t    testing.TB
	core *harness.Core
	ch   *Channel
	srv  *httptest.Server
	late *late

	cancel context.CancelFunc // ends Run
	done   chan error         // Run's result
}

func start(t testing.TB, opts Options) *fixture {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if opts.Starters == nil {
		opts.Starters = frontpage.Starters(cat)
	}
	l := &late{}
	ch := New(opts, l, nil)
	core := harness.Start(t, harness.Options{}, ch)
	l.mu.Lock()
	l.core = core
	l.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ch.Run(ctx, l) }()
	srv := httptest.NewServer(ch.Handler())
	f := &fixture{t: t, core: core, ch: ch, srv: srv, late: l, cancel: cancel, done: done}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		srv.Close()
	})
	return f
}

// sframe is any frame the server sends.
type sframe struct {
	Type         string              `json:"type"`
	Token        string              `json:"token"`
	Conversation string              `json:"conversation"`
	ID           string              `json:"id"`
	From         string              `json:"from"`
	Text         string              `json:"text"`
	Choice       string              `json:"choice"`
	Options      []channels.Option   `json:"options"`
	Field        *channels.Field     `json:"field"`
	Files        []fileRef           `json:"files"`
	Reference    *channels.Reference `json:"reference"`
	History      bool                `json:"history"`
	Starters     []starter           `json:"starters"`
	Limits       limits              `json:"limits"`
	Code         string              `json:"code"`
	Message      string              `json:"message"`
	RetryAfter   int                 `json:"retry_after_ms"`
}

// client is a real WebSocket client; a goroutine reads its frames.
type client struct {
	t      testing.TB
	ws     *websocket.Conn
	frames chan sframe
	closed chan error // the read error that ended the connection
	token  string
}

func (f *fixture) dial(header http.Header) *client {
	f.t.Helper()
	c, err := f.tryDial(header)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) tryDial(header http.Header) (*client, error) {
	return f.dialFrom(f.srv.URL, header, "")
}

// dialFrom opens a WebSocket to the server at base (http://host:port)
// from the local address from (e.g. "127.0.0.2"; "" for any).
func (f *fixture) dialFrom(base string, header http.Header, from string) (*client, error) {
	url := "ws" + strings.TrimPrefix(base, "http") + "/chat/ws"
	d := *websocket.DefaultDialer
	if from != "" {
		nd := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		d.NetDialContext = nd.DialContext
	}
	ws, resp, err := d.Dial(url, header)
	if err != nil {
		if resp != nil {
			return nil, &dialError{status: resp.StatusCode, err: err}
		}
		return nil, err
	}
	c := &client{t: f.t, ws: ws, frames: make(chan sframe, 1024), closed: make(chan error, 1)}
	go func() {
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				c.closed <- err
				close(c.frames)
				return
			}
			var fr sframe
			if err := json.Unmarshal(data, &fr); err != nil {
				c.closed <- err
				close(c.frames)
				return
			}
			c.frames <- fr
		}
	}()
	f.t.Cleanup(func() { _ = ws.Close() })
	return c, nil
}

type dialError struct {
	status int
	err    error
}

func (e *dialError) Error() string { return e.err.Error() }

func (c *client) send(v any) {
	c.t.Helper()
	if s, ok := v.(string); ok {
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(s)); err != nil {
			c.t.Fatal(err)
		}
		return
	}
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the next frame; it fails the test after 10 s or when the
// connection ends.
func (c *client) next() sframe {
	c.t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			c.t.Fatalf("connection ended: %v", <-c.closed)
		}
		return f
	case <-time.After(10 * time.Second):
		c.t.Fatal("no frame within 10 s")
	}
	return sframe{}
}

// until reads frames until want holds for one; it returns all read.
func (c *client) until(want func(sframe) bool) []sframe {
	c.t.Helper()
	var got []sframe
	for {
		f := c.next()
		got = append(got, f)
		if want(f) {
			return got
		}
	}
}

// hello says hello and returns the welcome and the history.
func (c *client) hello(token string) (sframe, []sframe) {
	c.t.Helper()
	c.send(clientFrame{Type: "hello", Token: token, Lang: "de"})
	w := c.next()
	if w.Type != "welcome" {
		c.t.Fatalf("first frame %+v, want welcome", w)
	}
	c.token = w.Token
	return w, c.sync()
}

// sync returns the frames queued so far: it sends a frame of an unknown
// type and reads up to the error that answers it.
func (c *client) sync() []sframe {
	c.t.Helper()
	c.send(`{"type":"sync"}`)
	got := c.until(func(f sframe) bool { return f.Type == "error" && f.Code == errUnknownType })
	return got[:len(got)-1]
}

// turn sends a message frame and reads until it is acknowledged and a
// frame satisfying want came; it returns the frames read.
func (c *client) turn(fr clientFrame, want func(sframe) bool) []sframe {
	c.t.Helper()
	c.send(fr)
	acked, wanted := false, false
	return c.until(func(f sframe) bool {
		if f.Type == "error" {
			c.t.Fatalf("error frame %+v after %+v", f, fr)
		}
		acked = acked || (f.Type == "ack" && f.ID == fr.ID)
		wanted = wanted || want(f)
		return acked && wanted
	})
}

// closeErr waits for the connection to end and returns why.
func (c *client) closeErr() error {
	c.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-c.frames:
			if !ok {
				return <-c.closed
			}
		case <-deadline:
			c.t.Fatal("connection still open after 10 s")
			return nil
		}
	}
}

func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}

func hasField(name string) func(sframe) bool {
	return func(f sframe) bool { return f.Type == "message" && f.Field != nil && f.Field.Name == name }
}

func hasOption(value string) func(sframe) bool {
	return func(f sframe) bool {
		for _, o := range f.Options {
			if f.Type == "message" && o.Value == value {
				return true
			}
		}
		return false
	}
}

// eventually polls cond for up to 15 s (generous: the race detector on a
// busy 2-core machine is slow; a condition that holds returns at once).
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting: %s", what)
}
