//go:build crash

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"amtsbote/internal/pgtest"
)

// TestNodesKill9 runs two `amtsbote serve` processes on one PostgreSQL
// database. Web chat citizens talk to both; the node that holds the
// Telegram long polling (a local fake Bot API) is killed with SIGKILL. Its
// citizens resume on the other node with their whole history; the other
// node takes over the polling within 15 s; the killed node starts again and
// everyone talks on. Staff logged in on one node claims and answers a
// citizen on the other. Afterwards every acknowledged message and every reply
// received is in its citizen's history exactly once, and a pg_dump of the
// database holds none of the citizens' answers in plaintext.
//
//	go test -tags crash -run TestNodesKill9 -count=1 ./cmd/amtsbote/
func TestNodesKill9(t *testing.T) {
	db := pgtest.Database(t)
	dir := t.TempDir()
	bin := filepath.Join(dir, "amtsbote")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "amtsbote.yaml")
	if err := os.WriteFile(cfg, []byte("web:\n  rate_limit: 1000\n  rate_burst: 1000\n  new_sessions_per_ip: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bot := newPollWatch(t)
	data := map[string]string{"a": filepath.Join(dir, "a"), "b": filepath.Join(dir, "b")}
	start := func(name string) *child {
		return startNode(t, bin, cfg, data[name], db, bot.url+"/"+name)
	}
	nodes := map[string]*child{"a": start("a")}
	copyPortalKey(t, data["a"], data["b"])
	nodes["b"] = start("b")

	// Exactly one node polls Telegram.
	poller := bot.waitPoller(t, "", 15*time.Second)
	other := map[string]string{"a": "b", "b": "a"}[poller]
	t.Logf("node %s polls Telegram", poller)

	var citizens []*crashCitizen
	home := map[*crashCitizen]string{}
	for i := range 16 {
		c := &crashCitizen{name: fmt.Sprintf("c%d", i), acked: map[string]bool{}, replies: map[string]bool{}}
		citizens = append(citizens, c)
		home[c] = []string{"a", "b"}[i%2]
	}
	talk := func(d time.Duration) {
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, c := range citizens {
			n := nodes[home[c]]
			wg.Go(func() { c.run(ctx, n.url) })
		}
		time.Sleep(d)
		cancel()
		wg.Wait()
	}
	// Load on both; the poller is killed in the middle of it.
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, c := range citizens {
		n := nodes[home[c]]
		wg.Go(func() { c.run(ctx, n.url) })
	}
	time.Sleep(1500 * time.Millisecond)
	killed := time.Now()
	nodes[poller].kill()
	time.Sleep(300 * time.Millisecond)
	cancel()
	wg.Wait()

	// The killed node's citizens resume on the other node: their history is
	// whole there, and they talk on.
	for _, c := range citizens {
		if home[c] == poller {
			home[c] = other
		}
		if err := c.verify(nodes[other].url); err != nil {
			t.Fatalf("%s on node %s after the kill: %v", c.name, other, err)
		}
	}
	if got := bot.waitPoller(t, other, 15*time.Second); got != other {
		t.Fatalf("node %s did not take over the polling", other)
	}
	t.Logf("node %s took over the polling %v after the kill", other, bot.since(other, killed).Round(time.Millisecond))
	talk(1500 * time.Millisecond)

	// The killed node comes back; citizens on both again.
	nodes[poller] = start(poller)
	for i, c := range citizens {
		home[c] = []string{"a", "b"}[i%2]
	}
	talk(1500 * time.Millisecond)
	acked, replies := 0, 0
	for _, c := range citizens {
		for _, n := range []string{"a", "b"} {
			if err := c.verify(nodes[n].url); err != nil {
				t.Fatalf("%s on node %s at the end: %v", c.name, n, err)
			}
		}
		acked += len(c.acked)
		replies += len(c.replies)
	}
	t.Logf("%d acknowledged messages and %d replies received, each once in the histories on both nodes", acked, replies)
	if acked < 100 {
		t.Fatalf("only %d messages acknowledged: the load did not run", acked)
	}
	staffAcrossNodes(t, bin, cfg, data["a"], db, nodes["a"], nodes["b"])
	for _, n := range nodes {
		n.stop(t)
	}
	dump, err := exec.Command("pg_dump", db).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	for _, secret := range []string{"Erika Mustermann", "Z-4711", "12.345,6"} {
		if strings.Contains(string(dump), secret) {
			t.Fatalf("the dump holds %q in plaintext", secret)
		}
	}
	if !strings.Contains(string(dump), "AB-") {
		t.Fatal("the dump holds no case: the check proves nothing")
	}
}

// startNode starts `amtsbote serve` on the database db with its own data
// directory and Telegram API URL, and waits until it is ready.
func startNode(t *testing.T, bin, cfg, data, db, telegramURL string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", cfg, "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = append(childEnv(), "AMTSBOTE_STORE_URL="+db, "AMTSBOTE_TELEGRAM_TOKEN="+pollToken,
		"AMTSBOTE_TELEGRAM_API_URL="+telegramURL, "AMTSBOTE_LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			} else if strings.Contains(sc.Text(), "level=ERROR") {
				t.Log(filepath.Base(data) + ": " + sc.Text())
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		c.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		c.base, c.url = "http://"+a, "ws://"+a+"/chat/ws"
	case err := <-c.done:
		t.Fatalf("node %s did not start: %v", filepath.Base(data), err)
	case <-time.After(60 * time.Second):
		c.kill()
		t.Fatal("the node did not listen within 60 s")
	}
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Signal(syscall.SIGKILL)
		}
	})
	return c
}

