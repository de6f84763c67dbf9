package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
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
	verb, say := fs.Arg(0), s.say
	if fs.NArg() != 1 || (verb != "show" && verb != "rotate" && verb != "export-public") {
		return s.refuse("cli.keys.verbs")
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
		fmt.Fprintln(stdout, say.T("cli.keys.show", "fingerprint", i.Fingerprint, "id", i.KeyID, "created", i.Created.UTC().Format(time.RFC3339),
			"algorithm", i.Algorithm, "user", i.UserID, "file", filepath.Join(c.Data, pgp.KeyFile)))
	case "export-public":
		pub, err := portal.ArmoredPublicKey()
		if err != nil {
			fmt.Fprintln(stderr, "amtsbote:", err)
			return 1
		}
		fmt.Fprintln(stdout, pub)
	case "rotate":
		if err := rotate(c, opts, portal, say, stdout); err != nil {
			fmt.Fprintln(stderr, "amtsbote: keys rotate:", err)
			return 1
		}
	default:
		fmt.Fprintf(stderr, "amtsbote: %s\n", say.T("cli.keys.unknown", "verb", strconv.Quote(verb)))
		return 2
	}
	return 0
}

// rotate makes a new portal key and re-wraps the store to it. Crash-safe:
// the new key is written first (as the next key), the store is re-wrapped in
// one transaction, then the key files are swapped; app.OpenStore
// finishes a rotation interrupted between the last two steps.
func rotate(c config.Config, opts pgp.Options, old *pgp.Portal, say say, stdout io.Writer) error {
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
	fmt.Fprintln(stdout, say.T("cli.keys.rotated", "fingerprint", next.Fingerprint(), "n", n, "old", retired))
	return nil
}
