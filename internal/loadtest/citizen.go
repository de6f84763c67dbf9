package loadtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/gorilla/websocket"
)

// dialogs are what the citizens do, in turn: each line is one message,
// typed or (when it names an option the bot offered) picked.
var dialogs = [][]string{
	// A full meter reading.
	{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "Überspringen", "Absenden"},
	// A question, then leaving the service it led to.
	{"Was kostet ein Bewohnerparkausweis?", "abbrechen"},
	// A meter reading corrected in the summary.
	{"Zählerstand melden", "7654321", "Z-0815", "987,5", "heute", "Max Mustermann", "Überspringen",
		"Zählerstand ändern", "990", "Absenden"},
	// A cancel in the middle of a form.
	{"Zählerstand melden", "1234567", "abbrechen"},
}

// quiet ends a turn whose replies asked nothing (no options, no field):
// once the ack and a reply are in, this long without a further frame.
const quiet = 300 * time.Millisecond

// frame is what the citizen reads of a server frame.
type frame struct {
	Type       string   `json:"type"`
	Token      string   `json:"token"`
	ID         string   `json:"id"`
	From       string   `json:"from"`
	Code       string   `json:"code"`
	RetryAfter int      `json:"retry_after_ms"`
	History    bool     `json:"history"`
	Options    []option `json:"options"`
	Field      *struct {
		Name string `json:"name"`
	} `json:"field"`
}

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// citizen is one simulated citizen on one connection (reconnecting with
// its resume token when the connection is lost).
type citizen struct {
	name    string
	rec     *recorder
	cfg     Config
	ws      *websocket.Conn
	frames  chan frame
	quit    chan struct{} // closed by close: the reader stops handing frames over
	token   string
	seq     int
	offered []option // options of the last reply
}

func newCitizen(name string, rec *recorder, cfg Config) *citizen {
	return &citizen{name: name, rec: rec, cfg: cfg}
}

// connect opens the WebSocket, says hello and waits for the welcome; a
// goroutine then reads every frame into c.frames until the socket closes.
func (c *citizen) connect(ctx context.Context) error {
	dialer := websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 1024}
	ws, _, err := dialer.DialContext(ctx, c.cfg.URL, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", c.cfg.Say.T("loadtest.err.dial"), err)
	}
	frames, quit := make(chan frame, 64), make(chan struct{})
	go func() {
		defer close(frames)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var f frame
			if json.Unmarshal(data, &f) != nil {
				continue
			}
			select {
			case frames <- f:
			case <-quit:
				return
			}
		}
	}()
	if err := ws.WriteJSON(map[string]string{"type": "hello", "token": c.token, "lang": "de"}); err != nil {
		ws.Close()
		return fmt.Errorf("%s: %w", c.cfg.Say.T("loadtest.err.hello"), err)
	}
	timeout := time.NewTimer(c.cfg.Timeout)
	defer timeout.Stop()
	for {
		select {
		case f, ok := <-frames:
			if !ok {
				close(quit)
				return errors.New(c.cfg.Say.T("loadtest.err.closed_early"))
			}
			if f.Type == "welcome" {
				c.ws, c.frames, c.quit, c.token = ws, frames, quit, f.Token
				return nil
			}
			if f.Type == "error" && f.Code == "too_many_sessions" {
				close(quit)
				ws.Close()
				return errors.New(c.cfg.Say.T("loadtest.err.too_many_sessions"))
			}
			if f.Type == "error" && f.Code == "too_many_connections" {
				close(quit)
				ws.Close()
				return errors.New(c.cfg.Say.T("loadtest.err.too_many_connections"))
			}
		case <-timeout.C:
			close(quit)
			ws.Close()
			return errors.New(c.cfg.Say.T("loadtest.err.no_welcome"))
		case <-ctx.Done():
			close(quit)
			ws.Close()
			return ctx.Err()
		}
	}
}

// close closes the connection; its reader stops.
func (c *citizen) close() {
	if c.ws != nil {
		close(c.quit)
		_ = c.ws.Close()
		c.ws = nil
	}
}

