package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"amtsbote/catalog"
	"amtsbote/config"
	"amtsbote/services/appointments"
	"amtsbote/services/parking"
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
	if err := checkFiles(c, s.configPath); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 2
	}
	if err := c.Print(stdout); err != nil {
		fmt.Fprintln(stderr, "amtsbote:", explain(s.say, err))
		return 1
	}
	return 0
}

// checkFiles reads the city's files the configuration names: the service
// definitions (the built-in catalog and c.Services), with the departments
// the configuration names checked against them, the offices file and the
// table of parking zones. The problems of each file are joined; each says
// itself in the operator's language (explain).
func checkFiles(c config.Config, path string) error {
	var errs []error
	cat, err := catalog.Load(c.Services)
	if err == nil {
		err = c.CheckDepartments(func(id string) bool { _, ok := cat.Department(id); return ok }, path)
	}
	errs = append(errs, err)
	if c.Offices != "" {
		_, err := appointments.LoadFile(c.Offices)
		errs = append(errs, err)
	}
	if c.ParkingZones != "" {
		_, err := parking.LoadZones(c.ParkingZones)
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
