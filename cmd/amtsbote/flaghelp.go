package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/pflag"
)

// A command's flags in its help, and pflag's refusals, in the operator's
// language: pflag writes both in English, so they are written here from
// the catalog (cli.help.*, cli.flag.*). The descriptions are the catalog's
// already (each flag is registered with its say.T text).

// usages lists the flags as pflag's FlagUsages does: "  -h, --help",
// "      --as TYPE", the descriptions in one column, a non-zero default
// after the description.
func (f *flags) usages() string {
	type line struct{ left, usage string }
	var lines []line
	width := 0
	f.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		left := "      --" + fl.Name
		if fl.Shorthand != "" {
			left = "  -" + fl.Shorthand + ", --" + fl.Name
		}
		if t := f.typeName(fl); t != "" {
			left += " " + t
		}
		usage := fl.Usage
		if d := defaultOf(fl); d != "" {
			usage += " " + f.say.T("cli.help.default", "value", d)
		}
		lines = append(lines, line{left, usage})
		width = max(width, utf8.RuneCountInString(left))
	})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%s%s   %s\n", l.left, strings.Repeat(" ", width-utf8.RuneCountInString(l.left)), l.usage)
	}
	return b.String()
}

// typeName names the kind of value a flag takes ("" for a switch).
func (f *flags) typeName(fl *pflag.Flag) string {
	switch fl.Value.Type() {
	case "bool":
		return ""
	case "int":
		return f.say.T("cli.help.type.int")
	case "float64":
		return f.say.T("cli.help.type.float")
	case "duration":
		return f.say.T("cli.help.type.duration")
	}
	return f.say.T("cli.help.type.string")
}

// defaultOf is a flag's default as help shows it, "" when it is the zero
// value (nothing to say).
func defaultOf(fl *pflag.Flag) string {
	switch d := fl.DefValue; {
	case d == "" || d == "false" || d == "0" || d == "0s":
		return ""
	case fl.Value.Type() == "string":
		return fmt.Sprintf("%q", d)
	default:
		return d
	}
}

// flagError is pflag's refusal of the arguments in the operator's
// language; an error pflag did not type stays as it is.
func (f *flags) flagError(err error) string {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		return f.say.T("cli.flag.unknown", "flag", dashed(notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames()))
	case errors.As(err, &noValue):
		return f.say.T("cli.flag.needs_value", "flag", dashed(noValue.GetSpecifiedName(), noValue.GetSpecifiedShortnames()))
	case errors.As(err, &invalid):
		return f.say.T("cli.flag.invalid", "flag", "--"+invalid.GetFlag().Name, "value", fmt.Sprintf("%q", invalid.GetValue()))
	case errors.As(err, &syntax):
		return f.say.T("cli.flag.syntax", "flag", syntax.GetSpecifiedFlag())
	}
	return err.Error()
}

// dashed writes a flag as it was given: "--name", or "-x" of a group of
// shorthands.
func dashed(name, shorthands string) string {
	if shorthands != "" {
		return "-" + name[:1]
	}
	return "--" + name
}
