package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"amtsbote/config"
)

// flagProbe collects the flag sets commands make, so that completion can
// list a command's flags without running it. It travels in the context of
// one call of run; nothing is global.
type flagProbe struct{ sets []*pflag.FlagSet }

type probeKey struct{}

// flags is a command's flag set with its help and exit code.
type flags struct {
	*pflag.FlagSet
	name   string // "backup", "gdpr export"
	stdout io.Writer
	say    say // the operator's language
	exit   int // the exit code when parsing stopped the command: 0 after --help, 2 on a usage error

	wantHelp bool
}

// newFlags makes the flag set of the command called name (its first word
// names the entry in commands()).
func newFlags(ctx context.Context, name string, stdout, stderr io.Writer) *flags {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {} // help is printed by parse, to stdout
	if p, ok := ctx.Value(probeKey{}).(*flagProbe); ok {
		p.sets = append(p.sets, fs)
	}
	f := &flags{FlagSet: fs, name: name, stdout: stdout, say: sayer(ctx)}
	fs.BoolVarP(&f.wantHelp, "help", "h", false, f.say.T("cli.flag.help", "command", name))
	return f
}

// parse parses args, flags anywhere among them; false means the command
// stops with f.exit: --help printed the help (0), or a usage error (2).
func (f *flags) parse(args []string) bool {
	err := f.Parse(args)
	switch {
	case err == nil && f.wantHelp, errors.Is(err, pflag.ErrHelp):
		f.help(f.stdout)
		f.exit = 0
		return false
	case err != nil:
		f.exit = f.usageError("%s", f.flagError(err))
		return false
	}
	return true
}

// usageError says what is wrong with the arguments and how to get help;
// it returns 2, the exit code of a usage error.
func (f *flags) usageError(format string, a ...any) int {
	fmt.Fprintf(f.Output(), "amtsbote %s: %s\n%s\n", f.name, fmt.Sprintf(format, a...), f.say.T("cli.usage.more", "command", f.name))
	return 2
}

// refuse is usageError with the catalog's text of key, its placeholders
// filled from name, value pairs.
func (f *flags) refuse(key string, args ...any) int {
	return f.usageError("%s", f.say.T(key, args...))
}

// help writes the command's help: synopsis, description, flags, example.
func (f *flags) help(w io.Writer) {
	first, _, _ := strings.Cut(f.name, " ")
	c, _ := findCommand(first)
	say := f.say
	fmt.Fprintf(w, "%s amtsbote %s %s %s\n\n%s.\n\n%s\n%s", say.T("cli.help.usage"), c.name, c.usage, say.T("cli.help.flags_word"),
		upperFirst(say.T(c.summary)), say.T("cli.help.flags"), f.usages())
	if c.example != "" {
		fmt.Fprintf(w, "\n%s\n  %s\n", say.T("cli.help.example"), c.example)
	}
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// settings are the flags every command that reads the configuration
// shares; they override the configuration file and the environment.
type settings struct {
	*flags
	configPath string
	data       string
	services   string
	prefix     string
	timezone   string
}

func (s *settings) register() {
	fs := s.FlagSet
	say := s.say
	fs.StringVar(&s.configPath, "config", os.Getenv("AMTSBOTE_CONFIG"), say.T("cli.flag.common.config"))
	fs.StringVar(&s.data, "data", "", say.T("cli.flag.common.data"))
	fs.StringVar(&s.services, "services", "", say.T("cli.flag.common.services"))
	fs.StringVar(&s.prefix, "case-prefix", "", say.T("cli.flag.common.case_prefix"))
	fs.StringVar(&s.timezone, "timezone", "", say.T("cli.flag.common.timezone"))
}

// newCommand makes a command's flag set with the shared settings.
func newCommand(ctx context.Context, name string, stdout, stderr io.Writer) (*pflag.FlagSet, *settings) {
	s := &settings{flags: newFlags(ctx, name, stdout, stderr)}
	s.register()
	return s.FlagSet, s
}

// parse parses args and loads the configuration; false means the command
// stops with s.exit (0 after --help; 2 for a usage or configuration error,
// which it has told stderr).
func (s *settings) parse(args []string) (config.Config, bool) {
	if !s.flags.parse(args) {
		return config.Config{}, false
	}
	c, err := s.load()
	if err != nil {
		fmt.Fprintln(s.Output(), "amtsbote:", explain(s.say, err))
		s.exit = 2
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
	s.Visit(func(f *pflag.Flag) {
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
