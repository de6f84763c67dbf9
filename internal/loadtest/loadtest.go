// Package loadtest drives a running Amtsbote's web chat the way citizens
// do: each simulated citizen opens a WebSocket, says hello and runs real
// dialogs (a full meter reading, a question, a correction, a cancel), one
// turn after another, acknowledging nothing it did not see acknowledged.
// It measures turns per second and the latency of each turn (from the
// citizen's message to the bot's first reply), counts errors and missing
// acknowledgements, can hold further idle connections open, ramps the
// number of citizens to find the knee, and asks the server what an idle
// connection costs it in memory.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"amtsbote/text"
)

// Config is one load test.
type Config struct {
	URL      string        // the web chat endpoint, ws://host:port/chat/ws
	Clients  int           // citizens running dialogs (the last ramp step's number)
	Idle     int           // further connections that only say hello and stay open
	Duration time.Duration // how long the citizens run; with RampStep, each step
	// Think is the pause between a turn's end and the next message, as a
	// citizen reads and types; 0 saturates the server.
	Think time.Duration
	// Rate, when above 0, paces the citizens to this many turns per second
	// in all (Think is then ignored); the figure reached is reported.
	Rate float64
	// RampStep, when above 0, starts with RampStep citizens and adds
	// RampStep every Duration until Clients run, reporting each step.
	RampStep int
	Timeout  time.Duration // longest wait for a turn's reply and ack; 0 means 30 s
	// Admin is the server's admin socket (DATA/admin.sock) for an exact
	// memory figure (after a GC); without it the memory figures come from
	// the server's /metrics at MetricsURL ("" derives it from URL).
	Admin      string
	MetricsURL string
	Dialers    int // connections opened at once; 0 means 64
	Log        *slog.Logger
	// Say writes the report and the refusals in the operator's language;
	// nil means English.
	Say Sayer
}

func (c *Config) check() error {
	if c.Say == nil {
		c.Say = english{text.MustBuiltin()}
	}
	refuse := func(key string, args ...any) error { return errors.New("loadtest: " + c.Say.T(key, args...)) }
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return refuse("loadtest.bad_url", "url", strconv.Quote(c.URL))
	}
	switch {
	case c.Clients < 1:
		return refuse("loadtest.bad_clients")
	case c.Idle < 0 || c.RampStep < 0 || c.Rate < 0 || c.Think < 0:
		return refuse("loadtest.negative")
	case c.Duration <= 0:
		return refuse("loadtest.bad_duration")
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Dialers <= 0 {
		c.Dialers = 64
	}
	if c.MetricsURL == "" {
		scheme := "http"
		if u.Scheme == "wss" {
			scheme = "https"
		}
		c.MetricsURL = scheme + "://" + u.Host + "/metrics"
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return nil
}

// Run runs the load test until it is done or ctx ends, printing progress
// and the report to out.
func Run(ctx context.Context, cfg Config, out io.Writer) (*Report, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	steps := []int{cfg.Clients}
	if cfg.RampStep > 0 {
		steps = nil
		for n := min(cfg.RampStep, cfg.Clients); ; n = min(n+cfg.RampStep, cfg.Clients) {
			steps = append(steps, n)
			if n == cfg.Clients {
				break
			}
		}
	}
	fmt.Fprintln(out, "amtsbote loadtest: "+heading(cfg))

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	rec := newRecorder()
	var wg sync.WaitGroup
	var conns []*citizen
	defer func() {
		stop()
		wg.Wait()
		for _, c := range conns {
			c.close()
		}
	}()

	before, memErr := probe(ctx, cfg)
	idle, err := openAll(runCtx, cfg, cfg.Idle, rec, "idle")
	conns = append(conns, idle...)
	if err != nil {
		return nil, err
	}
	for _, c := range idle {
		wg.Go(func() { c.stayIdle(runCtx) })
	}
	rep := &Report{Config: cfg}
	active := 0
	var began time.Duration // when the first citizens started their dialogs
	for i, n := range steps {
		fresh, err := openAll(runCtx, cfg, n-active, rec, fmt.Sprint("s", i))
		conns = append(conns, fresh...)
		if err != nil {
			return nil, err
		}
		if i == 0 && memErr == nil {
			time.Sleep(500 * time.Millisecond) // let the hellos' writers finish
			if after, err := probe(ctx, cfg); err == nil {
				rep.Memory = perConnection(before, after, cfg.Admin != "")
			}
		}
		active = n
		for _, c := range fresh {
			wg.Go(func() { c.runDialogs(runCtx, cfg, n) })
		}
		from := rec.now()
		if i == 0 {
			began = from
		}
		select {
		case <-time.After(cfg.Duration):
		case <-ctx.Done():
		}
		st := rec.window(from, rec.now(), n)
		rep.Steps = append(rep.Steps, st)
		if len(steps) > 1 {
			fmt.Fprintln(out, st.line(cfg.Say, i+1))
		}
		if ctx.Err() != nil {
			break
		}
	}
	stop()
	wg.Wait()
	rep.Total = rec.window(began, rec.now(), active)
	rep.Errors = rec.errorCounts()
	if rep.Memory != nil {
		time.Sleep(500 * time.Millisecond)
		if after, err := probe(ctx, cfg); err == nil {
			rep.Memory.AfterRun = after
		}
	} else if memErr != nil {
		rep.MemoryErr = memErr.Error()
	}
	rep.Print(out)
	return rep, nil
}

// openAll opens n connections, several at once, each with a hello.
func openAll(ctx context.Context, cfg Config, n int, rec *recorder, prefix string) ([]*citizen, error) {
	out := make([]*citizen, n)
	errs := make(chan error, n)
	sem := make(chan struct{}, cfg.Dialers)
	var wg sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c := newCitizen(fmt.Sprintf("%s-%d", prefix, i), rec, cfg)
			if err := c.connect(ctx); err != nil {
				errs <- err
				return
			}
			out[i] = c
		})
	}
	wg.Wait()
	close(errs)
	var opened []*citizen
	for _, c := range out {
		if c != nil {
			opened = append(opened, c)
		}
	}
	if err := <-errs; err != nil {
		return opened, fmt.Errorf("loadtest: %s: %w", cfg.Say.T("loadtest.opening", "n", n, "opened", len(opened)), err)
	}
	return opened, nil
}

// heading is the run's first line: what it does, as the flags say.
func heading(c Config) string {
	parts := []string{c.URL, c.Say.T("loadtest.head.citizens", "n", c.Clients)}
	if c.RampStep > 0 {
		parts = append(parts, c.Say.T("loadtest.head.ramp", "step", c.RampStep, "every", c.Duration))
	}
	if c.Rate > 0 {
		parts = append(parts, c.Say.T("loadtest.head.rate", "rate", fmt.Sprintf("%.0f", c.Rate)))
	} else {
		parts = append(parts, c.Say.T("loadtest.head.think", "think", c.Think))
	}
	parts = append(parts, c.Say.T("loadtest.head.duration", "duration", c.Duration),
		c.Say.T("loadtest.head.idle", "n", c.Idle))
	return strings.Join(parts, ", ")
}
