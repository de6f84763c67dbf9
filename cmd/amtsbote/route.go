package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"amtsbote/dialog/route"
	"amtsbote/services"
)

// runRoute is `amtsbote route [TEXT ...]`: how the router classifies each
// text (or each line of stdin), one JSON object a line.
func runRoute(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("route", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.register(fs)
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
	if err := route.RunCommand(fs.Args(), stdin, stdout, cat); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
