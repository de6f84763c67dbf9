//go:build crash

package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCrashKill9 runs `amtsbote serve` as a child process under load from
// web chat citizens, kills it with SIGKILL at random moments and starts it
// again. After every crash the store file must check out (`amtsbote
// backup`, which verifies the copy), the server must start, and every
// citizen's history must hold each message the server acknowledged and
// each reply the citizen received, none of them twice. Citizens resend what
// was not acknowledged with the same id after a crash, as the widget does.
//
//	go test -tags crash -run TestCrashKill9 -count=1 ./cmd/amtsbote/
//
// AMTSBOTE_CRASH_ROUNDS sets the number of kills (default 6).
func TestCrashKill9(t *testing.T) {
	rounds := 6
	if n, err := strconv.Atoi(os.Getenv("AMTSBOTE_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "amtsbote")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	cfg := filepath.Join(dir, "amtsbote.yaml")
	if err := os.WriteFile(cfg, []byte("web:\n  rate_limit: 1000\n  rate_burst: 1000\n  new_sessions_per_ip: 0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Every round brings new citizens, so that each kill hits a loaded
	// server; the earlier ones go on until their conversations are long.
	var citizens []*crashCitizen
	for round := 0; round <= rounds; round++ {
		for i := range 16 {
			citizens = append(citizens, &crashCitizen{name: fmt.Sprintf("r%dc%d", round, i),
				acked: map[string]bool{}, replies: map[string]bool{}})
		}
		srv := startChild(t, bin, cfg, data)
		for _, c := range citizens {
			if err := c.verify(srv.url); err != nil {
				srv.kill()
				t.Fatalf("round %d, %s: %v", round, c.name, err)
			}
		}
		if round == rounds {
			srv.stop(t)
			break
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for _, c := range citizens {
			wg.Go(func() { c.run(ctx, srv.url) })
		}
		time.Sleep(time.Duration(300+rand.IntN(1200)) * time.Millisecond)
		srv.kill()
		cancel()
		wg.Wait()
		// The store of a killed server must check out before it opens again.
		check := exec.Command(bin, "backup", "--config", cfg, "--data", data, filepath.Join(dir, "check.db"))
		check.Env = childEnv()
		if out, err := check.CombinedOutput(); err != nil {
			t.Fatalf("round %d: the store does not check out after kill -9: %v\n%s", round, err, out)
		}
	}
	acked, replies := 0, 0
	for _, c := range citizens {
		acked += len(c.acked)
		replies += len(c.replies)
	}
	t.Logf("%d kills; %d acknowledged messages and %d replies received, all in the histories once", rounds, acked, replies)
	if acked < 10*rounds {
		t.Fatalf("only %d messages acknowledged in %d rounds: the load did not run", acked, rounds)
	}
}

func childEnv() []string {
	// The metrics listener on a free port: never the fixed default.
	return append(os.Environ(), "AMTSBOTE_KEY_PASSPHRASE=crash-test", "AMTSBOTE_METRICS_ADDR=127.0.0.1:0")
}

// child is a running `amtsbote serve`.
type child struct {
	cmd  *exec.Cmd
	url  string // ws://…/chat/ws
	base string // http://…
	done chan error
}

var listening = regexp.MustCompile(`amtsbote is listening.*?\baddr=(\S+)`)

// startChild starts the server on a free port and waits until it listens
// and is ready (its store opened).
func startChild(t *testing.T, bin, cfg, data string) *child {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", cfg, "--data", data, "--addr", "127.0.0.1:0")
	cmd.Env = childEnv()
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
				t.Log("server: " + sc.Text())
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		c.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		c.base, c.url = "http://"+a, "ws://"+a+"/chat/ws"
	case err := <-c.done:
		t.Fatalf("the server did not start: %v", err)
	case <-time.After(60 * time.Second):
		c.kill()
		t.Fatal("the server did not listen within 60 s")
	}
	resp, err := http.Get(c.base + "/readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		c.kill()
		t.Fatalf("not ready after start: %v %v", err, resp)
	}
	resp.Body.Close()
	return c
}

// kill ends the server with SIGKILL and waits for it.
func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// stop ends the server with SIGTERM; it must exit cleanly.
func (c *child) stop(t *testing.T) {
	t.Helper()
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("the server did not stop cleanly: %v", err)
		}
	case <-time.After(30 * time.Second):
		c.kill()
		t.Fatal("the server did not stop within 30 s")
	}
}
