package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/catalog"
	"amtsbote/dialog/route"
)

// runRoute is `amtsbote route [TEXT ...]`: how the router classifies each
// text (or each line of stdin), one JSON object a line.
func runRoute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "route", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	cat, err := catalog.Load(c.Services)
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	if err := route.RunCommand(fs.Args(), stdin, stdout, cat); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
