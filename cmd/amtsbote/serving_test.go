package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"amtsbote/app/server"
	"amtsbote/config"
)

// serving starts a server on dir with the configuration c changes; it
// stops at the end of the test.
func serving(t *testing.T, dir string, change func(*config.Config)) (server.Addrs, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := config.Default()
	c.Data, c.Addr, c.MetricsAddr = dir, "127.0.0.1:0", "127.0.0.1:0"
	if change != nil {
		change(&c)
	}
	logs := &syncBuffer{}
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() {
		done <- server.Run(ctx, c, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})), ready)
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case at := <-ready:
		return at, logs
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	return server.Addrs{}, nil
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
