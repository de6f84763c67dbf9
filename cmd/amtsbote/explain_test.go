package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/config"
	"amtsbote/text"
)

// explain says each error of a joined error on its line, the localized
// ones in the operator's language after what wraps them, others as they are.
func TestExplain(t *testing.T) {
	ke := &config.KeyError{Key: "web.rate_limit", Problem: "must be more than 0", Text: "config.problem.positive"}
	err := errors.Join(fmt.Errorf("serve: %w", ke), errors.New("something else"), fmt.Errorf("%w (later)", ke))
	de := say{cat: text.MustBuiltin(), lang: text.De}
	want := "serve: config: web.rate_limit: muss größer als 0 sein\nsomething else\nconfig: web.rate_limit: must be more than 0 (later)"
	if got := explain(de, err); got != want {
		t.Errorf("explain:\n%s\nwant\n%s", got, want)
	}
	if got := explain(de, nil); got != "" {
		t.Errorf("explain(nil) = %q", got)
	}
}

// A bad configuration file is told in the operator's language, one
// problem a line with its file, line and key; English without one.
func TestConfigProblemsInOperatorLanguage(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("data: "+t.TempDir()+"\nweb:\n  rate_limit: 0\nlog:\n  level: loud\n"), 0o600)
	for _, c := range []struct {
		vars []string
		want []string
	}{
		{nil, []string{"config: " + p + ":3: web.rate_limit: must be more than 0\n",
			"config: " + p + ":5: log.level: \"loud\" is not one of debug, info, warn, error\n"}},
		{[]string{"AMTSBOTE_LANG", "de"}, []string{"config: " + p + ":3: web.rate_limit: muss größer als 0 sein\n",
			"config: " + p + ":5: log.level: \"loud\" ist keiner von debug, info, warn, error\n"}},
		{[]string{"LANG", "uk_UA.UTF-8"}, []string{"web.rate_limit: має бути більшим за 0\n"}},
	} {
		for _, cmd := range [][]string{{"config", "check"}, {"serve"}} {
			code, out, errOut := cliIn(t, c.vars, append(cmd, "--config", p)...)
			if code != 2 || out != "" || !strings.HasPrefix(errOut, "amtsbote: config: ") || strings.Count(errOut, "\n") != 2 {
				t.Errorf("%q %v: exit %d, stdout %q", c.vars, cmd, code, out)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("%q %v: stderr lacks %q:\n%s", c.vars, cmd, w, errOut)
				}
			}
		}
	}
	// A key Amtsbote does not know, and a department the catalog lacks.
	os.WriteFile(p, []byte("data: "+t.TempDir()+"\ncolour: red\n"), 0o600)
	if _, _, errOut := cliIn(t, []string{"AMTSBOTE_LANG", "de"}, "config", "check", "--config", p); !strings.Contains(errOut,
		"config: "+p+":2: colour: ist keine Einstellung von Amtsbote (config/example.yaml zeigt alle)") {
		t.Errorf("an unknown key in German: %s", errOut)
	}
	os.WriteFile(p, []byte("data: "+t.TempDir()+"\nstaff:\n  default_department: atlantis\n"), 0o600)
	if code, _, errOut := cliIn(t, []string{"AMTSBOTE_LANG", "de"}, "config", "check", "--config", p); code != 2 || !strings.Contains(errOut,
		"config: "+p+":3: staff.default_department: \"atlantis\" ist keine Abteilung des Katalogs") {
		t.Errorf("an unknown department in German: exit %d: %s", code, errOut)
	}
}

// migrate's refusals come in the operator's language.
func TestMigrateRefusalsInOperatorLanguage(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args   []string
		exit   int
		en, de string
	}{
		{[]string{"--from", "/nonexistent", "--to", "postgres://x@127.0.0.1/y"}, 2,
			"amtsbote migrate: --from: the source must be bolt:DIR, the stopped node's data directory (got \"/nonexistent\")",
			"amtsbote migrate: --from: Die Quelle muss bolt:DIR sein, das Datenverzeichnis des gestoppten Knotens (angegeben: \"/nonexistent\")"},
		{[]string{"--from", "bolt:" + dir, "--to", "mysql://secret@db/x"}, 2,
			"amtsbote migrate: --to: the target must be a postgres:// URL",
			"amtsbote migrate: --to: Das Ziel muss eine postgres://-URL sein"},
		{[]string{"--from", "bolt:" + dir, "--to", "postgres://x@127.0.0.1/y"}, 1,
			"amtsbote: migrate: source: no Amtsbote store in " + dir + " (amtsbote.db is missing)",
			"amtsbote: migrate: source: kein Amtsbote-Speicher in " + dir + " (amtsbote.db fehlt)"},
		{[]string{"--from", "bolt:" + filepath.Join(dir, "gone"), "--to", "postgres://x@127.0.0.1/y"}, 1,
			"amtsbote: migrate: source: cannot be read: stat " + filepath.Join(dir, "gone") + ": no such file or directory",
			"amtsbote: migrate: source: lässt sich nicht lesen: stat " + filepath.Join(dir, "gone") + ": no such file or directory"},
	} {
		for _, lang := range []struct {
			vars []string
			want string
		}{{nil, c.en}, {[]string{"AMTSBOTE_LANG", "de"}, c.de}} {
			code, out, errOut := cliIn(t, lang.vars, append([]string{"migrate"}, c.args...)...)
			if code != c.exit || !strings.Contains(errOut, lang.want) || strings.Contains(out+errOut, "secret") {
				t.Errorf("%q migrate %v: exit %d (want %d), want %q\n%s%s", lang.vars, c.args, code, c.exit, lang.want, out, errOut)
			}
		}
	}
}
