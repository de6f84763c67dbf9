package gateway

import (
	"context"
	"testing"
	"time"

	"amtsbote/internal/pgtest"
	"amtsbote/pgp"
	"amtsbote/store/postgres"
)

// On PostgreSQL the gateway asks Seen nothing (the store claims the dedupe
// key in the turn's first round trip): a message delivered twice is still
// stepped once into the store, replied to once and acknowledged as a
// duplicate the second time, also when the state cache was forgotten.
func TestRepeatedMessageIDOnPostgresIsProcessedOnce(t *testing.T) {
	url := pgtest.Database(t)
	dir := t.TempDir()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(context.Background(), url, p, postgres.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if !db.DedupesOnCommit() {
		t.Fatal("the PostgreSQL store should find duplicates at the commit")
	}
	web := newRecorder("web")
	gw := New(Config{Log: quiet, CacheSize: -1}, db, db, &echoEngine{running: map[string]bool{}})
	gw.AddSender(web)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { gw.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; db.Close() })

	first, err := gw.Deliver(ctx, msg("web", "alice", "m-1", "eins"))
	if err != nil || first.Duplicate || len(first.Replies) != 1 {
		t.Fatalf("first delivery: %+v %v", first, err)
	}
	for range 2 {
		rc, err := gw.Deliver(ctx, msg("web", "alice", "m-1", "eins"))
		if err != nil || !rc.Duplicate || len(rc.Replies) != 0 || rc.Conversation != first.Conversation {
			t.Fatalf("redelivery: %+v %v", rc, err)
		}
	}
	waitFor(t, web, 1)
	next, err := gw.Deliver(ctx, msg("web", "alice", "m-2", "zwei"))
	if err != nil || next.Duplicate || len(next.Replies) != 1 {
		t.Fatalf("next message: %+v %v", next, err)
	}
	waitFor(t, web, 1)
	time.Sleep(50 * time.Millisecond)
	if got := web.texts(); len(got) != 2 || got[0] != "echo: eins" || got[1] != "echo: zwei" {
		t.Fatalf("replies %q, want one to each message", got)
	}
	entries, err := db.Transcript(first.Conversation, 0)
	if err != nil || len(entries) != 4 {
		t.Fatalf("%d transcript entries after a duplicate and a new message, want 4 (%v)", len(entries), err)
	}
}
