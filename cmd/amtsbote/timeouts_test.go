package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"amtsbote/app/server"
	"amtsbote/config"
)

// shortTimeouts is the default configuration with a read and an idle
// timeout of a second, so that the tests of them run in seconds.
func shortTimeouts(t *testing.T) config.Config {
	c := config.Default()
	c.Data, c.Addr = t.TempDir(), "127.0.0.1:0"
	c.HTTP = config.HTTP{ReadTimeout: time.Second, IdleTimeout: time.Second}
	return c
}

// listeners dials each of the server's listeners by name.
func listeners(at server.Addrs, dataDir string) map[string]func() (net.Conn, error) {
	return map[string]func() (net.Conn, error){
		"public":  func() (net.Conn, error) { return net.Dial("tcp", at.Addr) },
		"metrics": func() (net.Conn, error) { return net.Dial("tcp", at.Metrics) },
		"admin":   func() (net.Conn, error) { return net.Dial("unix", filepath.Join(dataDir, server.AdminSocket)) },
	}
}

// closedWithin reads from conn until the server closes it and reports
// how long that took, or fails the test when it is still open after wait.
func closedWithin(t *testing.T, name string, conn net.Conn, start time.Time, wait time.Duration) time.Duration {
	t.Helper()
	_ = conn.SetReadDeadline(start.Add(wait))
	_, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("%s: the connection is still open after %v", name, wait)
	}
	return time.Since(start)
}

// A client that sends the header and then trickles the body is cut off
// after http.read_timeout, on the public listener and the admin socket.
func TestSlowBodyIsCutOff(t *testing.T) {
	c := shortTimeouts(t)
	at, _ := startServeAt(t, c, quietLog())
	for name, path := range map[string]string{"public": "/staff/api/login", "admin": "/staff/accounts"} {
		conn, err := listeners(at, c.Data)[name]()
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", path)
		ctx, stopTrickle := context.WithCancel(context.Background())
		trickled := make(chan struct{})
		go func() { // a byte every 100 ms: 1000 bytes would take 100 s
			defer close(trickled)
			for ctx.Err() == nil {
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
		took := closedWithin(t, name, conn, start, 6*time.Second)
		stopTrickle()
		<-trickled
		if took < 900*time.Millisecond || took > 4*time.Second {
			t.Errorf("%s: the slow body was cut off after %v, want about 1s", name, took)
		}
	}
}

// An idle keep-alive connection is closed after http.idle_timeout on every
// listener, and a header over 64 KiB is refused.
func TestIdleConnectionClosedAndHeaderBounded(t *testing.T) {
	c := shortTimeouts(t)
	at, _ := startServeAt(t, c, quietLog())
	paths := map[string]string{"public": "/healthz", "metrics": "/metrics", "admin": "/debug/pprof/cmdline"}
	for name, dial := range listeners(at, c.Data) {
		conn, err := dial()
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", paths[name])
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Close {
			t.Fatalf("%s: %s, close %v: want a kept-alive 200", name, resp.Status, resp.Close)
		}
		start := time.Now()
		_ = conn.SetReadDeadline(start.Add(6 * time.Second))
		if _, err := br.ReadByte(); err == nil {
			t.Fatalf("%s: the server sent more than its answer", name)
		} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatalf("%s: the idle connection is still open after 6s", name)
		}
		if took := time.Since(start); took < 800*time.Millisecond || took > 4*time.Second {
			t.Errorf("%s: the idle connection was closed after %v, want about 1s", name, took)
		}
	}

	req, _ := http.NewRequest(http.MethodGet, "http://"+at.Addr+"/healthz", nil)
	req.Header.Set("X-Padding", strings.Repeat("a", 100<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("a 100 KiB header: %s, want 431", resp.Status)
	}
}

// A web chat lives on past http.read_timeout and http.idle_timeout: the
// WebSocket left HTTP when it was upgraded.
func TestWebChatOutlivesReadTimeout(t *testing.T) {
	c := shortTimeouts(t)
	at, stop := startServeAt(t, c, quietLog())
	citizen := dialWeb(t, at.Addr)
	if got := citizen.say(t, "hallo"); !strings.Contains(got, "Guten Tag") {
		t.Fatalf("first answer: %q", got)
	}
	time.Sleep(2500 * time.Millisecond) // well past both timeouts, the socket quiet
	if got := citizen.say(t, "Zählerstand melden"); got == "" {
		t.Fatal("no answer after the read timeout")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// A request on the admin socket may work longer than http.read_timeout
// (a profile, an erasure with compaction): the read timeout bounds reading
// the request, and there is no write timeout there to cut the answer.
func TestAdminRequestOutlivesReadTimeout(t *testing.T) {
	c := shortTimeouts(t)
	startServeAt(t, c, quietLog())
	start := time.Now()
	resp, err := adminClient(c.Data).Get("http://amtsbote/debug/pprof/profile?seconds=2")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if took := time.Since(start); resp.StatusCode != http.StatusOK || took < 1900*time.Millisecond {
		t.Fatalf("a 2 s profile: %s after %v; cut short", resp.Status, took)
	}
}
