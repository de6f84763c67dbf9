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

// node opens the store at u as the node named name, with a short lease.
func node(t *testing.T, u string, p *pgp.Portal, name string, lease time.Duration) *postgres.DB {
	t.Helper()
	d, err := postgres.Open(context.Background(), u, p, postgres.Options{Log: slog.New(slog.DiscardHandler), Node: name, Lease: lease})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// replies commits a turn of conv with n replies on channel web.
func replies(t *testing.T, d *postgres.DB, conv string, n int) {
	t.Helper()
	tr := store.Turn{Conversation: conv, Channel: "web", Address: "a-" + conv, DedupeKey: conv + "-m", Time: time.Now()}
	for i := range n {
		tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: "web", Address: "a-" + conv, Body: fmt.Appendf(nil, "%s-%d", conv, i)})
	}
	if _, err := d.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
}

func bodies(ds []store.Delivery) []string {
	var out []string
	for _, d := range ds {
		out = append(out, string(d.Body))
	}
	return out
}

// Two nodes draining one outbox never get the same item; a conversation's
// later reply waits while another node sends its earlier one; the items of
// a node that died go to the other when the lease runs out, in order.
func TestOutboxLeasesAcrossNodes(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	a, b := node(t, u, p, "a", time.Second), node(t, u, p, "b", time.Second)
	replies(t, a, "c1", 3)
	replies(t, b, "c2", 1)

	got, _, err := a.Due("web", time.Now(), 1)
	if err != nil || len(got) != 1 || string(got[0].Body) != "c1-0" {
		t.Fatalf("a: %v %v", bodies(got), err)
	}
	got, next, err := b.Due("web", time.Now(), 10)
	if err != nil || len(got) != 1 || string(got[0].Body) != "c2-0" {
		t.Fatalf("b while a sends c1-0: %v %v", bodies(got), err)
	}
	if next.IsZero() || time.Until(next) > 2*time.Second {
		t.Fatalf("b is not told when a's lease runs out: %v", next)
	}
	// a marks c1-0 delivered; its lease on nothing else holds b back.
	first, _, _ := a.Due("web", time.Now(), 1) // a's own lease is a's again
	if err := a.Delivered(context.Background(), "web", first[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _, err = a.Due("web", time.Now(), 10)
	if err != nil || len(got) != 2 || string(got[0].Body) != "c1-1" {
		t.Fatalf("a after delivering: %v %v", bodies(got), err)
	}
	// a dies with c1-1 and c1-2 leased: b gets them once the lease is over
	// (and until then only its own c2-0 again).
	if got, _, _ := b.Due("web", time.Now(), 10); len(got) != 1 || string(got[0].Body) != "c2-0" {
		t.Fatalf("b during a's lease: %v", bodies(got))
	}
	// (and a's items are b's to take only once they are overdue: a was
	// woken for them and would have taken them in milliseconds)
	if got, _, _ := b.Due("web", time.Now().Add(1500*time.Millisecond), 10); len(got) != 1 {
		t.Fatalf("b takes a's items before they are overdue: %v", bodies(got))
	}
	time.Sleep(1100 * time.Millisecond)
	got, _, err = b.Due("web", time.Now().Add(2*time.Second), 10)
	if err != nil || len(got) != 3 || string(got[0].Body) != "c1-1" || string(got[1].Body) != "c1-2" || string(got[2].Body) != "c2-0" {
		t.Fatalf("b after a's lease ran out: %v %v", bodies(got), err)
	}
}

// Four nodes draining at once (one sender each, as the gateway runs one per
// channel): every item is handed out exactly once.
func TestOutboxNeverTwice(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	var nodes []*postgres.DB
	for _, name := range []string{"a", "b", "c", "d"} {
		nodes = append(nodes, node(t, u, p, name, time.Minute))
	}
	for i := range 40 {
		replies(t, nodes[i%4], fmt.Sprintf("c%d", i), 3)
	}
	later := time.Now().Add(3 * time.Second) // every item is overdue for every node
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, d := range nodes {
		wg.Go(func() {
			for {
				got, _, err := d.Due("web", later, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				ids := make([]string, 0, len(got))
				mu.Lock()
				for _, g := range got {
					seen[string(g.Body)]++
					ids = append(ids, g.ID)
				}
				mu.Unlock()
				if err := d.DeliveredAll(context.Background(), "web", ids); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(seen) != 120 {
		t.Fatalf("%d of 120 items handed out", len(seen))
	}
	for b, n := range seen {
		if n != 1 {
			t.Fatalf("%s handed out %d times", b, n)
		}
	}
}
