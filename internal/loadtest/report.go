package loadtest

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"
)

// recorder collects what every citizen measures, with the time it was
// measured, so that the report can cut it into ramp steps.
type recorder struct {
	start time.Time
	mu    sync.Mutex
	turns []sample // ended turns: when they began, how long to the first reply
	errs  []event
	acks  []time.Duration // when a message's ack did not come
	again int             // reconnections
}

type sample struct{ at, latency time.Duration }

type event struct {
	at   time.Duration
	kind string
}

func newRecorder() *recorder { return &recorder{start: time.Now()} }

// now is the time since the start.
func (r *recorder) now() time.Duration { return time.Since(r.start) }

func (r *recorder) turn(sent time.Time, latency time.Duration) {
	r.mu.Lock()
	r.turns = append(r.turns, sample{at: sent.Sub(r.start), latency: latency})
	r.mu.Unlock()
}

func (r *recorder) fail(kind string) {
	r.mu.Lock()
	r.errs = append(r.errs, event{at: r.now(), kind: kind})
	r.mu.Unlock()
}

func (r *recorder) ackMissing() {
	r.mu.Lock()
	r.acks = append(r.acks, r.now())
	r.mu.Unlock()
}

func (r *recorder) reconnected() {
	r.mu.Lock()
	r.again++
	r.mu.Unlock()
}

// window sums up the turns begun in [from, to).
func (r *recorder) window(from, to time.Duration, clients int) Step {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := Step{Clients: clients, Seconds: (to - from).Seconds()}
	var lat []time.Duration
	for _, s := range r.turns {
		if s.at >= from && s.at < to {
			lat = append(lat, s.latency)
		}
	}
	for _, e := range r.errs {
		if e.at >= from && e.at < to {
			st.Errors++
		}
	}
	for _, at := range r.acks {
		if at >= from && at < to {
			st.AcksMissing++
		}
	}
	st.Turns = len(lat)
	if st.Seconds > 0 {
		st.TurnsPerSec = float64(st.Turns) / st.Seconds
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		q := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
		st.P50, st.P95, st.P99, st.Max = q(0.50), q(0.95), q(0.99), lat[len(lat)-1]
	}
	return st
}

// errorCounts counts the errors by kind.
func (r *recorder) errorCounts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := map[string]int{}
	for _, e := range r.errs {
		m[e.kind]++
	}
	if r.again > 0 {
		m["reconnected"] = r.again
	}
	return m
}

// Step is what one ramp step (or the whole run) measured.
type Step struct {
	Clients       int
	Seconds       float64
	Turns         int
	TurnsPerSec   float64
	P50, P95, P99 time.Duration
	Max           time.Duration
	Errors        int
	AcksMissing   int
}

func (s Step) line(n int) string {
	return fmt.Sprintf("step %-3d %7d citizens %9d turns %9.0f turns/s  p50 %8s  p95 %8s  p99 %8s  max %8s  errors %d  acks missing %d",
		n, s.Clients, s.Turns, s.TurnsPerSec, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.Errors, s.AcksMissing)
}

// Report is a load test's outcome.
type Report struct {
	Config    Config
	Steps     []Step
	Total     Step
	Errors    map[string]int
	Memory    *Memory
	MemoryErr string
}

// Print writes the report for people.
func (r *Report) Print(w io.Writer) {
	t := r.Total
	fmt.Fprintf(w, "turns          %d in %.1f s (%d citizens at the end)\n", t.Turns, t.Seconds, t.Clients)
	fmt.Fprintf(w, "turns/s        %.0f\n", t.TurnsPerSec)
	if n := len(r.Steps); n > 1 {
		best := slices.MaxFunc(r.Steps, func(a, b Step) int { return cmp.Compare(a.TurnsPerSec, b.TurnsPerSec) })
		fmt.Fprintf(w, "best step      %.0f turns/s with %d citizens (p99 %s)\n", best.TurnsPerSec, best.Clients, ms(best.P99))
	}
	fmt.Fprintf(w, "latency        p50 %s  p95 %s  p99 %s  max %s (message to first reply)\n", ms(t.P50), ms(t.P95), ms(t.P99), ms(t.Max))
	fmt.Fprintf(w, "errors         %d", t.Errors)
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		fmt.Fprintf(w, "  %s: %d", k, r.Errors[k])
	}
	fmt.Fprintf(w, "\nacks missing   %d\n", t.AcksMissing)
	switch {
	case r.Memory != nil:
		m := r.Memory
		fmt.Fprintf(w, "server memory  %.0f B per idle web connection (%s over %d connections; %s)\n",
			m.PerConn, m.What, m.Conns, m.Source)
		if m.RSSPerConn > 0 {
			fmt.Fprintf(w, "               %.0f B of resident memory per connection\n", m.RSSPerConn)
		}
		if a := m.AfterRun; a.Conns > 0 {
			fmt.Fprintf(w, "               after the run: %d connections, heap+stacks %.1f MiB, resident %.1f MiB\n",
				a.Conns, float64(a.Heap)/(1<<20), float64(a.RSS)/(1<<20))
		}
	case r.MemoryErr != "":
		fmt.Fprintf(w, "server memory  unknown: %s\n", r.MemoryErr)
	}
}

// ms formats a latency in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
