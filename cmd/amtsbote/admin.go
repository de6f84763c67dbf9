package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"time"

	"amtsbote/config"
	"amtsbote/store/bolt"
)

// adminSocket is the running server's local control socket in the data
// dir (mode 0600, so only the server's own user may speak to it): `amtsbote
// backup` uses it for a hot copy, `amtsbote gdpr` to have the server export
// or erase, `amtsbote staff add` to add an account, `amtsbote loadtest
// --admin` for the memory per connection, and operators for Go's profiler
// (`curl --unix-socket DATA/admin.sock http://x/debug/pprof/profile?seconds=20`).
const adminSocket = "admin.sock"

// adminStopTimeout is how long stopping the admin socket waits for a
// request still running (an erasure being compacted) before cutting it.
const adminStopTimeout = 30 * time.Second

// adminRoutes is what the admin socket serves; open counts the open web
// chat connections.
func (a *app) adminRoutes(open func() int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /backup", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		if _, err := a.db.Backup(w); err != nil {
			a.log.Error("backup failed", "component", "admin", "err", err)
		}
	})
	mux.HandleFunc("GET /memory", serveMemory(open))
	mux.HandleFunc("POST /gdpr/export", a.serveGDPRExport)
	mux.HandleFunc("POST /gdpr/delete", a.serveGDPRDelete)
	mux.HandleFunc("POST /staff/accounts", a.serveStaffAdd)
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
	path := filepath.Join(dataDir, adminSocket)
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

// adminClient speaks HTTP over the admin socket of dataDir.
func adminClient(dataDir string) *http.Client {
	sock := filepath.Join(dataDir, adminSocket)
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
}

// runBackup is `amtsbote backup FILE`.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand("backup", stderr)
	c, ok := s.parse(args, stderr)
	if !ok {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: amtsbote backup [--data DIR] FILE")
		return 2
	}
	out := fs.Arg(0)
	n, how, err := backup(ctx, c.Data, out)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote: backup:", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes, %s)\n", out, n, how)
	return 0
}

// backup copies the store to out: through the running server when there is
// one, else directly from the file. The copy appears under out only whole.
func backup(ctx context.Context, dataDir, out string) (int64, string, error) {
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return 0, "", err
	}
	defer os.Remove(tmp)
	n, how, err := backupTo(ctx, dataDir, f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, "", err
	}
	if err := bolt.CheckFile(tmp); err != nil {
		return 0, "", fmt.Errorf("the copy does not check out: %w", err)
	}
	return n, how, os.Rename(tmp, out)
}

func backupTo(ctx context.Context, dataDir string, w io.Writer) (int64, string, error) {
	client := adminClient(dataDir)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://amtsbote/backup", nil)
	resp, err := client.Do(req)
	if err == nil {
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, "", fmt.Errorf("the server answered %s", resp.Status)
		}
		n, err := io.Copy(w, resp.Body)
		return n, "hot copy from the running server", err
	}
	n, err := bolt.BackupClosed(dataDir, w)
	if errors.Is(err, os.ErrNotExist) {
		return 0, "", fmt.Errorf("no store in %s", dataDir)
	}
	return n, "copy of the stopped store", err
}

// runRestore is `amtsbote restore FILE`.
func runRestore(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand("restore", stderr)
	c, ok := s.parse(args, stderr)
	if !ok {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: amtsbote restore [--data DIR] FILE")
		return 2
	}
	if err := bolt.Restore(fs.Arg(0), c.Data); err != nil {
		fmt.Fprintln(stderr, "amtsbote: restore:", err)
		return 1
	}
	fmt.Fprintf(stdout, "restored %s into %s (the previous store is kept as %s.before-restore)\n", fs.Arg(0), c.Data, bolt.FileName)
	return 0
}
