package server

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"time"

	"amtsbote/app"
	"amtsbote/config"
)

// AdminSocket is the running server's local control socket in the data
// dir (mode 0600, so only the server's own user may speak to it): `amtsbote
// backup` uses it for a hot copy, `amtsbote gdpr` to have the server export
// or erase, `amtsbote staff add|list|disable|enable|passwd` for console accounts, `amtsbote loadtest
// --admin` for the memory per connection, and operators for Go's profiler
// (`curl --unix-socket DATA/admin.sock http://x/debug/pprof/profile?seconds=20`).
const AdminSocket = "admin.sock"

// adminStopTimeout is how long stopping the admin socket waits for a
// request still running (an erasure being compacted) before cutting it.
const adminStopTimeout = 30 * time.Second

// adminRoutes is what the admin socket serves; open counts the open web
// chat connections.
func adminRoutes(a *app.App, open func() int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := a.DB.Backup(w); err != nil {
			a.Log.Error("backup failed", "component", "admin", "err", err)
		}
	})
	mux.HandleFunc("GET /memory", serveMemory(open))
	mux.HandleFunc("POST /gdpr/export", gdprExport(a))
	mux.HandleFunc("POST /gdpr/delete", gdprDelete(a))
	mux.HandleFunc("POST /staff/accounts", staffAdd(a))
	mux.HandleFunc("GET /staff/accounts", staffList(a))
	mux.HandleFunc("POST /staff/accounts/{username}", staffChange(a))
	// The profiler, for operators chasing a slow server: local and
	// owner-only like everything on this socket, never on the public port.
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return mux
}

// serveAdmin serves h on the admin socket, bounded by t like every
// listener, until the returned stop is called.
func serveAdmin(dataDir string, t config.HTTP, h http.Handler) (func(), error) {
	path := filepath.Join(dataDir, AdminSocket)
	if c, err := net.Dial("unix", path); err == nil {
		c.Close()
		return nil, fmt.Errorf("another server is running on %s", dataDir)
	}
	_ = os.Remove(path) // a socket left by a crash
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin socket: %w", err)
	}
	srv := newHTTPServer(h, t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), adminStopTimeout)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			_ = srv.Close()
		}
		<-done
		_ = os.Remove(path)
	}, nil
}
