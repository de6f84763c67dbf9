package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"

	"amtsbote/app/server"
	"amtsbote/store/bolt"
)

// errNoServer says no server answers on the admin socket.
var errNoServer = errors.New("no server answers on the admin socket")

// adminRefusal is a request the running server answered with an error.
type adminRefusal struct {
	status int    // the HTTP status
	text   string // the server's reason, framed in the operator's language
}

func (e *adminRefusal) Error() string { return e.text }

// askAdmin posts req as JSON to path on the admin socket of dataDir and
// decodes the answer into answer. It returns errNoServer when nothing
// listens there, so the caller can work on the stopped store instead.
func askAdmin(ctx context.Context, dataDir, path string, req, answer any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://amtsbote"+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/json")
	return doAdmin(sayer(ctx), dataDir, hreq, answer)
}

// getAdmin gets path from the admin socket of dataDir, as askAdmin posts.
func getAdmin(ctx context.Context, dataDir, path string, answer any) error {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://amtsbote"+path, nil)
	if err != nil {
		return fmt.Errorf("admin socket: %w", err)
	}
	return doAdmin(sayer(ctx), dataDir, hreq, answer)
}

func doAdmin(say say, dataDir string, hreq *http.Request, answer any) error {
	resp, err := adminClient(dataDir).Do(hreq)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return fmt.Errorf("%w: %v", errNoServer, err)
		}
		return fmt.Errorf("%s: %w", say.T("cli.admin.no_answer"), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e server.AdminError
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, server.MaxAdminRequest))
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = resp.Status
		}
		return &adminRefusal{status: resp.StatusCode, text: say.T("cli.admin.refused", "why", e.Error)}
	}
	if err := json.NewDecoder(resp.Body).Decode(answer); err != nil {
		return fmt.Errorf("%s: %w", say.T("cli.admin.bad_answer"), err)
	}
	return nil
}

// adminClient speaks HTTP over the admin socket of dataDir.
func adminClient(dataDir string) *http.Client {
	sock := filepath.Join(dataDir, server.AdminSocket)
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
}

// runBackup is `amtsbote backup FILE`.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "backup", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if c.Postgres() {
		fmt.Fprintln(stderr, "amtsbote: backup:", s.say.T("cli.store.postgres"))
		return 1
	}
	if fs.NArg() != 1 {
		return s.refuse("cli.arg.one_file")
	}
	out := fs.Arg(0)
	n, how, err := backup(ctx, c.Data, out)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote: backup:", err)
		return 1
	}
	fmt.Fprintln(stdout, s.say.T("cli.backup.done", "file", out, "bytes", n, "how", s.say.T(how)))
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
		return 0, "", fmt.Errorf("%s: %w", sayer(ctx).T("cli.backup.bad_copy"), err)
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
			return 0, "", errors.New(sayer(ctx).T("cli.admin.status", "status", resp.Status))
		}
		n, err := io.Copy(w, resp.Body)
		return n, "cli.how.backup_hot", err
	}
	n, err := bolt.BackupClosed(dataDir, w)
	if errors.Is(err, os.ErrNotExist) {
		return 0, "", errors.New(sayer(ctx).T("cli.store.none", "dir", dataDir))
	}
	return n, "cli.how.backup_stopped", err
}

// runRestore is `amtsbote restore FILE`.
func runRestore(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "restore", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if c.Postgres() {
		fmt.Fprintln(stderr, "amtsbote: restore:", s.say.T("cli.store.postgres"))
		return 1
	}
	if fs.NArg() != 1 {
		return s.refuse("cli.arg.one_file")
	}
	if err := bolt.Restore(fs.Arg(0), c.Data); err != nil {
		fmt.Fprintln(stderr, "amtsbote: restore:", err)
		return 1
	}
	fmt.Fprintln(stdout, s.say.T("cli.restore.done", "file", fs.Arg(0), "dir", c.Data, "kept", bolt.FileName+".before-restore"))
	return 0
}
