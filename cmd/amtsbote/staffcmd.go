package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"amtsbote/staff"
)

// runStaff is `amtsbote staff add NAME --department D [--admin]`: a console
// account, its password prompted (or read from stdin when it is no terminal).
func runStaff(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(stderr, "usage: amtsbote staff add NAME --department D [--admin] [--name FIRSTNAME]")
		return 2
	}
	fs := flag.NewFlagSet("staff add", flag.ContinueOnError)
	var s settings
	s.register(fs)
	return staff.AddAccountCommand(ctx, fs, args[1:], stdin, stdout, stderr, func() (staff.AccountStore, func(), error) {
		c, err := s.load()
		if err != nil {
			return nil, nil, err
		}
		_, db, err := openPortalAndStore(c, newLogger(stderr, c.Log.Format, "warn"))
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	})
}
