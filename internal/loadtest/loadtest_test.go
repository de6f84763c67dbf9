package loadtest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/channels/web"
	"amtsbote/frontpage"
	"amtsbote/internal/harness"
	"amtsbote/metrics"
)

// late forwards to the core, which exists only after the web channel.
type late struct {
	mu   sync.Mutex
	core *harness.Core
}

func (l *late) get() *harness.Core {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.core
}

func (l *late) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	return l.get().Gateway.Deliver(ctx, in)
}

func (l *late) History(ctx context.Context, channel, address string, after uint64) (string, []channels.HistoryEntry, error) {
	return l.get().History.History(ctx, channel, address, after)
}

// server is the real core and web chat, with /metrics, on loopback.
func server(t *testing.T) string {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.New(nil, nil)
	l := &late{}
	ch := web.New(web.Options{RateLimit: 1000, RateBurst: 1000, Meter: m, Starters: frontpage.Starters(cat)}, l, nil)
	core := harness.Start(t, harness.Options{}, ch)
	l.mu.Lock()
	l.core = core
	l.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = ch.Run(ctx, l) }()
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/", ch.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		_ = ch.Close()
		srv.Close()
	})
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/chat/ws"
}

func TestRunDialogsAndRamp(t *testing.T) {
	url := server(t)
	var out bytes.Buffer
	rep, err := Run(context.Background(), Config{URL: url, Clients: 4, Idle: 3, RampStep: 2,
		Duration: 1500 * time.Millisecond}, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())
	if len(rep.Steps) != 2 || rep.Steps[0].Clients != 2 || rep.Steps[1].Clients != 4 {
		t.Fatalf("steps %+v", rep.Steps)
	}
	if rep.Total.Turns == 0 || rep.Total.Errors != 0 || rep.Total.AcksMissing != 0 || rep.Total.P50 <= 0 {
		t.Fatalf("total %+v, errors %v", rep.Total, rep.Errors)
	}
	if rep.Memory == nil || rep.Memory.Conns != 5 || rep.Memory.Exact {
		t.Fatalf("memory %+v (%s)", rep.Memory, rep.MemoryErr)
	}
	for _, want := range []string{"turns/s", "p99", "acks missing   0", "server memory", "step 2"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report without %q", want)
		}
	}
}

func TestRatePacesTurns(t *testing.T) {
	url := server(t)
	rep, err := Run(context.Background(), Config{URL: url, Clients: 5, Rate: 20, Duration: 2 * time.Second}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	// Pacing is a ceiling: a busy machine may reach less, never more.
	if got := rep.Total.TurnsPerSec; rep.Total.Turns == 0 || got > 30 {
		t.Fatalf("paced to 20 turns/s, got %.1f (%+v)", got, rep.Total)
	}
}

func TestConfigChecked(t *testing.T) {
	for _, c := range []Config{
		{URL: "http://x/chat/ws", Clients: 1, Duration: time.Second},
		{URL: "ws://127.0.0.1:1/chat/ws", Clients: 0, Duration: time.Second},
		{URL: "ws://127.0.0.1:1/chat/ws", Clients: 1},
		{URL: "ws://127.0.0.1:1/chat/ws", Clients: 1, Duration: time.Second, Think: -1},
	} {
		if _, err := Run(context.Background(), c, &bytes.Buffer{}); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}
