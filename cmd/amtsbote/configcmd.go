package main

import (
	"context"
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
	_, s := newCommand("config check", stderr)
	c, ok := s.parse(args[1:], stderr)
	if !ok {
		return 2
	}
	if err := c.Print(stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
