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
	fs.StringVar(&c.URL, "url", "ws://127.0.0.1:8080/chat/ws", fs.say.T("cli.flag.loadtest.url"))
	fs.IntVar(&c.Clients, "clients", 100, fs.say.T("cli.flag.loadtest.clients"))
	fs.IntVar(&c.Idle, "idle", 0, fs.say.T("cli.flag.loadtest.idle"))
	fs.DurationVar(&c.Duration, "duration", 30*time.Second, fs.say.T("cli.flag.loadtest.duration"))
	fs.DurationVar(&c.Think, "think", time.Second, fs.say.T("cli.flag.loadtest.think"))
	fs.Float64Var(&c.Rate, "rate", 0, fs.say.T("cli.flag.loadtest.rate"))
	fs.IntVar(&c.RampStep, "ramp-step", 0, fs.say.T("cli.flag.loadtest.ramp_step"))
	fs.DurationVar(&c.Timeout, "timeout", 30*time.Second, fs.say.T("cli.flag.loadtest.timeout"))
	fs.StringVar(&c.Admin, "admin", "", fs.say.T("cli.flag.loadtest.admin"))
	fs.StringVar(&c.MetricsURL, "metrics", "", fs.say.T("cli.flag.loadtest.metrics"))
	fs.IntVar(&c.Dialers, "dialers", 64, fs.say.T("cli.flag.loadtest.dialers"))
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
	c.Say = fs.say
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
