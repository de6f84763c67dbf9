package main

import (
	"context"
	"fmt"
	"io"
)

// runConfig is `amtsbote config check`: validate and print the effective
// configuration with secrets masked.
func runConfig(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "config", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() != 1 || fs.Arg(0) != "check" {
		return s.usageError("say check")
	}
	if err := c.Print(stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}
