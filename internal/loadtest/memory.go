package loadtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ServerMemory is the running server's memory as its admin socket reports
// it (GET /memory), measured after a garbage collection.
type ServerMemory struct {
	WebConnections int    `json:"web_connections"`
	Goroutines     int    `json:"goroutines"`
	HeapLive       uint64 `json:"heap_live_bytes"` // live heap objects
	Stacks         uint64 `json:"stacks_bytes"`    // goroutine stacks
	RSS            uint64 `json:"rss_bytes"`       // resident memory; 0 where unknown
}

// snapshot is the server's memory at one moment.
type snapshot struct {
	Conns int
	Heap  uint64 // heap and stacks
	RSS   uint64
}

// Memory is what one idle web chat connection costs the server: the
// growth of its memory while the test opened its connections (and said
// hello), divided by the connections opened.
type Memory struct {
	PerConn    float64 // bytes of heap and stacks
	RSSPerConn float64 // bytes of resident memory
	Conns      int     // connections it was measured over
	// Exact says the figures came from the admin socket after a garbage
	// collection (live heap and stacks); else from /metrics (heap in use,
	// garbage included, and stacks).
	Exact    bool
	AfterRun snapshot
}

// probe asks the server for its memory: exactly through the admin socket
// when one is given, else from /metrics (heap in use includes garbage not
// yet collected, so the figure is an upper bound).
func probe(ctx context.Context, cfg Config) (snapshot, error) {
	if cfg.Admin != "" {
		client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, "unix", cfg.Admin)
			}}}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://amtsbote/memory", nil)
		resp, err := client.Do(req)
		if err != nil {
			return snapshot{}, fmt.Errorf("admin socket: %w", err)
		}
		defer resp.Body.Close()
		var m ServerMemory
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			return snapshot{}, fmt.Errorf("admin socket: %w", err)
		}
		return snapshot{Conns: m.WebConnections, Heap: m.HeapLive + m.Stacks, RSS: m.RSS}, nil
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, cfg.MetricsURL, nil)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return snapshot{}, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return snapshot{}, fmt.Errorf("metrics: %s", resp.Status)
	}
	var s snapshot
	found := 0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil {
			continue
		}
		switch name {
		case `amtsbote_connections_open{kind="web"}`:
			s.Conns = int(v)
		case "go_memstats_heap_inuse_bytes", "go_memstats_stack_inuse_bytes":
			s.Heap += uint64(v)
			found++
		case "process_resident_memory_bytes":
			s.RSS = uint64(v)
		}
	}
	if found < 2 {
		return snapshot{}, fmt.Errorf("metrics: no go_memstats at %s", cfg.MetricsURL)
	}
	return s, sc.Err()
}

// perConnection is the memory of the connections opened between two
// snapshots; exact says they came from the admin socket.
func perConnection(before, after snapshot, exact bool) *Memory {
	n := after.Conns - before.Conns
	if n <= 0 {
		return nil
	}
	m := &Memory{Conns: n, PerConn: (float64(after.Heap) - float64(before.Heap)) / float64(n), Exact: exact}
	if after.RSS > 0 && before.RSS > 0 {
		m.RSSPerConn = (float64(after.RSS) - float64(before.RSS)) / float64(n)
	}
	return m
}
