package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// drainTimeout is how long shutdown keeps delivering the outbox.
const drainTimeout = 10 * time.Second

func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.register(fs)
	addr := fs.String("addr", envOr("AMTSBOTE_ADDR", "127.0.0.1:8080"), "address the HTTP parts listen on")
	jsonLogs := fs.Bool("log-json", envOr("AMTSBOTE_LOG_FORMAT", "") == "json", "log as JSON lines")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := newLogger(stderr, *jsonLogs, slog.LevelInfo)
	if err := serve(ctx, s, *addr, log, nil); err != nil {
		log.Error("amtsbote stopped", "component", "main", "err", err)
		return 1
	}
	return 0
}

// serve runs the server until ctx ends; ready, when not nil, receives the
// listening address once the server accepts connections.
func serve(ctx context.Context, s settings, addr string, log *slog.Logger, ready chan<- string) error {
	a, err := openApp(s, log)
	if err != nil {
		return err
	}
	defer a.close()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}

	runCtx, stopRun := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		_ = a.gw.Run(runCtx)
	}()
	httpErr := make(chan error, 1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			httpErr <- err
		}
	}()
	log.Info("amtsbote is listening", "component", "main", "addr", ln.Addr().String(), "data", s.data)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-httpErr:
	}
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
