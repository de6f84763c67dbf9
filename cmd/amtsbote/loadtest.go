package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"time"

	"amtsbote/config"
	"amtsbote/internal/loadtest"
)

// runLoadtest is `amtsbote loadtest`: simulated citizens run real dialogs
// against a server's web chat (docs/performance.md).
func runLoadtest(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags(ctx, "loadtest", stdout, stderr)
	var c loadtest.Config
	fs.StringVar(&c.URL, "url", "ws://127.0.0.1:8080/chat/ws", "the server's web chat endpoint")
	fs.IntVar(&c.Clients, "clients", 100, "citizens running dialogs (with --ramp-step: at the last step)")
	fs.IntVar(&c.Idle, "idle", 0, "further connections that say hello and stay open")
	fs.DurationVar(&c.Duration, "duration", 30*time.Second, "how long the citizens run (with --ramp-step: each step)")
	fs.DurationVar(&c.Think, "think", time.Second, "pause between a turn's end and the next message; 0 saturates")
	fs.Float64Var(&c.Rate, "rate", 0, "pace all citizens together to this many turns/s (instead of --think)")
	fs.IntVar(&c.RampStep, "ramp-step", 0, "start with this many citizens and add as many every --duration, up to --clients")
	fs.DurationVar(&c.Timeout, "timeout", 30*time.Second, "longest wait for a turn's ack and reply")
	fs.StringVar(&c.Admin, "admin", "", "the server's admin socket (DATA/admin.sock) for the exact memory per connection")
	fs.StringVar(&c.MetricsURL, "metrics", "", "the server's /metrics (default: --url's host on port 9464, the default metrics_addr)")
	fs.IntVar(&c.Dialers, "dialers", 64, "connections opened at once")
	if !fs.parse(args) {
		return fs.exit
	}
	if fs.NArg() > 0 {
		return fs.refuse("cli.arg.none")
	}
	if c.MetricsURL == "" {
		c.MetricsURL = metricsURLFor(c.URL)
	}
	c.Log = newLogger(stderr, "text", "warn")
	if _, err := loadtest.Run(ctx, c, stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}

// metricsURLFor is where a server's /metrics is when its web chat is at
// chatURL and metrics_addr has its default port: the metrics listener is
// apart from the public one. "" (a URL that does not parse) leaves the
// choice to loadtest.
func metricsURLFor(chatURL string) string {
	u, err := url.Parse(chatURL)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	_, port, _ := net.SplitHostPort(config.DefaultMetricsAddr)
	return "http://" + net.JoinHostPort(u.Hostname(), port) + "/metrics"
}
