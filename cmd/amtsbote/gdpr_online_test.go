package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	bbolt "go.etcd.io/bbolt"

	"amtsbote/app"
	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/privacy"
	"amtsbote/store/bolt"
)

// webCitizen talks to a running server's web chat.
type webCitizen struct {
	ws     *websocket.Conn
	frames <-chan webFrame
	seq    int
}

// webFrame is what the tests read of a server frame.
type webFrame struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	From    string `json:"from"`
	Text    string `json:"text"`
	History bool   `json:"history"`
}

func dialWeb(t *testing.T, addr string) *webCitizen {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/chat/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	frames := make(chan webFrame, 256)
	go func() {
		defer close(frames)
		for {
			var f webFrame
			if ws.ReadJSON(&f) != nil {
				return
			}
			frames <- f
		}
	}()
	if err := ws.WriteJSON(map[string]string{"type": "hello"}); err != nil {
		t.Fatal(err)
	}
	c := &webCitizen{ws: ws, frames: frames}
	if f := c.next(t, 10*time.Second); f.Type != "welcome" {
		t.Fatalf("no welcome: %+v", f)
	}
	return c
}

func (c *webCitizen) next(t *testing.T, wait time.Duration) webFrame {
	t.Helper()
	select {
	case f, ok := <-c.frames:
		if !ok {
			t.Fatal("the server closed the web chat")
		}
		return f
	case <-time.After(wait):
		return webFrame{}
	}
}

// say sends text and returns the bot's live replies: those that came until
// the message was acknowledged and the replies stopped for a moment.
func (c *webCitizen) say(t *testing.T, text string) string {
	t.Helper()
	c.seq++
	id := fmt.Sprint("m", c.seq)
	if err := c.ws.WriteJSON(map[string]string{"type": "message", "id": id, "text": text}); err != nil {
		t.Fatal(err)
	}
	var replies []string
	acked := false
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		f := c.next(t, 500*time.Millisecond)
		switch {
		case f.Type == "" && acked && len(replies) > 0:
			return strings.Join(replies, "\n")
		case f.Type == "ack" && f.ID == id:
			acked = true
		case f.Type == "message" && !f.History && f.From == "bot":
			replies = append(replies, f.Text)
		}
	}
	t.Fatalf("no acknowledged answer to %q (acked %v, replies %q)", text, acked, replies)
	return ""
}

// sealedBytes reads from the stopped store file what only the one
// conversation in it left: its wrapped key and a sealed message.
func sealedBytes(t *testing.T, dir string) (wrapped, sealed []byte) {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(dir, bolt.FileName), 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bbolt.Tx) error {
		var id []byte
		n := 0
		_ = tx.Bucket([]byte("keys")).ForEach(func(k, v []byte) error {
			id, wrapped, n = append([]byte{}, k...), append([]byte{}, v...), n+1
			return nil
		})
		if n != 1 {
			return fmt.Errorf("%d conversation keys in the store, want 1", n)
		}
		k, v := tx.Bucket([]byte("transcript")).Cursor().Seek(append(id, 0))
		if !bytes.HasPrefix(k, append(id, 0)) || len(v) < 64 {
			return fmt.Errorf("no sealed message of the conversation")
		}
		sealed = append([]byte{}, v[9:]...) // after time and kind
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return wrapped, sealed
}

func gdprCmd(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), append([]string{"gdpr"}, args...), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("gdpr %v exited %d: %s%s", args, code, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// auditLog is the store's audit log as "actor action object" lines.
func auditLog(t *testing.T, c config.Config) string {
	t.Helper()
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	entries, err := a.DB.AuditLog(0, 20)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Actor+" "+e.Action+" "+e.Object)
	}
	return strings.Join(out, "\n")
}

