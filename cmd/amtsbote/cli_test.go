package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// cli runs the command line in-process and returns the exit code, stdout
// and stderr.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// singleDash finds a long flag written with one dash ("-addr").
var singleDash = regexp.MustCompile(`(^|\s)-[a-z][a-z-]+`)

// Every command's --help (and -h, and `help COMMAND`) exits 0 on stdout
// with double-dash flags, a description and an example.
func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands() {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			code, out, errOut := cli(t, "", args...)
			if code != 0 || errOut != "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
			}
			for _, want := range []string{"Usage: amtsbote " + c.name, upperFirst(sayer(context.Background()).T(c.summary)), "Example:\n  amtsbote " + c.name, "--help"} {
				if !strings.Contains(out, want) {
					t.Errorf("%v: help lacks %q:\n%s", args, want, out)
				}
			}
			if m := singleDash.FindString(out); m != "" {
				t.Errorf("%v: help shows a single-dash flag %q:\n%s", args, m, out)
			}
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		if code, out, _ := cli(t, "", args...); code != 0 || !strings.Contains(out, "completion") {
			t.Errorf("%v: exit %d:\n%s", args, code, out)
		}
	}
	if code, _, errOut := cli(t, "", "backup", "--nonsense"); code != 2 || !strings.Contains(errOut, "--nonsense") {
		t.Errorf("an unknown flag: exit %d, %q", code, errOut)
	}
}

func TestVersionFlagAndCommandAgree(t *testing.T) {
	_, a, _ := cli(t, "", "--version")
	_, b, _ := cli(t, "", "version")
	if a == "" || a != b || !strings.HasPrefix(a, "amtsbote ") || !strings.Contains(a, "go1.") {
		t.Fatalf("--version %q, version %q", a, b)
	}
}

// Flags after the arguments work for every command that takes arguments:
// each case shows the effect of the trailing flag.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	empty := t.TempDir()
	chat(t, dir, "Zählerstand melden") // a store with a conversation
	file := filepath.Join(t.TempDir(), "b.db")
	out := filepath.Join(t.TempDir(), "export.json")
	cases := []struct {
		args []string
		code int
		want string // in stdout+stderr
	}{
		{[]string{"backup", file, "--data", dir}, 0, "backup written to " + file},
		{[]string{"backup", file + "2", "--data", empty}, 1, "no store in " + empty},
		{[]string{"restore", file, "--data", empty}, 0, "into " + empty},
		{[]string{"gdpr", "export", "terminal", "--data", dir, "--channel", "console", "--out", out}, 0, "wrote " + out},
		{[]string{"gdpr", "--data", dir, "export", "terminal", "--channel=console", "--out", out}, 0, "wrote " + out},
		{[]string{"keys", "show", "--data", dir}, 0, filepath.Join(dir, "portal-key")},
		{[]string{"config", "check", "--data", empty}, 0, "data: " + empty},
		{[]string{"staff", "list", "--data", dir}, 0, "USERNAME"},
		{[]string{"route", "Zählerstand melden", "--services", empty}, 0, `"intent":"meter-reading"`},
		{[]string{"services", "--lang", "en"}, 0, "meter"},
		{[]string{"offices", "--days", "1", "--from", "2026-12-22"}, 0, "2026-12-22"},
		{[]string{"completion", "fish", "--help"}, 0, "Usage: amtsbote completion"},
		{[]string{"health", "--url", "http://127.0.0.1:1/readyz"}, 1, "127.0.0.1:1"},
	}
	for _, tc := range cases {
		code, stdout, stderr := cli(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("%v: exit %d (want %d), output lacks %q:\n%s%s", tc.args, code, tc.code, tc.want, stdout, stderr)
		}
	}
}

