package main

import (
	"context"
	"flag"
	"fmt"
	"io"
)

// runConfig is `amtsbote config check`: validate and print the effective
// configuration with secrets masked.
func runConfig(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "usage: amtsbote config check [--config FILE] [flags]")
		return 2
	}
	fs := flag.NewFlagSet("config check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	s.register(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	c, err := s.load()
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	if err := c.Print(stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
