package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"amtsbote/config"
)

// settings are the flags every command shares; they override the
// configuration file and the environment.
type settings struct {
	configPath string
	fs         *flag.FlagSet
	data       string
	services   string
	prefix     string
	timezone   string
}

func (s *settings) register(fs *flag.FlagSet) {
	s.fs = fs
	fs.StringVar(&s.configPath, "config", os.Getenv("AMTSBOTE_CONFIG"), "configuration file (YAML; env AMTSBOTE_CONFIG)")
	fs.StringVar(&s.data, "data", "", "data directory: store and keys (default ./data, env AMTSBOTE_DATA)")
	fs.StringVar(&s.services, "services", "", "directory of service definitions that add to or override the built-in catalog (env AMTSBOTE_SERVICES)")
	fs.StringVar(&s.prefix, "case-prefix", "", "prefix of case reference numbers (default AB, env AMTSBOTE_CASE_PREFIX)")
	fs.StringVar(&s.timezone, "timezone", "", "the city's time zone (default Europe/Berlin, env AMTSBOTE_TIMEZONE)")
}

// newCommand makes a subcommand's flag set with the shared settings.
func newCommand(name string, stderr io.Writer) (*flag.FlagSet, *settings) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	s := &settings{}
	s.register(fs)
	return fs, s
}

// parse parses args and loads the configuration; on failure it has told
// stderr why, and the command exits with 2.
func (s *settings) parse(args []string, stderr io.Writer) (config.Config, bool) {
	if err := s.fs.Parse(args); err != nil {
		return config.Config{}, false
	}
	c, err := s.load()
	if err != nil {
		fmt.Fprintln(stderr, "amtsbote:", err)
		return config.Config{}, false
	}
	return c, true
}

// load reads the configuration file and environment, then applies the flags
// given on the command line.
func (s *settings) load() (config.Config, error) {
	c, err := config.Load(s.configPath, os.LookupEnv)
	if err != nil {
		return config.Config{}, err
	}
	s.fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "data":
			c.Data = s.data
		case "services":
			c.Services = s.services
		case "case-prefix":
			c.CasePrefix = s.prefix
		case "timezone":
			c.Timezone = s.timezone
		}
	})
	return c, c.Check()
}

// newLogger makes the process logger: text or JSON lines on w.
func newLogger(w io.Writer, format string, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
