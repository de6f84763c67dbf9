package server

import (
	"bufio"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// httpRecorder is what the HTTP middleware reports each request to.
type httpRecorder interface {
	HTTPRequest(route string, code int, d time.Duration)
}

// accessLog configures the access log: off, or on with or without the
// client's address.
type accessLog struct {
	log      *slog.Logger // nil: no access log
	clientIP bool
}

// observeHTTP wraps the public mux: every request is counted by route
// pattern and status (metrics) and, when on, logged at info level with
// method, route pattern, status and duration. It never logs the path's
// values, the query string or, unless configured, the client's address:
// a route pattern names /verify/{code}, not the code.
//
// It must wrap the mux itself, so that the pattern the mux sets on the
// request (r.Pattern, also of nested muxes) is the one seen here.
func observeHTTP(next http.Handler, m httpRecorder, al accessLog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "none"
		}
		m.HTTPRequest(route, code, d)
		if al.log != nil {
			attrs := []any{"component", "http", "method", r.Method, "route", route, "status", code,
				"duration_ms", float64(d.Microseconds()) / 1000}
			if al.clientIP {
				attrs = append(attrs, "client", r.RemoteAddr)
			}
			al.log.Info("http request", attrs...)
		}
	})
}

// statusWriter remembers the status code; it passes Hijack (WebSockets)
// and Flush through, and Unwrap for http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Hijack hands the connection over (a WebSocket upgrade: status 101).
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("the response cannot be hijacked")
	}
	if w.code == 0 {
		w.code = http.StatusSwitchingProtocols
	}
	return h.Hijack()
}

// Flush sends what is buffered.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap is for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
