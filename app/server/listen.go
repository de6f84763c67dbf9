package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"amtsbote/config"
)

// Bounds every HTTP listener shares besides http.read_timeout and
// http.idle_timeout.
const (
	// maxHeaderBytes bounds a request's header: ample for cookies and
	// tokens (Go's default is 1 MiB).
	maxHeaderBytes = 64 << 10
	// readHeaderTimeout bounds the header part of a request (the whole
	// request has http.read_timeout, when that is shorter this).
	readHeaderTimeout = 10 * time.Second
	// metricsWriteTimeout bounds writing one scrape; /metrics is small.
	metricsWriteTimeout = 30 * time.Second
)

// Addrs is where Run accepts connections once it runs.
type Addrs struct {
	Addr    string // the public listener
	Metrics string // the metrics listener; "" when it is off
}

// newHTTPServer makes a server for h bounded by t: a client has
// ReadTimeout to send a whole request (headers and body), a keep-alive
// connection is closed after IdleTimeout without a next request, and a
// header is at most maxHeaderBytes. WebSockets leave HTTP once upgraded
// (gorilla clears the deadlines on hijack), so a chat lasts as long as it
// likes. There is no WriteTimeout: it runs from the end of the header to
// the end of the answer, so it would cut a slow download of a file the bot
// sent and, on the admin socket, a backup or a long profile (pprof refuses
// one longer than it). The large answers on the public listener are the
// chat's files, behind a signed link.
// ReadTimeout does not bound a handler: once the body is read, Go lifts
// the read deadline, so an erasure or a 60 s profile on the admin socket
// runs to its end.
func newHTTPServer(h http.Handler, t config.HTTP) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadTimeout:       t.ReadTimeout,
		ReadHeaderTimeout: min(readHeaderTimeout, t.ReadTimeout),
		IdleTimeout:       t.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
	}
}

// serveMetrics serves h at GET /metrics on its own listener at addr until
// the returned stop is called; it returns the address it listens on.
func serveMetrics(addr string, h http.Handler, t config.HTTP, log *slog.Logger) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics_addr: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := newHTTPServer(mux, t)
	srv.WriteTimeout = metricsWriteTimeout
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("the metrics listener stopped", "component", "metrics", "err", err)
		}
	}()
	log.Info("metrics listening", "component", "metrics", "addr", ln.Addr().String())
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			_ = srv.Close()
		}
		<-done
	}, nil
}
