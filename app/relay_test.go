package app_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/app"
	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
	"amtsbote/internal/pgtest"
	"amtsbote/store"
)

// shown is a "web" sender that records what it shows.
type shown struct {
	mu  sync.Mutex
	got []channels.Delivery
}

func (s *shown) Name() string { return "web" }

func (s *shown) Send(_ context.Context, d channels.Delivery) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, d)
	return nil
}

func (s *shown) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, d := range s.got {
		out = append(out, d.Message.Text)
	}
	return out
}

// seen is an observer that records the conversations of committed turns.
type seen struct {
	mu    sync.Mutex
	convs []string
	cases []string
}

func (o *seen) TurnCommitted(conv string, _ store.Meta, submitted []cases.Case) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.convs = append(o.convs, conv)
	for _, c := range submitted {
		o.cases = append(o.cases, c.Ref+" "+c.Answers["customer_number"])
	}
}

// copyKeys gives a second node the first node's portal key.
func copyKeys(t *testing.T, from, to string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(from, "portal-key*"))
	if len(files) == 0 {
		t.Fatal("no key files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// A reply node A delivers on its connections is shown on node B's too, and
// B's observers (the in-memory views, the staff console's feed) learn of
// A's turns, read back from PostgreSQL.
func TestRelayBetweenNodes(t *testing.T) {
	db := pgtest.Database(t)
	log := slog.New(slog.DiscardHandler)
	nodes := make([]*app.App, 2)
	obs := make([]*seen, 2)
	dirs := []string{t.TempDir(), t.TempDir()}
	for i := range nodes {
		if i == 1 {
			copyKeys(t, dirs[0], dirs[1])
		}
		c := harness.Config(dirs[i])
		c.Store = config.Secret(db)
		obs[i] = &seen{}
		a, err := app.Build(c, log, app.Options{Gate: gatewayWith(obs[i])})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes[i] = a
	}
	if nodes[0].Relay == nil {
		t.Fatal("no relay on PostgreSQL")
	}
	local := []*shown{{}, {}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	for i, a := range nodes {
		a.Gateway.AddSender(a.Relay.Wrap(local[i]))
		wg.Go(func() { _ = a.Relay.Run(ctx) })
		wg.Go(func() { _ = a.Gateway.Run(ctx) })
	}
	time.Sleep(200 * time.Millisecond) // both listen
	say := func(i int, id, text string) {
		t.Helper()
		if _, err := nodes[i].Gateway.Deliver(ctx, channels.Inbound{Channel: "web", Address: "token-1", MessageID: id, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	for n, line := range []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "Absenden"} {
		say(0, "m"+string(rune('a'+n)), line)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(local[1].texts()) < len(local[0].texts()) || len(local[0].texts()) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("node B showed %d of node A's %d replies", len(local[1].texts()), len(local[0].texts()))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Join(local[1].texts(), "|") != strings.Join(local[0].texts(), "|") {
		t.Fatalf("node B showed other replies:\n%q\n%q", local[1].texts(), local[0].texts())
	}
	for { // the turns' notifications are read back a little after the replies
		obs[1].mu.Lock()
		n := len(obs[1].convs)
		obs[1].mu.Unlock()
		if n >= 8 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	obs[1].mu.Lock()
	defer obs[1].mu.Unlock()
	t.Logf("node B saw %d turns and cases %q", len(obs[1].convs), obs[1].cases)
	if len(obs[1].convs) != 8 || len(obs[1].cases) != 1 || !strings.HasSuffix(obs[1].cases[0], " 1234567") {
		t.Fatalf("node B's observers: %d turns, cases %q", len(obs[1].convs), obs[1].cases)
	}
}

func gatewayWith(o *seen) gateway.Config { return gateway.Config{Observers: []gateway.Observer{o}} }
