// Package server runs the application: the core that app.Build makes,
// with every configured channel, the staff console, the public and metrics
// listeners, the admin socket and the retention job around it.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"amtsbote/app"
	"amtsbote/config"
	"amtsbote/gateway"
	"amtsbote/internal/httpx"
	"amtsbote/privacy"
	"amtsbote/services/parking"
	"amtsbote/staff"
)

// drainTimeout is how long shutdown keeps delivering the outbox.
const drainTimeout = 10 * time.Second

// Run runs the server until ctx ends; ready, when not nil, receives the
// listening addresses once the server accepts connections.
func Run(ctx context.Context, c config.Config, log *slog.Logger, ready chan<- Addrs) error {
	feed := staff.NewFeed()
	a, err := app.Build(c, log, app.Options{Gate: gateway.Config{Observers: []gateway.Observer{feed}}})
	if err != nil {
		return err
	}
	defer a.Close()

	mux := http.NewServeMux()
	var stopping atomic.Bool
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if stopping.Load() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		if err := a.DB.Ping(); err != nil {
			log.Error("not ready: the store does not answer", "component", "main", "err", err)
			http.Error(w, "store not available", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /verify/{code}", parking.NewVerifier(parking.VerifyOptions{Permits: a.Permits, Location: a.Location, Now: time.Now, Texts: a.Texts}))
	runners, wc, err := startChannels(c, a, feed, mux, log)
	if err != nil {
		return err
	}
	stopAdmin, err := serveAdmin(c.Data, c.HTTP, adminRoutes(a, wc.Open))
	if err != nil {
		return err
	}
	defer stopAdmin()
	// /metrics only on its own listener (loopback by default), never on
	// the public one.
	var at Addrs
	if !c.MetricsOff() {
		addr, stopMetrics, err := serveMetrics(c.MetricsAddr, a.Metrics.Handler(), c.HTTP, log)
		if err != nil {
			return err
		}
		defer stopMetrics()
		at.Metrics = addr
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	proxies, err := httpx.ParseProxies(c.TLS.TrustedProxies)
	if err != nil {
		return fmt.Errorf("config: tls.trusted_proxies: %w", err)
	}
	initMetrics(a, c, runners)
	al := accessLog{clientIP: c.Log.AccessClientIP}
	if c.Log.Access {
		al.log = log
	}
	srv := newHTTPServer(proxies.Wrap(observeHTTP(mux, a.Metrics, al)), c.HTTP)
	tlsOn := c.TLS.Cert != ""
	if tlsOn {
		srv.TLSConfig = httpx.TLSConfig()
	}

	runCtx, stopRun := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		_ = a.Singleton(runCtx, "retention", func(ctx context.Context) error {
			privacy.RunRetention(ctx, a.DB, c.Retention, a.Erase, log)
			return nil
		})
	}()
	go func() {
		defer wg.Done()
		_ = a.Gateway.Run(runCtx)
	}()
	for _, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.run(runCtx); err != nil {
				log.Error("channel stopped", "component", r.name, "err", err)
			}
		}()
	}
	httpErr := make(chan error, 1)
	go func() {
		defer wg.Done()
		serveFn := func() error { return srv.Serve(ln) }
		if tlsOn {
			serveFn = func() error { return srv.ServeTLS(ln, c.TLS.Cert, c.TLS.Key) }
		}
		if err := serveFn(); !errors.Is(err, http.ErrServerClosed) {
			httpErr <- err
		}
	}()
	announce(log, c, a, ln.Addr().String(), tlsOn)
	if ready != nil {
		at.Addr = ln.Addr().String()
		ready <- at
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-httpErr:
	}
	stopping.Store(true)
	log.Info("shutting down: no new messages, delivering the outbox", "component", "main")
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(shutCtx)
	cancel()
	stopRun()
	wg.Wait()
	drainCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	a.Gateway.Drain(drainCtx)
	cancel()
	return runErr
}
