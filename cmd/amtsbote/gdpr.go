package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"amtsbote/app"
	"amtsbote/app/server"
	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/privacy"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// runGDPR is `amtsbote gdpr export|delete ADDRESS`. With a server running
// on the data dir, the server does the work (asked over its admin socket);
// otherwise the command opens the store itself.
func runGDPR(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "gdpr", stdout, stderr)
	channel := fs.String("channel", "email", s.say.T("cli.flag.gdpr.channel"))
	out := fs.String("out", "", s.say.T("cli.flag.gdpr.out"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	verb := fs.Arg(0)
	if verb != "export" && verb != "delete" {
		return s.refuse("cli.gdpr.verbs")
	}
	if fs.NArg() != 2 || fs.Arg(1) == "" {
		return s.refuse("cli.gdpr.one_address")
	}
	log := newLogger(stderr, c.Log.Format, "warn")
	r := privacy.Request{Channel: *channel, Address: fs.Arg(1), Actor: cliUser()}
	switch verb {
	case "export":
		ex, how, err := exportVia(ctx, c, r, log)
		if err == nil {
			err = writeSignedArchive(ex, *out, how, s.say, stdout)
		}
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr export:", err)
			return 1
		}
	case "delete":
		d, how, err := deleteVia(ctx, c, r, log)
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote: gdpr delete:", err)
			return 1
		}
		fmt.Fprintln(stdout, s.say.T("cli.gdpr.deleted", "n", d.Conversations, "how", s.say.T(how)))
	}
	return 0
}

// exportVia exports through the running server, or from the stopped store.
func exportVia(ctx context.Context, c config.Config, r privacy.Request, log *slog.Logger) (privacy.Exported, string, error) {
	var ex privacy.Exported
	err := askAdmin(ctx, c.Data, "/gdpr/export", r, &ex)
	if !errors.Is(err, errNoServer) {
		return ex, "cli.how.by_server", err
	}
	portal, db, err := openStopped(c, log, sayer(ctx))
	if err != nil {
		return ex, "", err
	}
	defer db.Close()
	ex, err = privacy.Export(ctx, db, portal, privacy.LoadNames(c, log), r, time.Now().UTC())
	return ex, "cli.how.export_stopped", err
}

// deleteVia erases through the running server, which also forgets in its
// memory what went, or in the stopped store.
func deleteVia(ctx context.Context, c config.Config, r privacy.Request, log *slog.Logger) (privacy.Deleted, string, error) {
	var d privacy.Deleted
	err := askAdmin(ctx, c.Data, "/gdpr/delete", r, &d)
	if !errors.Is(err, errNoServer) {
		return d, "cli.how.by_server", err
	}
	_, db, err := openStopped(c, log, sayer(ctx))
	if err != nil {
		return d, "", err
	}
	defer db.Close()
	d, err = privacy.Delete(ctx, db, r, nil)
	return d, "cli.how.delete_stopped", err
}

// openStopped opens the store of a server that is not running. A store
// held open by a process that does not answer on the admin socket (a
// server starting or stopping, another command) is refused: its memory
// could outlive an erasure.
func openStopped(c config.Config, log *slog.Logger, say say) (*pgp.Portal, store.Store, error) {
	portal, db, err := app.OpenStore(c, log)
	if errors.Is(err, bolt.ErrInUse) {
		return nil, nil, fmt.Errorf("%s: %w", say.T("cli.store.in_use", "socket", filepath.Join(c.Data, server.AdminSocket)), err)
	}
	return portal, db, err
}

// writeSignedArchive writes the archive and its signature FILE.asc; out ""
// names the file by the export's time.
func writeSignedArchive(ex privacy.Exported, out, how string, say say, stdout io.Writer) error {
	if out == "" {
		out = "gdpr-export-" + ex.Exported.UTC().Format("20060102T150405Z") + ".json"
	}
	if err := os.WriteFile(out, ex.Archive, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(out+".asc", []byte(ex.Signature), 0o600); err != nil {
		return err
	}
	fmt.Fprintln(stdout, say.T("cli.gdpr.wrote", "file", out, "n", ex.Conversations, "key", ex.Portal, "how", say.T(how)))
	return nil
}

// cliUser names who ran a command, for the audit log.
func cliUser() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}
