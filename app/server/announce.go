package server

import (
	"log/slog"
	"net"
	"strings"

	"amtsbote/app"
	"amtsbote/cases"
	"amtsbote/config"
	"amtsbote/metrics"
)

// initMetrics makes the metrics of this server's channels, services and
// case statuses exist at 0 before the first scrape.
func initMetrics(a *app.App, c config.Config, runners []runner) {
	k := metrics.Known{ConnKinds: []string{"web"}, Statuses: cases.Statuses()}
	for _, r := range runners {
		k.Channels = append(k.Channels, r.name) // web, staff, and telegram, email when on
	}
	if len(c.Backoffice) > 0 {
		k.Channels = append(k.Channels, "backoffice")
	}
	for _, d := range a.Catalog.Services() {
		k.Services = append(k.Services, d.ID)
	}
	a.Metrics.Init(k)
}

// BaseURL is where a browser on this machine, or citizens when public_url
// is set, reach the server listening on addr.
func BaseURL(c config.Config, addr string, tlsOn bool) string {
	if c.PublicURL != "" {
		return strings.TrimSuffix(c.PublicURL, "/")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	scheme := "http"
	if tlsOn {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// announce logs that the server listens, with the URLs to open and, while
// there is no staff account, the command that makes the first one.
func announce(log *slog.Logger, c config.Config, a *app.App, addr string, tlsOn bool) {
	base := BaseURL(c, addr, tlsOn)
	log.Info("amtsbote is listening", "component", "main", "addr", addr, "tls", tlsOn,
		"chat_url", base+"/", "console_url", base+"/staff/", "metrics_addr", c.MetricsAddr)
	accts, err := a.DB.StaffAccounts()
	if err != nil || len(accts) > 0 {
		return
	}
	log.Info("no staff account yet; make the first admin (also while the server runs) with: amtsbote staff add NAME --admin --data "+c.Data,
		"component", "main")
}