// The bash completion script is valid bash and completes commands, verbs
// and a command's flags.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	code, script, _ := cli(t, "", "completion", "bash")
	if code != 0 {
		t.Fatal("completion bash failed")
	}
	p := filepath.Join(t.TempDir(), "amtsbote.bash")
	if err := os.WriteFile(p, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	complete := func(words ...string) string {
		t.Helper()
		var q []string
		for _, w := range words {
			q = append(q, "'"+w+"'")
		}
		sh := "source " + p + "; COMP_WORDS=(" + strings.Join(q, " ") + "); COMP_CWORD=" +
			string(rune('0'+len(words)-1)) + "; _amtsbote; echo \"${COMPREPLY[*]}\""
		got, err := exec.Command(bash, "-c", sh).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v: %s", words, err, got)
		}
		return strings.TrimSpace(string(got))
	}
	if got := complete("amtsbote", "st"); got != "staff" {
		t.Errorf("amtsbote st<TAB>: %q", got)
	}
	if got := complete("amtsbote", "gdpr", ""); got != "export delete" {
		t.Errorf("amtsbote gdpr <TAB>: %q", got)
	}
	if got := complete("amtsbote", "gdpr", "export", "x", "--o"); got != "--out" {
		t.Errorf("amtsbote gdpr export x --o<TAB>: %q", got)
	}
	if got := complete("amtsbote", "serve", "--no"); got != "--no-access-log" {
		t.Errorf("amtsbote serve --no<TAB>: %q", got)
	}
	for _, shell := range []string{"zsh", "fish"} {
		code, s, _ := cli(t, "", "completion", shell)
		if code != 0 || !strings.Contains(s, "amtsbote") || !strings.Contains(s, "no-access-log") || !strings.Contains(s, "passwd") {
			t.Errorf("completion %s: exit %d:\n%s", shell, code, s)
		}
		sh, err := exec.LookPath(shell)
		if err != nil {
			t.Logf("%s is not installed: its script is not run", shell)
			continue
		}
		f := filepath.Join(t.TempDir(), "amtsbote."+shell)
		if err := os.WriteFile(f, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(sh, "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s -n: %v: %s", shell, err, out)
		}
		if shell == "fish" {
			out, err := exec.Command(sh, "-c", "source "+f+"; complete -C 'amtsbote gdpr --o'; complete -C 'amtsbote gdpr '").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--out\t") || !strings.Contains(string(out), "export\n") {
				t.Errorf("fish completion: %v: %s", err, out)
			}
		}
	}
}

// Every command of --help appears in the README's command table and in
// docs/operations.md.
func TestDocsListEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, help, _ := cli(t, "", "--help")
	listed := regexp.MustCompile(`(?m)^  ([a-z]+) `).FindAllStringSubmatch(help, -1)
	if len(listed) != len(commands()) {
		t.Fatalf("--help lists %d commands, the table has %d", len(listed), len(commands()))
	}
	for _, m := range listed {
		row := "| `amtsbote " + m[1]
		if !strings.Contains(string(readme), row) {
			t.Errorf("README's command table has no row %q", row)
		}
		if !strings.Contains(string(ops), "amtsbote "+m[1]) {
			t.Errorf("docs/operations.md does not mention amtsbote %s", m[1])
		}
	}
}

// config check and serve refuse departments the catalog does not have,
// naming the key and its line.
func TestConfigCheckDepartments(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("data: "+t.TempDir()+"\nstaff:\n  default_department: atlantis\n"), 0o600)
	for _, cmd := range []string{"config", "serve"} {
		args := []string{cmd, "--config", p}
		if cmd == "config" {
			args = append(args, "check")
		}
		code, _, errOut := cli(t, "", args...)
		if code != 2 || !strings.Contains(errOut, "c.yaml:3: staff.default_department") {
			t.Errorf("%s with an unknown department: exit %d: %s", cmd, code, errOut)
		}
	}
	code, out, _ := cli(t, "", "config", "check", "--config", p[:0])
	if code != 0 || !strings.Contains(out, "max_upload_bytes: 10485760") || !strings.Contains(out, "rate_limit: 1\n") ||
		!strings.Contains(out, "poll_interval: 2m0s") {
		t.Errorf("config check does not print effective values: exit %d\n%s", code, out)
	}
}
