package limit

import (
	"bytes"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

var t0 = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func TestAllowWaitsAndRefills(t *testing.T) {
	l := rate.NewLimiter(0.5, 3)
	for i := range 3 {
		if ok, _ := Allow(l, t0); !ok {
			t.Fatalf("message %d refused within the burst", i+1)
		}
	}
	ok, wait := Allow(l, t0.Add(time.Second))
	if ok || wait < 900*time.Millisecond || wait > time.Second {
		t.Fatalf("4th: %v, wait %v; want refused, about 1 s", ok, wait)
	}
	// A refusal spends nothing: the token comes when the wait is over.
	if ok, _ := Allow(l, t0.Add(time.Second+wait)); !ok {
		t.Fatal("refused after the wait")
	}
}

func TestKeyedExpiresAndBounds(t *testing.T) {
	var logged bytes.Buffer
	l := NewKeyed[netip.Prefix](Config{Rate: rate.Limit(20.0 / 600), Burst: 20, Max: 100, Sweep: time.Minute,
		Log: slog.New(slog.NewTextHandler(&logged, nil)), Name: "test"})
	key := func(i int) netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32)
	}
	a := key(0)
	for i := range 20 {
		if ok, _ := l.Allow(a, t0.Add(time.Duration(i)*time.Millisecond)); !ok {
			t.Fatalf("session %d refused within the burst", i+1)
		}
	}
	ok, wait := l.Allow(a, t0.Add(time.Second))
	if ok || wait < 28*time.Second || wait > 30*time.Second {
		t.Fatalf("21st: %v, wait %v; want refused, about 30 s", ok, wait)
	}
	if ok, _ := l.Allow(a, t0.Add(31*time.Second)); !ok {
		t.Fatal("refused after the wait")
	}
	if ok, _ := l.Allow(a, t0.Add(20*time.Second)); ok { // the clock went back: no refill
		t.Fatal("a token from a clock going back")
	}

	// Many keys: the table stops at its bound and says so once.
	now := t0.Add(time.Minute)
	for i := 1; i <= 1000; i++ {
		l.Allow(key(i), now)
	}
	if n := l.Len(); n != 100 {
		t.Fatalf("%d keys tracked, want the bound of 100", n)
	}
	if n := strings.Count(logged.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, logged.String())
	}
	// The overflow limiter had 20 tokens for the 900 beyond the bound.
	if ok, _ := l.Allow(key(5000), now); ok {
		t.Fatal("the overflow limiter is not shared")
	}
	// Keys tracked before keep their own limiters.
	if ok, _ := l.Allow(key(1), now); !ok {
		t.Fatal("a tracked key refused during the overflow")
	}
	// Idle keys' limiters are full again after the window and go; then new
	// keys get limiters of their own again.
	later := now.Add(10*time.Minute + time.Minute)
	if ok, _ := l.Allow(key(5000), later); !ok {
		t.Fatal("refused after the flood ended")
	}
	if n := l.Len(); n != 1 {
		t.Fatalf("%d keys tracked after the sweep, want 1", n)
	}
}

func TestKeyedSweepsFullTableForNewKeys(t *testing.T) {
	l := NewKeyed[string](Config{Rate: 1, Burst: 2, Max: 2, Sweep: time.Hour})
	l.Allow("a", t0)
	l.Allow("b", t0)
	// "a" and "b" are full again after 2 s: a new key at the bound sweeps
	// them out (at most every second) instead of sharing the overflow.
	if ok, _ := l.Allow("c", t0.Add(3*time.Second)); !ok {
		t.Fatal("c refused")
	}
	if n := l.Len(); n != 1 {
		t.Errorf("%d keys, want 1", n)
	}
}

func TestKeyedReserveRefunds(t *testing.T) {
	l := NewKeyed[string](Config{Rate: 1.0 / 3, Burst: 2, Max: 10, Sweep: time.Minute})
	for range 5 {
		r := l.Reserve("x", t0)
		if d := r.DelayFrom(t0); d > 0 {
			t.Fatalf("refused although every token was given back: %v", d)
		}
		r.CancelAt(t0)
	}
	l.Reserve("x", t0)
	l.Reserve("x", t0)
	r := l.Reserve("x", t0)
	if d := r.DelayFrom(t0); d < 2900*time.Millisecond || d > 3*time.Second {
		t.Fatalf("third: wait %v, want about 3 s", d)
	}
	r.CancelAt(t0) // refused: the token is not spent
	if ok, _ := l.Allow("x", t0.Add(3*time.Second)); !ok {
		t.Fatal("refused after the refill")
	}
}

func TestKeyedForget(t *testing.T) {
	l := NewKeyed[string](Config{Rate: 0.001, Burst: 1, Max: 10, Sweep: time.Minute})
	l.Allow("x", t0)
	if ok, _ := l.Allow("x", t0); ok {
		t.Fatal("a second token")
	}
	l.Forget("x")
	if ok, _ := l.Allow("x", t0); !ok {
		t.Fatal("refused after Forget")
	}
}
