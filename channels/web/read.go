package web

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/internal/limit"
	"amtsbote/text"
)

const (
	// hardFrameFactor times MaxFrameBytes is the largest text frame read
	// at all; a larger one closes the connection (1009). Frames between the
	// two limits are discarded with a too_large error and the connection
	// stays.
	hardFrameFactor = 32
	// maxBadFrames is how many faulty frames a connection may send before
	// it is closed (1008).
	maxBadFrames = 20
	// typingEvery is how often the citizen's typing is passed on.
	typingEvery = 2 * time.Second
	// maxChoiceLen bounds an option's value and label.
	maxChoiceLen = 500
)

// readBurst reads and handles frames while the socket has them; it holds
// rmu, so the bursts of a connection never overlap and messages reach the
// core in the order sent. When nothing more is there it puts the socket in
// the poller's set and returns; without a poller (not Linux, or TLS) it
// waits for the socket itself.
func (cn *conn) readBurst() {
	defer cn.wg.Done()
	cn.rmu.Lock()
	defer cn.rmu.Unlock()
	cn.fc.drained = false // woken for bytes: read at least once
	for cn.ctx.Err() == nil {
		more, err := cn.fc.settle()
		if err != nil {
			cn.end()
			return
		}
		if !more {
			if cn.ch.arm(cn) {
				return
			}
			if err := cn.fc.fill(); err != nil {
				cn.end()
				return
			}
			continue
		}
		if !cn.readFrame() {
			cn.end()
			return
		}
	}
}

// readFrame reads one message and handles it; false means the connection
// is over (read error, close, or a frame over the hard limit).
func (cn *conn) readFrame() bool {
	opts := cn.ch.opts
	limit := opts.MaxFrameBytes * hardFrameFactor
	if cn.file != nil {
		limit = cn.file.size
	}
	cn.ws.SetReadLimit(limit)
	typ, r, err := cn.ws.NextReader()
	if err != nil {
		if errors.Is(err, websocket.ErrReadLimit) {
			cn.ch.log.Info("frame over the hard limit; closing", "conn", cn.id)
		}
		return false
	}
	// The whole message must come within readWait of its first frame.
	cn.extend()
	cn.inMessage.Store(true)
	defer cn.inMessage.Store(false)
	if typ == websocket.BinaryMessage {
		return cn.fileData(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, opts.MaxFrameBytes+1))
	if err != nil {
		return false
	}
	if int64(len(data)) > opts.MaxFrameBytes {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return false
		}
		cn.bad(errTooLarge, "")
		return true
	}
	if cn.file != nil {
		// The announced binary frame did not come: forget the file.
		cn.fileAbort(errFileData)
	}
	cn.handle(data)
	return true
}

// handle dispatches one text frame.
func (cn *conn) handle(data []byte) {
	f, ok := decodeFrame(data)
	if !ok {
		cn.bad(errBadFrame, "")
		return
	}
	cn.mu.Lock()
	hello := cn.token != ""
	cn.mu.Unlock()
	if f.Type != "hello" && !hello {
		cn.bad(errHelloRequired, f.ID)
		return
	}
	switch f.Type {
	case "hello":
		if hello {
			cn.bad(errBadFrame, "")
			return
		}
		cn.hello(f)
	case "message", "choice":
		cn.message(f)
	case "file":
		cn.fileHeader(f)
	case "typing":
		cn.typing()
	default:
		cn.bad(errUnknownType, f.ID)
	}
}

// bad answers a faulty frame with an error; too many close the connection.
func (cn *conn) bad(code, id string) {
	cn.badFrames++
	cn.sendError(code, id, "", 0)
	if cn.badFrames >= maxBadFrames {
		cn.drop(websocket.ClosePolicyViolation, "too many faulty frames")
	}
}

// message takes a typed message or a picked option.
func (cn *conn) message(f clientFrame) {
	in, code := checkMessage(f, cn.ch.opts.MaxTextChars)
	if code != "" {
		id := f.ID
		if code == errBadID {
			id = ""
		}
		cn.bad(code, id)
		return
	}
	if !cn.allow(f.ID) {
		return
	}
	in.Received = time.Now()
	if tag, ok := strings.CutPrefix(in.Choice, "lang:"); ok {
		// the widget's language menu: its error texts follow (uiLang)
		if l, err := text.Parse(tag); err == nil {
			cn.mu.Lock()
			cn.lang = string(l)
			cn.mu.Unlock()
		}
	}
	cn.submit(in, f.ID)
}

// allow applies the per-connection rate limit to a message.
func (cn *conn) allow(id string) bool {
	ok, wait := limit.Allow(cn.rate, time.Now())
	if !ok {
		cn.sendError(errRateLimited, id, "", wait)
	}
	return ok
}

// typing passes the citizen's typing on, at most every typingEvery, once
// the conversation exists.
func (cn *conn) typing() {
	cn.mu.Lock()
	conv := cn.conversation
	cn.mu.Unlock()
	now := time.Now()
	if cn.ch.opts.OnTyping == nil || conv == "" || now.Sub(cn.lastTyped) < typingEvery {
		return
	}
	cn.lastTyped = now
	cn.ch.opts.OnTyping(conv)
}