// copyPortalKey gives a second node the first one's portal key: every
// node holds the same key files.
func copyPortalKey(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(from, "portal-key*"))
	if len(files) == 0 {
		t.Fatal("the first node wrote no portal key")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

const pollToken = "123456:NODES-test"

// pollWatch is a fake Bot API that answers what the channel asks at start
// and long polls with no updates, noting which node (the first path
// segment) polled when.
type pollWatch struct {
	url   string
	mu    sync.Mutex
	last  map[string]time.Time // node → its last getUpdates
	first map[string]time.Time // node → its first getUpdates
}

func newPollWatch(t *testing.T) *pollWatch {
	w := &pollWatch{last: map[string]time.Time{}, first: map[string]time.Time{}}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

func (w *pollWatch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	node, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	method := rest[strings.LastIndex(rest, "/")+1:]
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 123456, "is_bot": true, "first_name": "Amtsbote", "username": "MusterstadtBot"}
	case "getUpdates":
		now := time.Now()
		w.mu.Lock()
		w.last[node] = now
		if _, ok := w.first[node]; !ok {
			w.first[node] = now
		}
		w.mu.Unlock()
		select {
		case <-r.Context().Done():
		case <-time.After(300 * time.Millisecond):
		}
		result = []any{}
	}
	rw.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(rw).Encode(map[string]any{"ok": true, "result": result})
}

// waitPoller waits until exactly one node polls (want, if given) and
// returns it.
func (w *pollWatch) waitPoller(t *testing.T, want string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
		w.mu.Lock()
		var live []string
		for n, at := range w.last {
			if time.Since(at) < time.Second {
				live = append(live, n)
			}
		}
		_, wantPolls := w.first[want]
		w.mu.Unlock()
		switch {
		case want == "" && len(live) > 1:
			t.Fatalf("nodes %v poll Telegram at once", live)
		case want == "" && len(live) == 1:
			return live[0]
		case want != "" && wantPolls:
			return want
		}
	}
	t.Fatalf("no node (want %q) polls Telegram within %v", want, within)
	return ""
}

// since is how long after t node first polled after t.
func (w *pollWatch) since(node string, t time.Time) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.first[node].Sub(t)
}

// staffAcrossNodes: a citizen on node b asks for a person; staff logged in
// on node a claims the conversation and answers; the citizen's socket on
// node b shows the claim and the answer.
func staffAcrossNodes(t *testing.T, bin, cfg, dataA, db string, a, b *child) {
	t.Helper()
	add := exec.Command(bin, "staff", "add", "anna", "--admin", "--department", "stadtwerke", "--config", cfg, "--data", dataA)
	add.Env = append(childEnv(), "AMTSBOTE_STORE_URL="+db)
	add.Stdin = strings.NewReader("ein-langes-Passwort-2026\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("staff add: %v\n%s", err, out)
	}
	citizen, _ := dialChat(t, strings.TrimPrefix(b.base, "http://"), "")
	citizen.say("Ich möchte mit einem Menschen sprechen")

	jar, _ := cookiejar.New(nil)
	web := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	call := func(method, path, csrf, body string, into any) int {
		t.Helper()
		req, _ := http.NewRequest(method, a.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		resp, err := web.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if into != nil {
			_ = json.NewDecoder(resp.Body).Decode(into)
		}
		return resp.StatusCode
	}
	var login struct{ CSRF string }
	if s := call("POST", "/staff/api/login", "", `{"username":"anna","password":"ein-langes-Passwort-2026"}`, &login); s != 200 {
		t.Fatalf("login on node a: %d", s)
	}
	var conv string
	for deadline := time.Now().Add(10 * time.Second); conv == ""; {
		var queue []struct{ ID string }
		call("GET", "/staff/api/queue", "", "", &queue)
		if len(queue) > 0 {
			conv = queue[0].ID
		} else if time.Now().After(deadline) {
			t.Fatal("the conversation of node b is not in node a's queue")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if s := call("POST", "/staff/api/conversations/"+conv+"/claim", login.CSRF, "", nil); s != 200 {
		t.Fatalf("claim on node a: %d", s)
	}
	sent := time.Now()
	if s := call("POST", "/staff/api/conversations/"+conv+"/messages", login.CSRF, `{"text":"Hallo, hier ist Anna vom Amt."}`, nil); s != 201 {
		t.Fatalf("answer on node a: %d", s)
	}
	for {
		select {
		case f, ok := <-citizen.frames:
			if !ok {
				t.Fatal("the citizen's connection to node b ended")
			}
			if f.Type == "message" && !f.History && strings.Contains(f.Text, "Anna vom Amt") {
				t.Logf("staff on node a answered a citizen on node b: shown %v after the answer was sent", time.Since(sent).Round(time.Millisecond))
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the answer of staff on node a did not reach the citizen on node b")
		}
	}
}
