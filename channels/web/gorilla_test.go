package web

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// spyConn is a frameConn that records what gorilla asks of it.
type spyConn struct {
	*frameConn
	mu     sync.Mutex
	asked  []int // len(p) of each Read
	passed int   // bytes handed to gorilla
	active int   // Reads in progress
}

func (s *spyConn) Read(p []byte) (int, error) {
	s.mu.Lock()
	s.asked = append(s.asked, len(p))
	s.active++
	s.mu.Unlock()
	n, err := s.frameConn.Read(p)
	s.mu.Lock()
	s.passed += n
	s.active--
	s.mu.Unlock()
	return n, err
}

// state returns the Reads so far, the bytes passed and the Reads running.
func (s *spyConn) state() (asked []int, passed, active int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.asked...), s.passed, s.active
}

// spyHijacker hands gorilla the socket as a spyConn over a frameConn, as
// the channel's hijacker does without the spy.
type spyHijacker struct {
	http.ResponseWriter
	spy *spyConn
}

func (h *spyHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.spy = &spyConn{frameConn: newFrameConn(c, newReadBufs(), nil)}
	return h.spy, brw, nil
}

// countingPool is a websocket.BufferPool that counts buffers lent out.
type countingPool struct {
	mu         sync.Mutex
	gets, puts int
}

func (p *countingPool) Get() any {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gets++
	return nil // gorilla makes a buffer of its write buffer size
}

func (p *countingPool) Put(any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.puts++
}

func (p *countingPool) counts() (gets, puts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gets, p.puts
}

// TestGorillaReaderAssumptions checks against the gorilla version in
// go.mod each point the package doc lists of what frameConn and the poller
// assume of gorilla's reader and writer, with the channel's own upgrader
// settings. The client sends everything in one write: three messages (the
// last fragmented with a ping inside) and one the server leaves unread.
func TestGorillaReaderAssumptions(t *testing.T) {
	f := start(t, Options{})
	up := f.ch.upgrader
	pool := &countingPool{}
	up.WriteBufferPool = pool
	up.CheckOrigin = func(*http.Request) bool { return true }

	a, b := rawFrame(0x81, []byte("eins")), rawFrame(0x81, []byte("zwei"))
	fragmented := append(append(rawFrame(0x01, []byte("frag")), rawFrame(0x89, []byte("p"))...),
		rawFrame(0x80, []byte("ment"))...)

	problems := make(chan []string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p []string
		defer func() { problems <- p }()
		fail := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
		h := &spyHijacker{ResponseWriter: w}
		ws, err := up.Upgrade(h, r, nil)
		if err != nil {
			fail("upgrade: %v", err)
			return
		}
		defer ws.Close()
		spy := h.spy
		if asked, _, _ := spy.state(); len(asked) != 0 {
			fail("2: gorilla read %d times during the upgrade", len(asked))
		}
		read := func(want string) {
			typ, mr, err := ws.NextReader()
			if err != nil {
				fail("NextReader: %v", err)
				return
			}
			data, err := io.ReadAll(mr)
			if typ != websocket.TextMessage || string(data) != want || err != nil {
				fail("3: read %d %q %v, want %q", typ, data, err, want)
			}
		}

		read("eins")
		asked, passed, _ := spy.state()
		if len(asked) == 0 {
			fail("1: gorilla did not read through the hijacked net.Conn")
		} else if asked[0] != up.ReadBufferSize || up.ReadBufferSize < 125 {
			fail("1: gorilla's first read asked %d bytes, its buffer is not ReadBufferSize (%d)", asked[0], up.ReadBufferSize)
		}
		time.Sleep(30 * time.Millisecond) // room for a read in the background
		asked2, passed2, active := spy.state()
		if passed != len(a) || passed2 != len(a) || len(asked2) != len(asked) || active != 0 {
			fail("2: after the first message gorilla took %d then %d bytes (the message is %d) in %d then %d reads, %d running",
				passed, passed2, len(a), len(asked), len(asked2), active)
		}
		if spy.left != 0 {
			fail("2: %d bytes of the first frame were not taken", spy.left)
		}

		read("zwei")
		if _, passed, _ := spy.state(); passed != len(a)+len(b) {
			fail("2: after the second message gorilla took %d bytes, want %d", passed, len(a)+len(b))
		}

		var pinged string
		ws.SetPingHandler(func(s string) error { pinged = s; return nil })
		read("fragment")
		if pinged != "p" {
			fail("3: the ping inside the fragmented message was not handled (%q)", pinged)
		}

		if err := ws.WriteMessage(websocket.TextMessage, []byte("x")); err != nil {
			fail("write: %v", err)
		}
		gets, puts := pool.counts()
		if gets != 1 || puts != 1 {
			fail("4: after one message the write pool lent %d and got back %d buffers", gets, puts)
		}
		if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(time.Second)); err != nil {
			fail("write control: %v", err)
		}
		if g, p := pool.counts(); g != gets || p != puts {
			fail("4: WriteControl used the write pool")
		}
	}))
	t.Cleanup(srv.Close)

	rc, err := dialRaw(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.close()
	// A last message the server never reads: a gorilla that reads ahead
	// finds bytes there and fails the checks above instead of hanging.
	last := rawFrame(0x81, []byte("drei"))
	all := append(append(append(append([]byte(nil), a...), b...), fragmented...), last...)
	if _, err := rc.c.Write(all); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-problems:
		if len(p) > 0 {
			t.Fatalf("gorilla (see the package doc's list):\n%s", strings.Join(p, "\n"))
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server side did not finish")
	}
}
