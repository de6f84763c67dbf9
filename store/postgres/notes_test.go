package postgres_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/postgres"
)

// A node hears of the other node's turns (sent after their COMMITs) and of
// the web replies it delivered: every fanout id once, in order, also when
// one delivery batch needs several notifications.
func TestNotesReachTheOtherNode(t *testing.T) {
	u, p := testDatabase(t), portalKey(t)
	a, b := openNode(t, u, p, "a"), openNode(t, u, p, "b")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notes := make(chan postgres.Note, 100)
	go b.Listen(ctx, func(n postgres.Note) { notes <- n })
	next := func() postgres.Note {
		t.Helper()
		select {
		case n := <-notes:
			return n
		case <-time.After(10 * time.Second):
			t.Fatal("no notification")
		}
		return postgres.Note{}
	}
	if n := next(); !n.Reconnected {
		t.Fatalf("first note %+v, want Reconnected", n)
	}

	const n = 700 // more than one notification's worth of fanout ids
	replies(t, a, "c1", n)
	if note := next(); note.Turn == nil || note.Turn.Conversation != "c1" || note.Turn.Node != "a" {
		t.Fatalf("turn note %+v", note)
	}
	var ids []string
	for len(ids) < n {
		due, _, err := a.Due("web", time.Now(), n)
		if err != nil || len(due) == 0 {
			t.Fatalf("due: %d %v", len(due), err)
		}
		for _, d := range due {
			ids = append(ids, d.ID)
		}
	}
	if err := a.DeliveredAll(context.Background(), "web", ids); err != nil {
		t.Fatal(err)
	}
	var fan []int64
	for len(fan) < n {
		note := next()
		if len(note.Fanout) == 0 {
			t.Fatalf("note %+v, want fanout ids", note)
		}
		fan = append(fan, note.Fanout...)
	}
	if len(fan) != n {
		t.Fatalf("%d fanout ids, want %d", len(fan), n)
	}
	for i := 1; i < n; i++ {
		if fan[i] <= fan[i-1] {
			t.Fatalf("fanout ids out of order at %d: %d after %d", i, fan[i], fan[i-1])
		}
	}
	for i, id := range fan {
		it, err := b.FanoutItem(id)
		if err != nil || string(it.Body) != fmt.Sprintf("c1-%d", i) {
			t.Fatalf("fanout %d: %q %v", id, it.Body, err)
		}
	}
}

// Every turn is one note, also when the notes of several turns of one
// conversation leave in one statement (PostgreSQL delivers identical
// payloads of one transaction once).
func TestEveryTurnIsANote(t *testing.T) {
	u, p := testDatabase(t), portalKey(t)
	a, b := openNode(t, u, p, "a"), openNode(t, u, p, "b")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	notes := make(chan postgres.Note, 200)
	go b.Listen(ctx, func(n postgres.Note) { notes <- n })
	if n := <-notes; !n.Reconnected {
		t.Fatalf("first note %+v, want Reconnected", n)
	}
	const turns = 40
	var wg sync.WaitGroup
	for i := range turns {
		wg.Go(func() {
			tr := store.Turn{Conversation: "c2", Channel: "web", Address: "a-c2", DedupeKey: fmt.Sprintf("c2-m%d", i), Time: time.Now()}
			if _, err := a.CommitTurn(context.Background(), tr); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got := 0
	for got < turns {
		select {
		case n := <-notes:
			if n.Turn != nil && n.Turn.Conversation == "c2" {
				got++
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d turn notes, want %d", got, turns)
		}
	}
}

// openNode opens the store of node name on database u, its web replies
// copied to fanout; closed when the test ends.
func openNode(t *testing.T, u string, p *pgp.Portal, name string) *postgres.DB {
	t.Helper()
	d, err := postgres.Open(context.Background(), u, p, postgres.Options{Log: slog.New(slog.DiscardHandler),
		Node: name, Fanout: []string{"web"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
