package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"amtsbote/app/server"
	"amtsbote/config"
	"amtsbote/internal/loadtest"
)

// The open web chat connections show in /metrics and, with the memory
// after a collection, at GET /memory on the admin socket.
func TestConnectionsAndMemoryReported(t *testing.T) {
	c := config.Default()
	c.Data, c.Addr = t.TempDir(), "127.0.0.1:0"
	at, stop := startServeAt(t, c, quietLog())
	addr := at.Addr
	for range 3 {
		ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/chat/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
	}
	admin := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", filepath.Join(c.Data, server.AdminSocket))
	}}}
	var m loadtest.ServerMemory
	for deadline := time.Now().Add(5 * time.Second); m.WebConnections != 3 && time.Now().Before(deadline); {
		resp, err := admin.Get("http://amtsbote/memory")
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if m.WebConnections != 3 || m.HeapLive == 0 || m.Stacks == 0 || m.Goroutines == 0 {
		t.Fatalf("memory report %+v", m)
	}
	// The profiler is on the admin socket, and only there.
	resp, err := admin.Get("http://amtsbote/debug/pprof/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("pprof on the admin socket: %s", resp.Status)
	}
	if resp, err = http.Get("http://" + addr + "/debug/pprof/cmdline"); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("the profiler is on the public port")
	}
	resp, err = http.Get("http://" + at.Metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `amtsbote_connections_open{kind="web"} 3`) {
		t.Fatal("metrics do not count the 3 web connections")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
