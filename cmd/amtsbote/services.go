package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"amtsbote/services"
)

// runServices is `amtsbote services`: the catalog, one service a line.
func runServices(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("services", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.register(fs)
	lang := fs.String("lang", "de", "language of the titles (de or en)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c, err := s.load()
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 2
	}
	cat, err := services.Load(c.Services)
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
