package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/store/postgres"
)

// An event one node announces reaches the other nodes' listeners, not its
// own; a malformed kind is refused; and the value two nodes change at once
// with UpdateChannelState keeps every change.
func TestAnnounceAndUpdateAcrossNodes(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	a, b := node(t, u, p, "a", time.Minute), node(t, u, p, "b", time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	got := map[string]chan postgres.Event{"a": make(chan postgres.Event, 8), "b": make(chan postgres.Event, 8)}
	for name, d := range map[string]*postgres.DB{"a": a, "b": b} {
		listening := make(chan struct{})
		var once sync.Once
		wg.Go(func() {
			_ = d.Listen(ctx, func(n postgres.Note) {
				if n.Reconnected {
					once.Do(func() { close(listening) })
				}
				if n.Event != nil {
					got[name] <- *n.Event
				}
			})
		})
		<-listening
	}
	if err := a.Announce(ctx, postgres.Event{Kind: "console", Body: `{"type":"queue.changed","department":"stadtwerke"}`}); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-got["b"]:
		if ev.Kind != "console" || ev.Body != `{"type":"queue.changed","department":"stadtwerke"}` {
			t.Fatalf("node b got %+v", ev)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("node b did not hear node a's event")
	}
	select {
	case ev := <-got["a"]:
		t.Fatalf("node a heard its own event %+v", ev)
	case <-time.After(200 * time.Millisecond):
	}
	for _, bad := range []postgres.Event{{Kind: ""}, {Kind: "two words"}, {Kind: "x", Body: strings.Repeat("x", 8000)}} {
		if err := a.Announce(ctx, bad); err == nil {
			t.Errorf("announced %q with a body of %d bytes", bad.Kind, len(bad.Body))
		}
	}

	var cw sync.WaitGroup
	for _, d := range []*postgres.DB{a, b} {
		for range 4 {
			cw.Go(func() {
				for range 5 {
					if _, err := d.UpdateChannelState(ctx, "answers", "n", func(old []byte, _ bool) ([]byte, error) {
						return append(old, 'x'), nil
					}); err != nil {
						t.Error(err)
					}
				}
			})
		}
	}
	cw.Wait()
	if v, err := b.ChannelState("answers", "n"); err != nil || len(v) != 40 {
		t.Fatalf("two nodes changed one value 40 times: %d changes kept (%v)", len(v), err)
	}
}
