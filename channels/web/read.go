package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"

	"amtsbote/channels"
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

// readLoop reads frames until the connection fails or ends.
func (cn *conn) readLoop() {
	opts := cn.ch.opts
	cn.readWait = opts.HelloTimeout
	cn.extend()
	cn.ws.SetPongHandler(func(string) error { cn.extend(); return nil })
	for cn.ctx.Err() == nil {
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
			return
		}
		cn.extend()
		if typ == websocket.BinaryMessage {
			cn.fileData(r)
			continue
		}
		data, err := io.ReadAll(io.LimitReader(r, opts.MaxFrameBytes+1))
		if err != nil {
			return
		}
		if int64(len(data)) > opts.MaxFrameBytes {
			if _, err := io.Copy(io.Discard, r); err != nil {
				return
			}
			cn.bad(errTooLarge, "")
			continue
		}
		if cn.file != nil {
			// The announced binary frame did not come: forget the file.
			cn.fileAbort(errFileData)
		}
		cn.handle(data)
	}
}

// extend moves the read deadline; called after every frame and pong.
func (cn *conn) extend() {
	_ = cn.ws.SetReadDeadline(time.Now().Add(cn.readWait))
}

// handle dispatches one text frame.
func (cn *conn) handle(data []byte) {
	var f clientFrame
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil || dec.More() {
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
	if !clientIDPattern.MatchString(f.ID) {
		cn.bad(errBadID, "")
		return
	}
	in := channels.Inbound{Channel: Name, Received: time.Now()}
	if f.Type == "choice" {
		in.Choice = strings.TrimSpace(f.Value)
		in.Text = strings.TrimSpace(f.Label)
		if in.Choice == "" {
			cn.bad(errEmpty, f.ID)
			return
		}
		if len(in.Choice) > maxChoiceLen || len(in.Text) > maxChoiceLen {
			cn.bad(errTextTooLong, f.ID)
			return
		}
	} else {
		in.Text = strings.TrimSpace(f.Text)
		if in.Text == "" {
			cn.bad(errEmpty, f.ID)
			return
		}
		if utf8.RuneCountInString(in.Text) > cn.ch.opts.MaxTextChars {
			cn.bad(errTextTooLong, f.ID)
			return
		}
	}
	if !cn.allow(f.ID) {
		return
	}
	cn.submit(in, f.ID)
}

// allow applies the per-connection rate limit to a message.
func (cn *conn) allow(id string) bool {
	ok, wait := cn.rate.take(time.Now())
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