// A GDPR erasure while the server runs: the server deletes, forgets and
// compacts, and goes on serving turns.
func TestGDPRDeleteThroughTheRunningServer(t *testing.T) {
	dir := t.TempDir()
	ref, code := fileCase(t, dir)
	wrapped, sealed := sealedBytes(t, dir)
	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	addr, stop := startServe(t, c)

	neighbour := dialWeb(t, addr)
	question := "Wie ist der Stand von " + ref + "? Code " + code
	if got := neighbour.say(t, question); !strings.Contains(got, ref+": Zählerstand melden – eingegangen") {
		t.Fatalf("precondition: the running server does not answer the status question: %q", got)
	}

	out := gdprCmd(t, "delete", "--data", dir, "--channel", "console", "terminal")
	if !strings.Contains(out, "deleted 1 conversation") || !strings.Contains(out, "by the running server") {
		t.Fatalf("gdpr delete: %s", out)
	}
	// Compacted while serving: no page of the file keeps the bytes.
	raw, err := os.ReadFile(filepath.Join(dir, bolt.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, wrapped) || bytes.Contains(raw, sealed) {
		t.Fatal("the erased conversation's key or messages are still in the store file")
	}
	// The case index forgot the case, and turns go on.
	if got := neighbour.say(t, question); strings.Contains(got, "eingegangen") || !strings.Contains(got, "finde ich keinen Antrag") {
		t.Fatalf("the erased case's status is still told: %q", got)
	}
	if got := dialWeb(t, addr).say(t, "hallo"); !strings.Contains(got, "Guten Tag") {
		t.Fatalf("a new citizen after the erasure: %q", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	raw, _ = os.ReadFile(filepath.Join(dir, bolt.FileName))
	if bytes.Contains(raw, wrapped) || bytes.Contains(raw, sealed) {
		t.Fatal("after the stop the erased conversation's bytes are in the store file")
	}
	log := auditLog(t, c)
	if !strings.Contains(log, "gdpr-delete console:") || !strings.Contains(log, "cli:") || strings.Contains(log, "terminal") {
		t.Fatalf("audit log:\n%s", log)
	}
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.DB.Lookup("console", "terminal"); err == nil {
		t.Fatal("the address is still bound")
	}
}

// A GDPR export from the running server holds what the stopped store's
// export holds, and is signed by the portal key.
func TestGDPRExportThroughTheRunningServerMatchesOffline(t *testing.T) {
	dir := t.TempDir()
	fileCase(t, dir)
	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	_, stop := startServe(t, c)
	online := filepath.Join(t.TempDir(), "online.json")
	if out := gdprCmd(t, "export", "--data", dir, "--channel", "console", "--out", online, "terminal"); !strings.Contains(out, "(1 conversation(s))") || !strings.Contains(out, "by the running server") {
		t.Fatalf("export from the running server: %s", out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	offline := filepath.Join(t.TempDir(), "offline.json")
	if out := gdprCmd(t, "export", "--data", dir, "--channel", "console", "--out", offline, "terminal"); !strings.Contains(out, "from the stopped store") {
		t.Fatalf("export from the stopped store: %s", out)
	}

	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	read := func(file string) []byte {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := os.ReadFile(file + ".asc")
		if err != nil {
			t.Fatal(err)
		}
		if err := portal.VerifyDetached(data, string(sig)); err != nil {
			t.Fatalf("%s: signature: %v", file, err)
		}
		var a privacy.Archive
		if err := json.Unmarshal(data, &a); err != nil {
			t.Fatal(err)
		}
		a.Exported = time.Time{} // the one thing that differs
		out, _ := json.MarshalIndent(a, "", "  ")
		return out
	}
	on, off := read(online), read(offline)
	if !bytes.Equal(on, off) {
		t.Fatalf("the running server's export differs from the stopped store's:\n%s\n---\n%s", on, off)
	}
	if !bytes.Contains(on, []byte("Erika Mustermann")) {
		t.Fatal("the export lacks what the citizen wrote")
	}
	if log := auditLog(t, c); strings.Count(log, "gdpr-export console:") != 2 {
		t.Fatalf("audit log:\n%s", log)
	}
}
