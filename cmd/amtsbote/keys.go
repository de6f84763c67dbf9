package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
	"amtsbote/store/postgres"
)

// runKeys is `amtsbote keys show|rotate|export-public`.
func runKeys(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "keys", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	verb := fs.Arg(0)
	if fs.NArg() != 1 || (verb != "show" && verb != "rotate" && verb != "export-public") {
		return s.usageError("say show, rotate or export-public")
	}
	log := newLogger(stderr, c.Log.Format, "warn")
	opts := pgp.Options{Dir: c.Data, Passphrase: []byte(c.KeyPassphrase), Log: log, Email: c.Email.Address}
	portal, err := pgp.LoadOrCreate(opts)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	switch verb {
	case "show":
		i := portal.Info()
		fmt.Fprintf(stdout, "fingerprint: %s\nkey id:      %s\ncreated:     %s\nalgorithm:   %s\nuser id:     %s\nfile:        %s\n",
			i.Fingerprint, i.KeyID, i.Created.UTC().Format(time.RFC3339), i.Algorithm, i.UserID, filepath.Join(c.Data, pgp.KeyFile))
	case "export-public":
		pub, err := portal.ArmoredPublicKey()
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote:", err)
			return 1
		}
		fmt.Fprintln(stdout, pub)
	case "rotate":
		if err := rotate(c, opts, portal, stdout); err != nil {
			fmt.Fprintln(stderr, "amtsbote: keys rotate:", err)
			return 1
		}
	default:
		fmt.Fprintf(stderr, "amtsbote: unknown keys command %q\n", verb)
		return 2
	}
	return 0
}

// rotate makes a new portal key and re-wraps the store to it. Crash-safe:
// the new key is written first (as the next key), the store is re-wrapped in
// one transaction, then the key files are swapped; app.OpenStore
// finishes a rotation interrupted between the last two steps.
func rotate(c config.Config, opts pgp.Options, old *pgp.Portal, stdout io.Writer) error {
	next, err := pgp.GenerateNext(opts, old)
	if err != nil {
		return err
	}
	var n int
	if c.Postgres() { // every node stopped: see docs/scale-out.md
		n, err = postgres.Rewrap(context.Background(), string(c.Store), old, next)
	} else {
		n, err = bolt.Rewrap(c.Data, old, next)
	}
	if err != nil {
		_ = os.Remove(filepath.Join(c.Data, pgp.NextKeyFile))
		return err
	}
	retired, err := pgp.CommitNext(c.Data, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "new portal key %s; %d conversation keys re-wrapped.\nThe old key is kept as %s: backups made before now need it. Move it off this machine with them.\n",
		next.Fingerprint(), n, retired)
	return nil
}
