package main

import (
	"context"
	"fmt"
	"io"

	"amtsbote/catalog"
	"amtsbote/config"
)

// runConfig is `amtsbote config check`: validate and print the effective
// configuration, defaults filled in and secrets masked.
func runConfig(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "config", stdout, stderr)
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() != 1 || fs.Arg(0) != "check" {
		return s.refuse("cli.config.verbs")
	}
	if err := checkDepartments(c, s.configPath); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 2
	}
	if err := c.Print(stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return 1
	}
	return 0
}

// checkDepartments checks the departments the configuration names against
// the catalog (the built-in one and c.Services).
func checkDepartments(c config.Config, path string) error {
	cat, err := catalog.Load(c.Services)
	if err != nil {
		return err
	}
	return c.CheckDepartments(func(id string) bool { _, ok := cat.Department(id); return ok }, path)
}
