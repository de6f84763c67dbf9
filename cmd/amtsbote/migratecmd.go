package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/migrate"
)

// runMigrate is `amtsbote migrate --from bolt:DIR --to postgres://…`: a
// stopped single node's store moved into PostgreSQL (package migrate).
func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "migrate", stdout, stderr)
	from := fs.String("from", "", s.say.T("cli.flag.migrate.from"))
	to := fs.String("to", "", s.say.T("cli.flag.migrate.to"))
	batch := fs.Int("batch", 0, s.say.T("cli.flag.migrate.batch"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() != 0 {
		return s.refuse("cli.migrate.no_args")
	}
	if *from == "" {
		*from = "bolt:" + c.Data
	}
	if *to == "" && c.Postgres() {
		*to = string(c.Store) // from the file or the environment: the password stays out of the process list
	}
	dir, err := migrate.Source(*from)
	if err != nil {
		return s.usageError("--from: %s", explain(s.say, err))
	}
	if err := migrate.Target(*to); err != nil {
		return s.usageError("--to: %s", explain(s.say, err))
	}
	log := newLogger(stderr, c.Log.Format, "warn")
	portal, err := migrate.Portal(dir, []byte(c.KeyPassphrase), log)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	fmt.Fprintln(stdout, s.say.T("cli.migrate.moving", "dir", dir))
	rep, err := migrate.Run(ctx, dir, *to, portal, migrate.Options{Log: log, Batch: *batch})
	fmt.Fprint(stdout, rep.Say(s.say.cat, s.say.lang))
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	fmt.Fprintln(stdout, s.say.T("cli.migrate.done", "n", rep.Copied(), "dir", dir))
	return 0
}
