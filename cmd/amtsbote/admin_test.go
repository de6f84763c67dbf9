package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"amtsbote/app/server"
	"amtsbote/config"
)

func TestBackupWhileServingAndRestore(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden") // a conversation to back up

	ctx, cancel := context.WithCancel(context.Background())
	c := config.Default()
	c.Data, c.Addr, c.MetricsAddr = dir, "127.0.0.1:0", "127.0.0.1:0"
	ready := make(chan server.Addrs, 1)
	done := make(chan error, 1)
	go func() { done <- server.Run(ctx, c, slog.New(slog.DiscardHandler), ready) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	file := filepath.Join(t.TempDir(), "backup.db")
	var out, errOut bytes.Buffer
	if code := run(ctx, []string{"backup", "--data", dir, file}, nil, &out, &errOut); code != 0 {
		t.Fatalf("backup exited %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "running server") {
		t.Fatalf("backup did not use the running server: %s", out.String())
	}
	errOut.Reset()
	if code := run(ctx, []string{"restore", "--data", dir, file}, nil, &out, &errOut); code == 0 {
		t.Fatal("restore overwrote the store of a running server")
	}
	cancel()
	<-done

	restored := t.TempDir()
	if code := run(context.Background(), []string{"restore", "--data", restored, file}, nil, &out, &errOut); code != 0 {
		t.Fatalf("restore exited %d: %s", code, errOut.String())
	}
	// The key is not in the backup: the restored store opens with the same key files.
	copyKeys(t, dir, restored)
	turns := chat(t, restored, "weiter")
	if f := last(turns[0]).Field; f == nil || f.Name != "customer_number" {
		t.Fatalf("the restored conversation did not continue the form: %+v", turns[0])
	}
}