// stayIdle keeps an idle connection open (its reader answers pings) until
// ctx ends, counting a lost connection.
func (c *citizen) stayIdle(ctx context.Context) {
	for {
		select {
		case _, ok := <-c.frames:
			if !ok {
				if ctx.Err() == nil {
					c.rec.fail(c.cfg.Say.T("loadtest.err.idle_lost"))
				}
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// runDialogs runs the dialogs, one after another, until ctx ends. With a
// rate, turns start at the citizen's share of it; a failed turn costs a
// reconnect.
func (c *citizen) runDialogs(ctx context.Context, cfg Config, citizens int) {
	var interval time.Duration
	next := time.Now()
	if cfg.Rate > 0 {
		interval = time.Duration(float64(citizens) / cfg.Rate * float64(time.Second))
		next = next.Add(time.Duration(rand.Int64N(int64(interval) + 1))) // spread the starts
	}
	for d := rand.IntN(len(dialogs)); ; d = (d + 1) % len(dialogs) {
		for _, line := range dialogs[d] {
			wait := cfg.Think
			if interval > 0 {
				wait = time.Until(next)
				next = next.Add(interval)
				if wait < -interval { // far behind: do not try to catch up in a burst
					next = time.Now().Add(interval)
				}
			}
			if wait > 0 {
				select {
				case <-time.After(wait):
				case <-ctx.Done():
					return
				}
			}
			if ctx.Err() != nil {
				return
			}
			if err := c.turn(ctx, line); err != nil {
				if ctx.Err() != nil {
					return
				}
				c.rec.fail(err.Error())
				c.reconnect(ctx)
			}
		}
	}
}

// reconnect opens the connection again with the resume token, as the
// widget does, waiting a little between attempts.
func (c *citizen) reconnect(ctx context.Context) {
	c.close()
	for attempt := 0; ctx.Err() == nil; attempt++ {
		if err := c.connect(ctx); err == nil {
			c.rec.reconnected()
			return
		}
		select {
		case <-time.After(time.Duration(min(attempt+1, 10)) * 100 * time.Millisecond):
		case <-ctx.Done():
		}
	}
}

// turn sends one message and waits until it is acknowledged and the bot's
// replies end with a question (options or a field), or, when they ask
// nothing, until they stop. A message the server refuses for now
// (rate_limited, busy, unavailable) is sent again, with the same id, after
// the wait it names. The turn's latency runs from the first send to the
// first reply.
func (c *citizen) turn(ctx context.Context, line string) error {
	c.seq++
	msg := map[string]string{"type": "message", "id": fmt.Sprintf("%s-%d", c.name, c.seq), "text": line}
	for _, o := range c.offered {
		if strings.EqualFold(o.Label, line) {
			msg = map[string]string{"type": "choice", "id": msg["id"], "value": o.Value, "label": o.Label}
		}
	}
	sent := time.Now()
	if err := c.ws.WriteJSON(msg); err != nil {
		return fmt.Errorf("%s: %w", c.cfg.Say.T("loadtest.err.send"), err)
	}
	var first time.Duration
	acked, asked := false, false
	deadline := time.NewTimer(c.cfg.Timeout)
	defer deadline.Stop()
	var calm <-chan time.Time
	for {
		select {
		case f, ok := <-c.frames:
			if !ok {
				if !acked {
					c.rec.ackMissing()
				}
				return errors.New(c.cfg.Say.T("loadtest.err.lost"))
			}
			switch {
			case f.Type == "ack" && f.ID == msg["id"]:
				acked = true
			case f.Type == "message" && !f.History && f.From != "citizen":
				if first == 0 {
					first = time.Since(sent)
				}
				c.offered = f.Options
				asked = asked || len(f.Options) > 0 || f.Field != nil
			case f.Type == "error":
				c.rec.fail(c.cfg.Say.T("loadtest.err.frame", "code", f.Code))
				if f.ID != msg["id"] || !retryable(f.Code) {
					continue
				}
				select {
				case <-time.After(time.Duration(f.RetryAfter) * time.Millisecond):
				case <-ctx.Done():
					return ctx.Err()
				}
				if err := c.ws.WriteJSON(msg); err != nil {
					return fmt.Errorf("%s: %w", c.cfg.Say.T("loadtest.err.send_again"), err)
				}
				continue
			}
			if acked && first > 0 {
				if asked {
					c.rec.turn(sent, first)
					return nil
				}
				calm = time.After(quiet)
			}
		case <-calm:
			c.rec.turn(sent, first)
			return nil
		case <-deadline.C:
			if !acked {
				c.rec.ackMissing()
				return errors.New(c.cfg.Say.T("loadtest.err.no_ack", "timeout", c.cfg.Timeout))
			}
			return errors.New(c.cfg.Say.T("loadtest.err.no_reply", "timeout", c.cfg.Timeout))
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// retryable says whether the server asks to send a message again.
func retryable(code string) bool {
	return code == "rate_limited" || code == "busy" || code == "unavailable"
}
