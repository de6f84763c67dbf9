package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"amtsbote/config"
)

func TestServeAnswersAndStopsOnSignal(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := config.Default()
	s.Data, s.Addr = t.TempDir(), "127.0.0.1:0"
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- serve(ctx, s, slog.New(slog.DiscardHandler), ready) }()
	var addr string
	select {
	case addr = <-ready:
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
	go func() { done <- serve(ctx2, s, slog.New(slog.DiscardHandler), ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("second start failed: %v", err)
	}
	cancel2()
	<-done
}

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
