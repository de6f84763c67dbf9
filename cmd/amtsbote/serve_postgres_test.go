package main

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/app/server"
	"amtsbote/config"
	"amtsbote/internal/pgtest"
)

// pgChat is a web chat citizen for the PostgreSQL tests.
type pgChat struct {
	t      *testing.T
	ws     *websocket.Conn
	frames chan pgFrame // read by a goroutine until the connection ends
	token  string
	seq    int
}

// pgFrame is what the tests read of a server frame.
type pgFrame struct {
	Type    string `json:"type"`
	Token   string `json:"token"`
	ID      string `json:"id"`
	From    string `json:"from"`
	Text    string `json:"text"`
	History bool   `json:"history"`
}

// dialChat connects to the web chat at addr and says hello with token ("" for
// a new conversation); it returns the client and the history replayed.
func dialChat(t *testing.T, addr, token string) (*pgChat, []pgFrame) {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/chat/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &pgChat{t: t, ws: ws, frames: make(chan pgFrame, 256)}
	go func() {
		defer close(c.frames)
		for {
			var f pgFrame
			if err := ws.ReadJSON(&f); err != nil {
				return
			}
			c.frames <- f
		}
	}()
	if err := ws.WriteJSON(map[string]string{"type": "hello", "token": token}); err != nil {
		t.Fatal(err)
	}
	var history []pgFrame
	for {
		f := c.read()
		if f.Type == "welcome" {
			c.token = f.Token
			break
		}
	}
	// The history follows the welcome; a sync ends it with an error frame
	// (unknown type), which marks its end.
	if err := ws.WriteJSON(map[string]string{"type": "sync"}); err != nil {
		t.Fatal(err)
	}
	for {
		f := c.read()
		if f.Type == "error" {
			break
		}
		if f.Type == "message" && f.History {
			history = append(history, f)
		}
	}
	return c, history
}

func (c *pgChat) read() pgFrame {
	c.t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			c.t.Fatal("web chat: the connection ended")
		}
		return f
	case <-time.After(20 * time.Second):
		c.t.Fatal("web chat: nothing for 20 s")
	}
	return pgFrame{}
}

// say sends text and returns the bot's replies once the message is
// acknowledged and the replies have stopped coming for a moment.
func (c *pgChat) say(text string) []string {
	c.t.Helper()
	c.seq++
	id := fmt.Sprintf("%s-%d", c.token[:8], c.seq)
	if err := c.ws.WriteJSON(map[string]string{"type": "message", "id": id, "text": text}); err != nil {
		c.t.Fatal(err)
	}
	var replies []string
	acked := false
	for {
		calm := 20 * time.Second
		if acked && len(replies) > 0 {
			calm = 400 * time.Millisecond
		}
		select {
		case f, ok := <-c.frames:
			if !ok {
				c.t.Fatalf("web chat, after %q: the connection ended", text)
			}
			switch {
			case f.Type == "ack" && f.ID == id:
				acked = true
			case f.Type == "message" && !f.History && f.From != "citizen":
				replies = append(replies, f.Text)
			}
		case <-time.After(calm):
			if acked && len(replies) > 0 {
				return replies
			}
			c.t.Fatalf("web chat, after %q: acknowledged %v, %d replies", text, acked, len(replies))
		}
	}
}

// TestServeOnPostgres runs `serve` on PostgreSQL: a citizen files a meter
// reading over the web chat, the case is stored in PostgreSQL, /readyz
// fails while the database is away and the node goes on by itself when it
// is back, and the conversation resumes.
func TestServeOnPostgres(t *testing.T) {
	db := pgtest.Database(t)
	proxy, viaProxy := pgtest.NewProxy(t, db)
	c := config.Default()
	c.Data, c.Addr, c.Store = t.TempDir(), "127.0.0.1:0", config.Secret(viaProxy)
	c.KeyPassphrase = "pg-test"
	at, stop := startServeAt(t, c, quietLog())
	ready := func() int {
		resp, err := http.Get("http://" + at.Addr + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := ready(); s != http.StatusOK {
		t.Fatalf("readyz: %d", s)
	}
	chat, _ := dialChat(t, at.Addr, "")
	var last []string
	for _, line := range []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika-Pgtest-Mustermann", "überspringen", "Absenden"} {
		last = chat.say(line)
	}
	if !strings.Contains(strings.Join(last, " "), "AB-") {
		t.Fatalf("no case reference after submitting: %q", last)
	}
	if n := countRows(t, db, "cases"); n != 1 {
		t.Fatalf("%d cases in PostgreSQL", n)
	}

	// PostgreSQL goes away: /readyz says so (within Ping's bound).
	proxy.Cut()
	deadline := time.Now().Add(10 * time.Second)
	for ready() == http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("readyz stays ready without PostgreSQL")
		}
		time.Sleep(100 * time.Millisecond)
	}
	// It comes back: the node reconnects by itself.
	proxy.Restore()
	deadline = time.Now().Add(15 * time.Second)
	for ready() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("readyz not ready again 15 s after PostgreSQL came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
	chat.ws.Close()
	again, history := dialChat(t, at.Addr, chat.token)
	again.seq = chat.seq // message ids are the citizen's: never the same twice
	if again.token != chat.token || len(history) < 16 {
		t.Fatalf("resume: token kept %v, %d history entries", again.token == chat.token, len(history))
	}
	if r := again.say("Hallo"); len(r) == 0 {
		t.Fatal("no reply after the reconnect")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// The dump of the database holds no answer in plaintext.
	if out, err := exec.Command("pg_dump", "--data-only", db).Output(); err != nil {
		t.Fatalf("pg_dump: %v", err)
	} else if strings.Contains(string(out), "Pgtest") || strings.Contains(string(out), "1234567") {
		t.Fatal("the dump holds the citizen's answers in plaintext")
	} else if !strings.Contains(string(out), "AB-") {
		t.Fatal("the dump holds no case at all: the check proves nothing")
	}
}

// TestServeStoreErrors: a store setting that cannot work is one clear line
// at start.
func TestServeStoreErrors(t *testing.T) {
	c := config.Default()
	c.Data, c.Addr, c.KeyPassphrase = t.TempDir(), "127.0.0.1:0", "pg-test"
	c.Store = "mysql://db/amtsbote"
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "config: store:") {
		t.Fatalf("a store URL of another kind: %v", err)
	}
	for url, want := range map[string]string{
		"postgres://postgres@127.0.0.1:1/amtsbote?sslmode=disable&connect_timeout=2": "cannot connect to PostgreSQL at 127.0.0.1:1/amtsbote as postgres",
		"postgres://postgres@127.0.0.1:5432/amtsbote_missing_db?sslmode=disable":     "amtsbote_missing_db",
		"postgres://%zz": "the database URL is not valid",
	} {
		c.Store = config.Secret(url)
		err := server.Run(context.Background(), c, quietLog(), nil)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %v", url, err)
		}
		t.Logf("%v", err)
	}
}

func countRows(t *testing.T, db, table string) int {
	t.Helper()
	out, err := exec.Command("psql", "-At", "-c", "SELECT count(*) FROM "+table, db).Output()
	if err != nil {
		t.Fatalf("psql: %v", err)
	}
	n := 0
	for _, ch := range strings.TrimSpace(string(out)) {
		n = n*10 + int(ch-'0')
	}
	return n
}
