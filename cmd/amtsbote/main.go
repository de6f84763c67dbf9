// Command amtsbote runs the city's conversation server and its tools.
// Without arguments it is `amtsbote serve`.
//
// Flags are parsed with spf13/pflag: GNU-style double-dash flags that may
// come before or after the arguments (`amtsbote backup FILE --data DIR`),
// --help that exits 0. Cobra would add a framework around the same pflag
// parsing; the commands here are plain functions over a table (commands),
// which also drives the help text, the README check and shell completion.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	_ "time/tzdata" // the city's time zone, also on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx = withLang(ctx, os.Getenv) // the operator's language, for the CLI's texts
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// runFunc runs one command and returns its exit code: 0 done, 1 failed,
// 2 a usage error.
type runFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// command is one subcommand.
type command struct {
	name    string
	summary string   // the catalog key of its line in the command list
	usage   string   // the synopsis after "amtsbote NAME"
	example string   // one example command line
	subs    []string // its verbs, if it has any (staff add|list|…)
	run     runFunc
}

func commands() []command {
	return []command{
		{"serve", "cli.summary.serve",
			"[--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--no-access-log]",
			"amtsbote serve --config /etc/amtsbote/amtsbote.yaml", nil, runServe},
		{"chat", "cli.summary.chat", "[--json] [--as ADDRESS]",
			"amtsbote chat --data ./scratch", nil, runChat},
		{"staff", "cli.summary.staff",
			"add NAME --department D [--admin|--editor] [--name FIRSTNAME] | list | disable NAME | enable NAME | passwd NAME",
			"amtsbote staff add anna --department buergerbuero", []string{"add", "list", "disable", "enable", "passwd"}, runStaff},
		{"route", "cli.summary.route", "[TEXT ...]",
			`amtsbote route "Ich möchte meinen Zählerstand melden"`, nil, runRoute},
		{"services", "cli.summary.services", "[--lang LANG]",
			"amtsbote services --lang uk", nil, runServices},
		{"offices", "cli.summary.offices", "[--from YYYY-MM-DD] [--days N] [--lang LANG]",
			"amtsbote offices --from 2026-12-22 --days 3", nil, runOffices},
		{"backup", "cli.summary.backup", "FILE",
			"amtsbote backup /var/backups/amtsbote.db --data /var/lib/amtsbote", nil, runBackup},
		{"restore", "cli.summary.restore", "FILE",
			"amtsbote restore /var/backups/amtsbote.db --data /var/lib/amtsbote", nil, runRestore},
		{"migrate", "cli.summary.migrate",
			"[--from bolt:DIR] [--to postgres://USER@HOST/DB] [--batch N]",
			"amtsbote migrate --from bolt:/var/lib/amtsbote --to postgres://amtsbote@db1/amtsbote", nil, runMigrate},
		{"gdpr", "cli.summary.gdpr", "export|delete ADDRESS [--channel C] [--out FILE]",
			"amtsbote gdpr export anna@example.de --out anna.json", []string{"export", "delete"}, runGDPR},
		{"keys", "cli.summary.keys", "show|rotate|export-public",
			"amtsbote keys export-public > portal.asc", []string{"show", "rotate", "export-public"}, runKeys},
		{"texts", "cli.summary.texts", "export LANG | check",
			"amtsbote texts export uk > uk.po", []string{"export", "check"}, runTexts},
		{"config", "cli.summary.config", "check",
			"amtsbote config check --config /etc/amtsbote/amtsbote.yaml", []string{"check"}, runConfig},
		{"health", "cli.summary.health", "[--url URL]",
			"amtsbote health --url http://127.0.0.1:8080/readyz", nil, runHealth},
		{"loadtest", "cli.summary.loadtest", "[--url ws://HOST:PORT/chat/ws] [--clients N] [--duration D]",
			"amtsbote loadtest --url ws://127.0.0.1:8080/chat/ws --clients 200 --duration 1m", nil, runLoadtest},
		{"completion", "cli.summary.completion", "bash|zsh|fish",
			"amtsbote completion bash > /etc/bash_completion.d/amtsbote", []string{"bash", "zsh", "fish"}, runCompletion},
		{"version", "cli.summary.version", "", "amtsbote version", nil, runVersion},
	}
}

// findCommand returns the command called name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is main without the process: testable, returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if _, ok := ctx.Value(langKey{}).(say); !ok { // no operator's language given: English, read once
		ctx = withLang(ctx, func(string) string { return "" })
	}
	switch {
	case len(args) > 0 && (isHelp(args[0]) || args[0] == "help"):
		if len(args) > 1 {
			if c, ok := findCommand(args[1]); ok {
				return c.run(ctx, append(args[2:], "--help"), stdin, stdout, stderr)
			}
		}
		usage(ctx, stdout)
		return 0
	case len(args) > 0 && (args[0] == "--version" || args[0] == "-v"):
		return runVersion(ctx, nil, stdin, stdout, stderr)
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		return runServe(ctx, args, stdin, stdout, stderr)
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(ctx, args[1:], stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "amtsbote: %s\n\n", sayer(ctx).T("cli.usage.unknown", "command", strconv.Quote(args[0])))
	usage(ctx, stderr)
	return 2
}

func isHelp(a string) bool { return a == "-h" || a == "--help" }

func usage(ctx context.Context, w io.Writer) {
	say := sayer(ctx)
	fmt.Fprintf(w, "%s\n\n%s\n\n%s\n", say.T("cli.about"), say.T("cli.usage.synopsis"), say.T("cli.usage.commands"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, say.T(c.summary))
	}
	fmt.Fprintf(w, "\n%s\n", say.T("cli.usage.flags"))
	fmt.Fprintf(w, "\n  -h, --help      %s\n", say.T("cli.usage.help"))
	fmt.Fprintf(w, "  -v, --version   %s\n", say.T("cli.usage.version"))
}
