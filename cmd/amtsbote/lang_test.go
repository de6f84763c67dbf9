package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// env is a getenv over a fixed environment.
func env(vars ...string) func(string) string {
	return func(name string) string {
		for i := 0; i+1 < len(vars); i += 2 {
			if vars[i] == name {
				return vars[i+1]
			}
		}
		return ""
	}
}

func TestOperatorLang(t *testing.T) {
	for _, c := range []struct {
		vars []string
		want text.Lang
	}{
		{nil, text.En},
		{[]string{"LANG", "de_DE.UTF-8"}, text.De},
		{[]string{"LANG", "C"}, text.En},
		{[]string{"LANG", "POSIX"}, text.En},
		{[]string{"LANG", "C.UTF-8"}, text.En},
		{[]string{"LANG", "fr_FR.UTF-8"}, text.En},
		{[]string{"LANG", "uk_UA.UTF-8@euro"}, text.Uk},
		{[]string{"LANG", "de_DE.UTF-8", "LC_MESSAGES", "ru_RU.UTF-8"}, text.Ru},
		{[]string{"LC_MESSAGES", "ru_RU.UTF-8", "LC_ALL", "ar_SY.UTF-8"}, text.Ar},
		{[]string{"LC_ALL", "C", "LANG", "de_DE.UTF-8"}, text.En},
		{[]string{"LC_ALL", "de_DE.UTF-8", "AMTSBOTE_LANG", "tr"}, text.Tr},
		{[]string{"AMTSBOTE_LANG", "de-x-ls"}, text.DeLS},
	} {
		if got := operatorLang(env(c.vars...)); got != c.want {
			t.Errorf("%q: %s, want %s", c.vars, got, c.want)
		}
	}
}

// cliIn runs the command line with the operator's environment vars.
func cliIn(t *testing.T, vars []string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx := withLang(context.Background(), env(vars...))
	code := run(ctx, args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// The command list and a refusal come out in the operator's language,
// English without one.
func TestCLIInOperatorLanguage(t *testing.T) {
	t.Setenv("AMTSBOTE_STORE_URL", "postgres://amtsbote@127.0.0.1/amtsbote")
	for _, c := range []struct {
		vars              []string
		list, cmd, refuse string
	}{
		{nil, "Commands:", "a consistent copy of the store", "the store is PostgreSQL: use pg_dump"},
		{[]string{"LANG", "C"}, "Commands:", "a consistent copy of the store", "the store is PostgreSQL: use pg_dump"},
		{[]string{"LANG", "de_DE.UTF-8"}, "Befehle:", "eine stimmige Kopie des Speichers", "Der Speicher ist PostgreSQL: Nutzen Sie pg_dump"},
		{[]string{"AMTSBOTE_LANG", "tr", "LANG", "de_DE.UTF-8"}, "Komutlar:", "deponun tutarlı bir kopyası", "depo PostgreSQL: pg_dump ve pg_restore kullanın"},
	} {
		code, out, _ := cliIn(t, c.vars, "help")
		if code != 0 || !strings.Contains(out, c.list) || !strings.Contains(out, "  backup     "+c.cmd) {
			t.Errorf("%q: help exits %d:\n%s", c.vars, code, out)
		}
		code, out, errOut := cliIn(t, c.vars, "backup", "x.db")
		if code != 1 || out != "" || !strings.Contains(errOut, "amtsbote: backup: "+c.refuse) {
			t.Errorf("%q: backup on PostgreSQL exits %d: %q %q", c.vars, code, out, errOut)
		}
	}
}

// TestCLIKeys fails when a cli.* key the code uses is missing from the
// catalog, or the catalog has a cli.* key no code uses.
func TestCLIKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "cli.", 30, text.MustBuiltin()) {
		t.Error(p)
	}
}
