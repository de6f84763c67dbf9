package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"amtsbote/config"
	"amtsbote/internal/httpx"
	"amtsbote/services/parking"
)

// drainTimeout is how long shutdown keeps delivering the outbox.
const drainTimeout = 10 * time.Second

func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand("serve", stderr)
	addr := fs.String("addr", "", "address the HTTP parts listen on (default 127.0.0.1:8080, env AMTSBOTE_ADDR)")
	cert := fs.String("tls-cert", "", "certificate (PEM) to serve HTTPS and WSS directly (env AMTSBOTE_TLS_CERT)")
	key := fs.String("tls-key", "", "private key (PEM) of --tls-cert (env AMTSBOTE_TLS_KEY)")
	c, ok := s.parse(args, stderr)
	if !ok {
		return 2
	}
	if *addr != "" {
		c.Addr = *addr
	}
	if *cert != "" || *key != "" {
		c.TLS.Cert, c.TLS.Key = *cert, *key
		if err := c.Check(); err != nil {
			fmt.Fprintln(stderr, "amtsbote:", err)
			return 2
		}
	}
	log := newLogger(stderr, c.Log.Format, c.Log.Level)
	if err := serve(ctx, c, log, nil); err != nil {
		log.Error("amtsbote stopped", "component", "main", "err", err)
		return 1
	}
	return 0
}

// serve runs the server until ctx ends; ready, when not nil, receives the
// listening addresses once the server accepts connections.
func serve(ctx context.Context, c config.Config, log *slog.Logger, ready chan<- serveAddrs) error {
	a, err := openApp(c, log)
	if err != nil {
		return err
	}
	defer a.close()

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
		if err := a.db.Ping(); err != nil {
			log.Error("not ready: the store does not answer", "component", "main", "err", err)
			http.Error(w, "store not available", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /verify/{code}", parking.VerifyHandler(a.permits, a.loc, time.Now))
	runners, err := startChannels(c, a, mux, log)
	if err != nil {
		return err
	}
	stopAdmin, err := serveAdmin(c.Data, c.HTTP, a.adminRoutes(a.web.Open))
	if err != nil {
		return err
	}
	defer stopAdmin()
	// /metrics only on its own listener (loopback by default), never on
	// the public one.
	var at serveAddrs
	if !c.MetricsOff() {
		addr, stopMetrics, err := serveMetrics(c.MetricsAddr, a.metrics.Handler(), c.HTTP, log)
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
	srv := newHTTPServer(proxies.Wrap(mux), c.HTTP)
	tlsOn := c.TLS.Cert != ""
	if tlsOn {
		srv.TLSConfig = httpx.TLSConfig()
	}

	runCtx, stopRun := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		runRetention(runCtx, a.db, c.Retention, a.erase, log)
	}()
	go func() {
		defer wg.Done()
		_ = a.gw.Run(runCtx)
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
	log.Info("amtsbote is listening", "component", "main", "addr", ln.Addr().String(), "tls", tlsOn)
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
	a.gw.Drain(drainCtx)
	cancel()
	return runErr
}
