package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/app"
	"amtsbote/app/server"
	"amtsbote/config"
	"amtsbote/internal/pgtest"
	"amtsbote/staff"
	"amtsbote/store"
)

// startNode runs `serve` on c until the test ends and returns its address.
func startNode(t *testing.T, c config.Config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, c, slog.New(slog.DiscardHandler), ready) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case at := <-ready:
		return at.Addr
	case err := <-done:
		t.Fatalf("serve ended before listening: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start within 60 s")
	}
	return ""
}

// nodeConfig is a node's configuration on the database url.
func nodeConfig(dir, url string) config.Config {
	c := config.Default()
	c.Data, c.Addr, c.MetricsAddr, c.Store = dir, "127.0.0.1:0", "127.0.0.1:0", config.Secret(url)
	c.KeyPassphrase = "nodes-test"
	return c
}

const password = "ein-langes-Passwort-2026"

// setUp creates the portal key in dirA, copies it to dirB and adds the
// staff accounts (admins: they see every department).
func setUp(t *testing.T, dirA, dirB, db string, users ...string) {
	t.Helper()
	_, st, err := app.OpenStore(nodeConfig(dirA, db), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		acct, err := staff.NewAccount(u, u, "stadtwerke", store.RoleAdmin, password, staff.ArgonParams{Time: 1, Memory: 8 << 10, Threads: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateStaffAccount(context.Background(), acct); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dirA, "portal-key*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dirB, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// agent is a member of staff logged in on one node's console.
type agent struct {
	t    *testing.T
	base string
	web  *http.Client
	csrf string
}

func login(t *testing.T, addr, user string) *agent {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a := &agent{t: t, base: "http://" + addr, web: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	var out struct{ CSRF string }
	if s := a.call("POST", "/staff/api/login", fmt.Sprintf(`{"username":%q,"password":%q}`, user, password), &out); s != 200 {
		t.Fatalf("login of %s: %d", user, s)
	}
	a.csrf = out.CSRF
	return a
}

func (a *agent) call(method, path, body string, into any) int {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", a.csrf)
	resp, err := a.web.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer resp.Body.Close()
	if into != nil {
		_ = json.NewDecoder(resp.Body).Decode(into)
	}
	return resp.StatusCode
}

// queued is what the agent's queue says of conversation id: its
// department and who claimed it; ok false when it is not listed.
func (a *agent) queued(id string) (dept, claimedBy string, ok bool) {
	var items []struct {
		ID, Department string
		ClaimedBy      string `json:"claimed_by"`
	}
	if s := a.call("GET", "/staff/api/queue", "", &items); s != 200 {
		a.t.Fatalf("queue: %d", s)
	}
	for _, it := range items {
		if it.ID == id {
			return it.Department, it.ClaimedBy, true
		}
	}
	return "", "", false
}

// liveEvent is a frame of /staff/ws.
type liveEvent struct {
	Type, Department, Conversation, Case string
}

// live opens the agent's live socket as the page does (session cookie,
// the node's own Origin) and reads it until the test ends.
func (a *agent) live() chan liveEvent {
	a.t.Helper()
	h := http.Header{}
	for _, c := range a.web.Jar.Cookies(mustURL(a.base + "/staff/ws")) {
		h.Add("Cookie", c.Name+"="+c.Value)
	}
	h.Set("Origin", a.base)
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(a.base, "http")+"/staff/ws", h)
	if err != nil {
		a.t.Fatal(err)
	}
	a.t.Cleanup(func() { ws.Close() })
	ch := make(chan liveEvent, 256)
	go func() {
		defer close(ch)
		for {
			var ev liveEvent
			if err := ws.ReadJSON(&ev); err != nil {
				return
			}
			ch <- ev
		}
	}()
	return ch
}

// await reads events until one of typ about conv (any when "") arrives and
// returns how long after start that was.
func await(t *testing.T, ch chan liveEvent, typ, conv string, start time.Time, within time.Duration) time.Duration {
	t.Helper()
	timeout := time.After(within)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("the live socket closed waiting for %s", typ)
			}
			if ev.Type == typ && (conv == "" || ev.Conversation == conv) {
				return time.Since(start)
			}
		case <-timeout:
			t.Fatalf("no %s %s on the other node's live socket within %v", typ, conv, within)
		}
	}
}

// drain drops the events already read.
func drain(ch chan liveEvent) {
	for {
		select {
		case <-ch:
		case <-time.After(150 * time.Millisecond):
			return
		}
	}
}

// citizenAsks opens a web chat on addr and asks for a person; it returns
// when the message is acknowledged.
func citizenAsks(t *testing.T, addr string) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/chat/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	if err := ws.WriteJSON(map[string]string{"type": "hello"}); err != nil {
		t.Fatal(err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(20 * time.Second))
	sent := false
	for {
		var f struct{ Type, ID string }
		if err := ws.ReadJSON(&f); err != nil {
			t.Fatalf("web chat: %v", err)
		}
		switch {
		case f.Type == "welcome" && !sent:
			if err := ws.WriteJSON(map[string]string{"type": "message", "id": "m1", "text": "Ich möchte mit einem Menschen sprechen"}); err != nil {
				t.Fatal(err)
			}
			sent = true
		case f.Type == "ack" && f.ID == "m1":
			return ws
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Two nodes on one PostgreSQL database: what a member of staff does on node
// A's console (claim, note, transfer, messages, release) reaches a
// colleague's live socket on node B at once, and B's API then shows it;
// after B lost the database for a while (notifications missed), its
// sockets are told to reload and the API shows what happened meanwhile.
func TestStaffConsolesOnTwoNodes(t *testing.T) {
	db := pgtest.Database(t)
	proxy, viaProxy := pgtest.NewProxy(t, db)
	dirA, dirB := t.TempDir(), t.TempDir()
	setUp(t, dirA, dirB, db, "anna", "ben")
	addrA := startNode(t, nodeConfig(dirA, db))
	addrB := startNode(t, nodeConfig(dirB, viaProxy)) // node B reaches PostgreSQL through a proxy the test cuts
	anna, ben := login(t, addrA, "anna"), login(t, addrB, "ben")
	events := ben.live()
	await(t, events, "ready", "", time.Now(), 10*time.Second)
	time.Sleep(500 * time.Millisecond) // both nodes listen

	citizenAsks(t, addrA)
	var conv string
	for deadline := time.Now().Add(10 * time.Second); conv == ""; time.Sleep(50 * time.Millisecond) {
		var items []struct{ ID string }
		anna.call("GET", "/staff/api/queue", "", &items)
		if len(items) > 0 {
			conv = items[0].ID
		} else if time.Now().After(deadline) {
			t.Fatal("the citizen is not in node A's queue")
		}
	}
	if _, _, ok := ben.queued(conv); !ok {
		t.Fatal("node B's queue lacks the conversation node A queued")
	}
	drain(events)

	var took []time.Duration
	step := func(what, method, path, body string, want int, typ string) {
		t.Helper()
		start := time.Now()
		if s := anna.call(method, path, body, nil); s != want {
			t.Fatalf("%s on node A: %d", what, s)
		}
		d := await(t, events, typ, "", start, 5*time.Second)
		took = append(took, d)
		t.Logf("%s on node A: %s on node B after %v", what, typ, d.Round(time.Millisecond))
	}
	path := "/staff/api/conversations/" + conv
	step("claim", "POST", path+"/claim", "", 200, "queue.changed")
	if _, by, _ := ben.queued(conv); by != "anna" {
		t.Fatalf("after the claim node B's queue says claimed by %q", by)
	}
	step("note", "POST", path+"/notes", `{"text":"Rückruf vereinbart"}`, 201, "conversation.note")
	var notes []struct{ Text string }
	if ben.call("GET", path+"/notes", "", &notes); len(notes) != 1 {
		t.Fatalf("node B reads notes %+v", notes)
	}
	step("transfer", "POST", path+"/transfer", `{"department":"ordnungsamt"}`, 204, "queue.changed")
	drain(events) // the transfer tells both departments
	if dept, by, ok := ben.queued(conv); !ok || dept != "ordnungsamt" || by != "" {
		t.Fatalf("after the transfer node B's queue says %q %q %v", dept, by, ok)
	}
	step("claim again", "POST", path+"/claim", "", 200, "queue.changed")
	drain(events)
	var msgs []time.Duration
	for i := range 40 { // staff messages go through a turn: node B's feed shows them
		start := time.Now()
		if s := anna.call("POST", path+"/messages", fmt.Sprintf(`{"text":"Antwort %d von Anna"}`, i), nil); s != 201 {
			t.Fatalf("message %d on node A: %d", i, s)
		}
		msgs = append(msgs, await(t, events, "conversation.message", conv, start, 5*time.Second))
		drain(events)
	}
	slices.Sort(msgs)
	t.Logf("40 staff messages sent on node A, seen on node B's live socket (from sending the request): median %v, p99 %v",
		msgs[len(msgs)/2], msgs[len(msgs)*99/100])
	step("release", "POST", path+"/release", "", 204, "queue.changed")
	if _, _, ok := ben.queued(conv); ok {
		t.Fatal("after the release node B still lists the conversation")
	}
	slices.Sort(took)
	t.Logf("%d requests on node A seen on node B's live socket (from sending the request): median %v, slowest %v",
		len(took), took[len(took)/2], took[len(took)-1])

	// Node B loses PostgreSQL; meanwhile a citizen on A asks for a person
	// again and Anna claims: B misses both notifications. When B is back,
	// its sockets are told to reload, and its API shows the claim.
	drain(events)
	proxy.Cut()
	time.Sleep(300 * time.Millisecond)
	citizenAsks(t, addrA)
	var second string
	for deadline := time.Now().Add(10 * time.Second); second == ""; time.Sleep(50 * time.Millisecond) {
		var items []struct{ ID string }
		anna.call("GET", "/staff/api/queue", "", &items)
		if len(items) > 0 {
			second = items[0].ID
		} else if time.Now().After(deadline) {
			t.Fatal("the second citizen is not in node A's queue")
		}
	}
	if s := anna.call("POST", "/staff/api/conversations/"+second+"/claim", "", nil); s != 200 {
		t.Fatalf("claim during the cut: %d", s)
	}
	time.Sleep(300 * time.Millisecond)
	proxy.Restore()
	await(t, events, "resync", "", time.Now(), 15*time.Second)
	if _, by, ok := ben.queued(second); !ok || by != "anna" {
		t.Fatalf("after the resync node B's queue says %q %v", by, ok)
	}
}
