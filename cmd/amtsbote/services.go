package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/catalog"
)

// runServices is `amtsbote services`: the catalog, one service a line.
func runServices(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "services", stdout, stderr)
	lang := fs.String("lang", "de", "language of the titles (de or en)")
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() > 0 {
		return s.refuse("cli.arg.none")
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	if err := cat.List(stdout, *lang); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
