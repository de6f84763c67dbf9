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
	"strings"
	"syscall"

	_ "time/tzdata" // the city's time zone, also on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
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
	summary string   // one line for the command list
	usage   string   // the synopsis after "amtsbote NAME"
	example string   // one example command line
	subs    []string // its verbs, if it has any (staff add|list|…)
	run     runFunc
}

func commands() []command {
	return []command{
		{"serve", "run the server: web chat, staff console and every configured channel (the default command)",
			"[--addr HOST:PORT] [--tls-cert FILE --tls-key FILE] [--no-access-log]",
			"amtsbote serve --config /etc/amtsbote/amtsbote.yaml", nil, runServe},
		{"chat", "talk to the bot in this terminal (--json for scripts)", "[--json] [--as ADDRESS]",
			"amtsbote chat --data ./scratch", nil, runChat},
		{"staff", "staff console accounts: add, list, disable, enable, set a password (also while the server runs)",
			"add NAME --department D [--admin|--editor] [--name FIRSTNAME] | list | disable NAME | enable NAME | passwd NAME",
			"amtsbote staff add anna --department buergerbuero", []string{"add", "list", "disable", "enable", "passwd"}, runStaff},
		{"route", "how the router classifies each text (or stdin line), as JSON lines", "[TEXT ...]",
			`amtsbote route "Ich möchte meinen Zählerstand melden"`, nil, runRoute},
		{"services", "list the service catalog (id, category, online or in person)", "[--lang de|en]",
			"amtsbote services --lang en", nil, runServices},
		{"offices", "the offices' hours, closed days and visits a day offers", "[--from YYYY-MM-DD] [--days N] [--lang de|en]",
			"amtsbote offices --from 2026-12-22 --days 3", nil, runOffices},
		{"backup", "a consistent copy of the store, also while the server runs", "FILE",
			"amtsbote backup /var/backups/amtsbote.db --data /var/lib/amtsbote", nil, runBackup},
		{"restore", "put a backup in place of the store (the server must be stopped)", "FILE",
			"amtsbote restore /var/backups/amtsbote.db --data /var/lib/amtsbote", nil, runRestore},
		{"migrate", "move a stopped single node's bbolt store into PostgreSQL, to run several nodes (idempotent, resumable)",
			"[--from bolt:DIR] [--to postgres://USER@HOST/DB] [--batch N]",
			"amtsbote migrate --from bolt:/var/lib/amtsbote --to postgres://amtsbote@db1/amtsbote", nil, runMigrate},
		{"gdpr", "a citizen's data as a signed archive, or erased", "export|delete ADDRESS [--channel C] [--out FILE]",
			"amtsbote gdpr export anna@example.de --out anna.json", []string{"export", "delete"}, runGDPR},
		{"keys", "the portal's OpenPGP key: show it, rotate it, export its public part", "show|rotate|export-public",
			"amtsbote keys export-public > portal.asc", []string{"show", "rotate", "export-public"}, runKeys},
		{"texts", "the text catalog: export a language for translators, or list missing and stale translations", "export LANG | check",
			"amtsbote texts export uk > uk.po", []string{"export", "check"}, runTexts},
		{"config", "validate and print the effective configuration, defaults filled in and secrets masked", "check",
			"amtsbote config check --config /etc/amtsbote/amtsbote.yaml", []string{"check"}, runConfig},
		{"health", "exit 0 when the local server's /readyz answers ready, else 1 (for HEALTHCHECK)", "[--url URL]",
			"amtsbote health --url http://127.0.0.1:8080/readyz", nil, runHealth},
		{"loadtest", "simulated citizens against a server's web chat", "[--url ws://HOST:PORT/chat/ws] [--clients N] [--duration D]",
			"amtsbote loadtest --url ws://127.0.0.1:8080/chat/ws --clients 200 --duration 1m", nil, runLoadtest},
		{"completion", "a shell completion script", "bash|zsh|fish",
			"amtsbote completion bash > /etc/bash_completion.d/amtsbote", []string{"bash", "zsh", "fish"}, runCompletion},
		{"version", "print the version, Go version and revision", "", "amtsbote version", nil, runVersion},
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
	switch {
	case len(args) > 0 && (isHelp(args[0]) || args[0] == "help"):
		if len(args) > 1 {
			if c, ok := findCommand(args[1]); ok {
				return c.run(ctx, append(args[2:], "--help"), stdin, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	case len(args) > 0 && (args[0] == "--version" || args[0] == "-v"):
		return runVersion(ctx, nil, stdin, stdout, stderr)
	case len(args) == 0 || strings.HasPrefix(args[0], "-"):
		return runServe(ctx, args, stdin, stdout, stderr)
	}
	if c, ok := findCommand(args[0]); ok {
		return c.run(ctx, args[1:], stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "amtsbote: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func isHelp(a string) bool { return a == "-h" || a == "--help" }

func usage(w io.Writer) {
	fmt.Fprintln(w, "Amtsbote: the city's conversation server for web chat, Telegram and email.")
	fmt.Fprintln(w, "\nUsage: amtsbote [command] [arguments] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nFlags may come before or after the arguments. Every command that reads the")
	fmt.Fprintln(w, "configuration takes --config FILE (env AMTSBOTE_CONFIG) and --data DIR (default ./data).")
	fmt.Fprintln(w, "\n  -h, --help      help for amtsbote or a command (amtsbote COMMAND --help)")
	fmt.Fprintln(w, "  -v, --version   print the version")
}
