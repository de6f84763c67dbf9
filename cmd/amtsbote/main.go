// Command amtsbote runs the city's conversation server and its tools.
// Without arguments it is `amtsbote serve`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // the city's time zone, also on machines without zoneinfo
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"serve", "run the server: web parts on --addr, every configured channel (the default)", runServe},
		{"chat", "talk to the bot in this terminal (--json for scripts)", runChat},
		{"staff", "staff add NAME --department D [--admin]: add a staff console account (also while the server runs)", runStaff},
		{"route", "route [TEXT ...]: how the router classifies each text (or stdin line), as JSON lines", runRoute},
		{"services", "list the service catalog (id, category, online or in person)", runServices},
		{"offices", "offices [--from DAY] [--days N]: the offices' hours, closed days and visits a day offers", runOffices},
		{"backup", "backup FILE: a consistent copy of the store, also while the server runs", runBackup},
		{"restore", "restore FILE: put a backup in place of the store (the server must be stopped)", runRestore},
		{"gdpr", "gdpr export|delete ADDRESS: a citizen's data as a signed archive, or erased", runGDPR},
		{"keys", "keys show|rotate|export-public: the portal's OpenPGP key", runKeys},
		{"texts", "texts export LANG | texts check: the text catalog for translators; missing and stale translations", runTexts},
		{"config", "config check: validate and print the effective configuration, secrets masked", runConfig},
		{"loadtest", "loadtest --url ws://HOST:PORT/chat/ws --clients N --duration D: simulated citizens against a server", runLoadtest},
		{"version", "print the version", func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
			fmt.Fprintln(stdout, "amtsbote", version)
			return 0
		}},
	}
}

// run is main without the process: testable, returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (len(args[0]) > 0 && args[0][0] == '-' && !isHelp(args[0])) {
		return runServe(ctx, args, stdin, stdout, stderr)
	}
	if isHelp(args[0]) || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "amtsbote: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

func usage(w io.Writer) {
	fmt.Fprintln(w, "Amtsbote: the city's conversation server for web chat, Telegram and email.")
	fmt.Fprintln(w, "\nUsage: amtsbote [command] [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --config FILE and --data DIR (default ./data, env AMTSBOTE_DATA).")
	fmt.Fprintln(w, "Run 'amtsbote COMMAND --help' for a command's flags.")
}
