//go:build crash

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gorilla/websocket"
)

// crashScript is what the crash test's citizens say, over and over.
var crashScript = []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann",
	"überspringen", "Absenden", "Was kostet ein Bewohnerparkausweis?", "abbrechen"}

// maxCrashTurns keeps a conversation's history under the 500 entries a
// hello replays, so that the check sees all of it.
const maxCrashTurns = 120

// crashFrame is what the crash test reads of a server frame.
type crashFrame struct {
	Type    string `json:"type"`
	Token   string `json:"token"`
	ID      string `json:"id"`
	From    string `json:"from"`
	Code    string `json:"code"`
	History bool   `json:"history"`
	Options []any  `json:"options"`
	Field   any    `json:"field"`
}

// crashCitizen is a web chat citizen that remembers what the server
// acknowledged and which replies it received, across crashes.
type crashCitizen struct {
	name    string
	token   string
	seq     int
	line    int
	pending map[string]string // the message sent but not acknowledged: sent again, same id
	acked   map[string]bool   // ids of messages the server acknowledged
	replies map[string]bool   // ids of replies received live
}

// open connects and says hello with the citizen's token; frames come on
// the returned channel until the connection ends.
func (c *crashCitizen) open(ctx context.Context, url string) (*websocket.Conn, <-chan crashFrame, error) {
	ws, _, err := websocket.DefaultDialer.DialContext(ctx, url, nil)
	if err != nil {
		return nil, nil, err
	}
	frames := make(chan crashFrame, 1024)
	go func() {
		defer close(frames)
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			var f crashFrame
			if json.Unmarshal(data, &f) == nil {
				frames <- f
			}
		}
	}()
	if err := ws.WriteJSON(map[string]string{"type": "hello", "token": c.token}); err != nil {
		ws.Close()
		return nil, nil, err
	}
	select {
	case f, ok := <-frames:
		if !ok || f.Type != "welcome" {
			ws.Close()
			return nil, nil, fmt.Errorf("no welcome: %+v", f)
		}
		if c.token != "" && f.Token != c.token {
			ws.Close()
			return nil, nil, errors.New("the server did not know the token after the restart")
		}
		c.token = f.Token
	case <-time.After(10 * time.Second):
		ws.Close()
		return nil, nil, errors.New("no welcome within 10 s")
	}
	return ws, frames, nil
}

// run talks until ctx ends or the connection breaks.
func (c *crashCitizen) run(ctx context.Context, url string) {
	ws, frames, err := c.open(ctx, url)
	if err != nil {
		return
	}
	defer ws.Close()
	stop := context.AfterFunc(ctx, func() { ws.Close() })
	defer stop()
	for c.seq < maxCrashTurns || c.pending != nil {
		msg := c.pending
		if msg == nil {
			c.seq++
			msg = map[string]string{"type": "message", "id": fmt.Sprintf("%s-%d", c.name, c.seq),
				"text": crashScript[c.line%len(crashScript)]}
			c.line++
			c.pending = msg
		}
		if ws.WriteJSON(msg) != nil || !c.await(frames, msg["id"]) {
			return
		}
	}
	<-ctx.Done()
}

// await reads until the message is acknowledged and the replies end with
// a question or stop coming; false when the connection ended first.
func (c *crashCitizen) await(frames <-chan crashFrame, id string) bool {
	acked, asked := false, false
	var calm <-chan time.Time
	for {
		select {
		case f, ok := <-frames:
			if !ok {
				return false
			}
			switch {
			case f.Type == "ack" && f.ID == id:
				acked = true
				c.acked[id] = true
				c.pending = nil
			case f.Type == "message" && !f.History && f.From != "citizen":
				c.replies[f.ID] = true
				asked = asked || len(f.Options) > 0 || f.Field != nil
			}
			if acked && asked {
				return true
			}
			if acked {
				calm = time.After(200 * time.Millisecond)
			}
		case <-calm:
			return true
		case <-time.After(30 * time.Second):
			return false
		}
	}
}

// verify reads the citizen's history from a fresh connection and checks
// it against what the citizen saw: every acknowledged message and every
// received reply is there, and no message or reply is there twice.
func (c *crashCitizen) verify(url string) error {
	if c.token == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, frames, err := c.open(ctx, url)
	if err != nil {
		return err
	}
	defer ws.Close()
	if err := ws.WriteJSON(map[string]string{"type": "sync"}); err != nil {
		return err
	}
	mine, theirs := map[string]int{}, map[string]int{}
	for f := range frames {
		if f.Type == "error" && f.Code == "unknown_type" {
			break
		}
		if f.Type != "message" || !f.History {
			continue
		}
		if f.From == "citizen" {
			mine[f.ID]++
		} else {
			theirs[f.ID]++
		}
	}
	for id := range c.acked {
		if mine[id] != 1 {
			return fmt.Errorf("acknowledged message %s is in the history %d times", id, mine[id])
		}
	}
	for id := range c.replies {
		if theirs[id] != 1 {
			return fmt.Errorf("received reply %s is in the history %d times", id, theirs[id])
		}
	}
	for id, n := range mine {
		if n > 1 {
			return fmt.Errorf("message %s is in the history %d times", id, n)
		}
	}
	for id, n := range theirs {
		if n > 1 {
			return fmt.Errorf("reply %s is in the history %d times", id, n)
		}
	}
	return nil
}
