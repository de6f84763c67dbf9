package loadtest

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"amtsbote/text"
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

// line is a ramp step's line; the numbers are padded so that the steps'
// lines stand under each other.
func (s Step) line(say Sayer, n int) string {
	return say.T("loadtest.step", "n", fmt.Sprintf("%-3d", n), "citizens", fmt.Sprintf("%7d", s.Clients),
		"turns", fmt.Sprintf("%9d", s.Turns), "rate", fmt.Sprintf("%9.0f", s.TurnsPerSec),
		"p50", fmt.Sprintf("%8s", ms(s.P50)), "p95", fmt.Sprintf("%8s", ms(s.P95)), "p99", fmt.Sprintf("%8s", ms(s.P99)),
		"max", fmt.Sprintf("%8s", ms(s.Max)), "errors", s.Errors, "acks", s.AcksMissing)
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

// Print writes the report for people, in the language of the Config's
// Say: a label and its figures a line.
func (r *Report) Print(w io.Writer) {
	say := r.Config.Say
	if say == nil {
		say = english{text.MustBuiltin()}
	}
	t := r.Total
	var rows [][2]string
	row := func(label, value string, args ...any) {
		rows = append(rows, [2]string{say.T(label), say.T(value, args...)})
	}
	row("loadtest.label.turns", "loadtest.value.turns", "turns", t.Turns, "seconds", fmt.Sprintf("%.1f", t.Seconds), "citizens", t.Clients)
	rows = append(rows, [2]string{say.T("loadtest.label.rate"), fmt.Sprintf("%.0f", t.TurnsPerSec)})
	if n := len(r.Steps); n > 1 {
		best := slices.MaxFunc(r.Steps, func(a, b Step) int { return cmp.Compare(a.TurnsPerSec, b.TurnsPerSec) })
		row("loadtest.label.best", "loadtest.value.best", "rate", fmt.Sprintf("%.0f", best.TurnsPerSec), "citizens", best.Clients, "p99", ms(best.P99))
	}
	row("loadtest.label.latency", "loadtest.value.latency", "p50", ms(t.P50), "p95", ms(t.P95), "p99", ms(t.P99), "max", ms(t.Max))
	errs := strconv.Itoa(t.Errors)
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		errs += fmt.Sprintf("  %s: %d", k, r.Errors[k])
	}
	rows = append(rows, [2]string{say.T("loadtest.label.errors"), errs})
	rows = append(rows, [2]string{say.T("loadtest.label.acks"), strconv.Itoa(t.AcksMissing)})
	switch m := r.Memory; {
	case m != nil:
		how := "loadtest.value.memory_metrics"
		if m.Exact {
			how = "loadtest.value.memory_exact"
		}
		row("loadtest.label.memory", how, "bytes", fmt.Sprintf("%.0f", m.PerConn), "conns", m.Conns)
		if m.RSSPerConn > 0 {
			rows = append(rows, [2]string{"", say.T("loadtest.value.memory_rss", "bytes", fmt.Sprintf("%.0f", m.RSSPerConn))})
		}
		if a := m.AfterRun; a.Conns > 0 {
			rows = append(rows, [2]string{"", say.T("loadtest.value.memory_after", "conns", a.Conns,
				"heap", fmt.Sprintf("%.1f", float64(a.Heap)/(1<<20)), "rss", fmt.Sprintf("%.1f", float64(a.RSS)/(1<<20)))})
		}
	case r.MemoryErr != "":
		row("loadtest.label.memory", "loadtest.value.memory_unknown", "why", r.MemoryErr)
	}
	width := 0
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r[0]))
	}
	for _, r := range rows {
		fmt.Fprintf(w, "%s%s  %s\n", r[0], strings.Repeat(" ", width-utf8.RuneCountInString(r[0])), r[1])
	}
}

// ms formats a latency in milliseconds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
