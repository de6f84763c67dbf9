package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/app/server"
	"amtsbote/config"
	"amtsbote/staff"
	"amtsbote/store"
)

func TestServeAnswersAndStopsOnSignal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := config.Default()
	s.Data, s.Addr, s.MetricsAddr = t.TempDir(), "127.0.0.1:0", "127.0.0.1:0"
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, s, slog.New(slog.DiscardHandler), ready) }()
	var addr string
	select {
	case at := <-ready:
		addr = at.Addr
	case err := <-done:
		t.Fatalf("serve ended early: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
	cancel() // as SIGINT does
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The store was closed: a second server can open it.
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- server.Run(ctx2, s, slog.New(slog.DiscardHandler), ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("second start failed: %v", err)
	}
	cancel2()
	<-done
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// startServe runs serve on c until stop is called (or the test ends) and
// returns the address it listens on; stop returns what serve returned.
func startServe(t *testing.T, c config.Config) (addr string, stop func() error) {
	t.Helper()
	at, stop := startServeAt(t, c, quietLog())
	return at.Addr, stop
}

// startServeAt is startServe logging to log and returning every address
// serve listens on. The metrics listener takes a free port on loopback
// unless c names another address (tests never take the fixed default).
func startServeAt(t *testing.T, c config.Config, log *slog.Logger) (at server.Addrs, stop func() error) {
	t.Helper()
	if c.MetricsAddr == config.DefaultMetricsAddr {
		c.MetricsAddr = "127.0.0.1:0"
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, c, log, ready) }()
	select {
	case at = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before listening: %v", err)
	case <-time.After(15 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	return at, stop
}

// /metrics is served on the metrics listener only; the public listener
// answers 404 for it.
func TestReadyAndMetrics(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden", "1234567")
	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	at, stop := startServeAt(t, c, quietLog())
	if at.Metrics == "" || at.Metrics == at.Addr {
		t.Fatalf("no metrics listener of its own: %+v", at)
	}
	get := func(addr, path string) string {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	if r := get(at.Addr, "/readyz"); r != "ready\n" {
		t.Fatalf("readyz: %q", r)
	}
	for _, path := range []string{"/metrics", "/metrics/", "/metrics?x=1"} {
		resp, err := http.Get("http://" + at.Addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || strings.Contains(string(b), "go_goroutines") {
			t.Fatalf("public listener, %s: %d", path, resp.StatusCode)
		}
	}
	m := get(at.Metrics, "/metrics")
	for _, want := range []string{"amtsbote_turn_seconds", "amtsbote_outbox_depth", "amtsbote_escalations_waiting", "go_goroutines"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "1234567") {
		t.Fatal("metrics carry an answer")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestServeMountsWebChatAndStaffConsole(t *testing.T) {
	c := config.Default()
	c.Data, c.Addr = t.TempDir(), "127.0.0.1:0"
	addr, stop := startServe(t, c)
	for path, want := range map[string]string{"/": "Musterstadt", "/widget.js": "", "/staff/": "", "/healthz": "ok"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d, body lacks %q", path, resp.StatusCode, want)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestStaffAddCommand(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"staff", "add", "anna", "--department", "stadtwerke", "--data", dir},
		strings.NewReader("ein-langes-Passwort-2026\n"), &out, &errOut)
	if code != 0 {
		t.Fatalf("staff add exited %d: %s %s", code, out.String(), errOut.String())
	}
	code = run(context.Background(), []string{"staff", "add", "anna", "--department", "stadtwerke", "--data", dir},
		strings.NewReader("ein-langes-Passwort-2026\n"), &out, &errOut)
	if code == 0 {
		t.Fatal("the same account was added twice")
	}
	// A misspelt department is refused with the valid ones, before any password is asked.
	errOut.Reset()
	code = run(context.Background(), []string{"staff", "add", "bert", "--department", "stadwerke", "--data", dir},
		strings.NewReader(""), &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "stadtwerke") || strings.Contains(errOut.String(), "assword") {
		t.Fatalf("staff add --department stadwerke: exit %d: %s", code, errOut.String())
	}
}

func TestStaffAddWhileTheServerRuns(t *testing.T) {
	dir := t.TempDir()
	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	addr, stop := startServe(t, c)
	add := func() (int, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"staff", "add", "anna", "--department", "stadtwerke", "--data", dir},
			strings.NewReader("ein-langes-Passwort-2026\n"), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := add(); code != 0 || !strings.Contains(out, `added agent "anna"`) {
		t.Fatalf("staff add beside the running server: exit %d: %s", code, out)
	}
	if code, out := add(); code != 1 || !strings.Contains(out, "taken") {
		t.Fatalf("the same account again: exit %d: %s", code, out)
	}
	// The new account logs in to the running console at once.
	resp, err := http.Post("http://"+addr+"/staff/api/login", "application/json",
		strings.NewReader(`{"username":"anna","password":"ein-langes-Passwort-2026"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login of the new account: %s", resp.Status)
	}
	// The socket takes only departments of the departments file ...
	h, err := staff.HashPassword("ein-langes-Passwort-2026", staff.DefaultArgon)
	if err != nil {
		t.Fatal(err)
	}
	misspelt := store.StaffAccount{Username: "carl", Department: "stadwerke", Role: store.RoleAgent, Password: h}
	var added server.StaffAdded
	if err := askAdmin(context.Background(), dir, "/staff/accounts", misspelt, &added); err == nil || !strings.Contains(err.Error(), "stadtwerke") {
		t.Fatalf("an unknown department was taken: %v", err)
	}
	// ... and only accounts with a proper hash.
	weak := store.StaffAccount{Username: "bert", Department: "stadtwerke", Role: store.RoleAgent,
		Password: store.PasswordHash{Time: 1, Memory: 8, Threads: 1, Salt: make([]byte, 16), Key: make([]byte, 32)}}
	if err := askAdmin(context.Background(), dir, "/staff/accounts", weak, &added); err == nil || !strings.Contains(err.Error(), "weaker") {
		t.Fatalf("a weak hash was taken: %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// `amtsbote loadtest` finds /metrics on the metrics listener's default
// port, not beside the web chat (where the public listener answers 404).
func TestLoadtestMetricsURL(t *testing.T) {
	for in, want := range map[string]string{
		"ws://127.0.0.1:8080/chat/ws":   "http://127.0.0.1:9464/metrics",
		"wss://service.example/chat/ws": "http://service.example:9464/metrics",
		"ws://[::1]:8080/chat/ws":       "http://[::1]:9464/metrics",
		"ws://localhost/chat/ws?x=1":    "http://localhost:9464/metrics",
		"::not a url":                   "",
	} {
		if got := metricsURLFor(in); got != want {
			t.Errorf("metricsURLFor(%q) = %q, want %q", in, got, want)
		}
	}
}
