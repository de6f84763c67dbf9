package postgres_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Of two nodes electing one singleton exactly one runs it; when the
// holder goes (its connection closes, as when the process is killed), the
// other takes over within the retry interval.
func TestElectOneHolderAndTakeover(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	a, b := node(t, u, p, "a", time.Minute), node(t, u, p, "b", time.Minute)
	var running, most atomic.Int32
	var who sync.Map
	run := func(name string) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			n := running.Add(1)
			defer running.Add(-1)
			if n > most.Load() {
				most.Store(n)
			}
			who.Store(name, time.Now())
			<-ctx.Done()
			return nil
		}
	}
	ctxA, stopA := context.WithCancel(context.Background())
	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	var wg sync.WaitGroup
	wg.Go(func() { _ = a.Elect(ctxA, "telegram", run("a")) })
	time.Sleep(500 * time.Millisecond) // a stands first
	wg.Go(func() { _ = b.Elect(ctxB, "telegram", run("b")) })
	time.Sleep(6 * time.Second) // b has tried at least once
	if _, ok := who.Load("b"); ok || most.Load() != 1 {
		t.Fatalf("b runs beside a (at most %d at once)", most.Load())
	}
	gone := time.Now()
	a.Close() // a's connections close: its lock is gone
	stopA()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if at, ok := who.Load("b"); ok {
			t.Logf("b took over after %v", at.(time.Time).Sub(gone).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b did not take over within 15 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if most.Load() != 1 {
		t.Fatalf("%d ran at once", most.Load())
	}
	stopB()
	wg.Wait()
}
