package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/frontpage"
	"amtsbote/internal/browsertest"
	"amtsbote/internal/httpx"
)

// TestBrowser runs e2e/widget.mjs (playwright-core, axe-core) in headless
// Chromium against the real core and this channel. Without Chromium, Node
// or e2e/node_modules it is skipped, except under CI=true, where it fails
// (.ci/install-browser installs them). Screenshots go to a temporary
// directory, or to the directory in AMTSBOTE_SCREENSHOTS (docs/ when the
// pictures there are to be renewed).
func TestBrowser(t *testing.T) {
	node, chromium := browsertest.Tools(t, "e2e/node_modules/playwright-core", "e2e/node_modules/axe-core")
	shots := browsertest.Screenshots(t)

	f := start(t, Options{})
	page, err := frontpage.New(frontpage.Options{}, f.core.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(outageSwitch(f.ch, page.Handler()))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/widget.mjs", srv.URL, shots)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}

// outageSwitch serves the channel and the front page (as the composition
// root mounts them) plus POST /test/down?ms=N, which drops every WebSocket
// and refuses new ones for N ms: a network outage as the widget sees it;
// and POST /test/sessions (below).
func outageSwitch(ch *Channel, page http.Handler) http.Handler {
	var downUntil atomic.Int64
	site := http.NewServeMux()
	for _, p := range Paths() {
		site.Handle(p, ch.Handler())
	}
	site.Handle("/", page)
	h := http.Handler(site)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /test/down", func(w http.ResponseWriter, r *http.Request) {
		ms, _ := strconv.Atoi(r.URL.Query().Get("ms"))
		downUntil.Store(time.Now().Add(time.Duration(ms) * time.Millisecond).UnixNano())
		ch.reg.mu.Lock()
		for _, list := range ch.reg.conns {
			for _, cn := range list {
				cn.drop(websocket.CloseGoingAway, "test outage")
			}
		}
		ch.reg.mu.Unlock()
	})
	// POST /test/sessions?spend=all empties the caller's new-session
	// bucket; spend=none fills it again.
	mux.HandleFunc("POST /test/sessions", func(w http.ResponseWriter, r *http.Request) {
		l, key := ch.sessions, httpx.ClientKey(r)
		if r.URL.Query().Get("spend") != "all" {
			l.Forget(key)
			return
		}
		for now := time.Now(); ; {
			if ok, _ := l.Allow(key, now); !ok {
				return
			}
		}
	})
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chat/ws" && time.Now().UnixNano() < downUntil.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	}))
	return mux
}
