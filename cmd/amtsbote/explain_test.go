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

// A broken service definition, offices file or table of parking zones is
// told in the operator's language, naming the file, by every command that
// reads it; English without a language.
func TestDefinitionProblemsInOperatorLanguage(t *testing.T) {
	dir := t.TempDir()
	defs := filepath.Join(dir, "services")
	os.Mkdir(defs, 0o700)
	def := filepath.Join(defs, "bulky-waste.yaml")
	os.WriteFile(def, []byte("id: bulky-waste\ncategory: living\ntitle: {de: Sperrmüll, en: Bulky waste}\nmode: bus\n"), 0o600)
	sample, err := os.ReadFile("../../services/appointments/offices.yaml")
	if err != nil {
		t.Fatal(err)
	}
	offices := filepath.Join(dir, "offices.yaml")
	os.WriteFile(offices, []byte(strings.Replace(string(sample), "counters: 3", "counters: 0", 1)), 0o600)
	zones := filepath.Join(dir, "zones.csv")
	os.WriteFile(zones, []byte("Kamp,A\n"), 0o600)
	config := filepath.Join(dir, "c.yaml")
	os.WriteFile(config, []byte("data: "+t.TempDir()+"\nservices: "+defs+"\noffices: "+offices+"\nparking_zones: "+zones+"\n"), 0o600)

	de := []string{"AMTSBOTE_LANG", "de"}
	defDe := "services: " + def + `: Feld mode: "bus" ist weder "online" noch "in-person"`
	officesDe := "appointments: " + offices + ": offices[0]: counters: mindestens 1"
	zonesDe := "parking: " + zones + ":1: 3 oder 5 Felder erwartet (Straße, Zone, Name der Zone[, erste, letzte]), nicht 2"
	for _, c := range []struct {
		vars []string
		args []string
		exit int
		want []string
	}{
		// config check and serve read every file and tell each problem on its line
		{de, []string{"config", "check"}, 2, []string{"amtsbote: " + defDe + "\n", officesDe + "\n", zonesDe + "\n"}},
		{de, []string{"serve"}, 2, []string{"amtsbote: " + defDe + "\n", officesDe + "\n", zonesDe + "\n"}},
		{nil, []string{"config", "check"}, 2, []string{
			"amtsbote: services: " + def + `: field mode: "bus" is neither "online" nor "in-person"` + "\n",
			"appointments: " + offices + ": offices[0]: counters: at least 1\n",
			"parking: " + zones + ":1: want 3 or 5 fields (street, zone, zone name[, first, last]), got 2\n"}},
		{de, []string{"services"}, 1, []string{"amtsbote: " + defDe + "\n"}},
		{de, []string{"route", "Sperrmüll"}, 1, []string{"amtsbote: " + defDe + "\n"}},
		{de, []string{"staff", "add", "anna"}, 1, []string{"amtsbote: staff add: " + defDe + "\n"}},
		{de, []string{"offices"}, 1, []string{"amtsbote: " + officesDe + "\n"}},
		{de, []string{"chat"}, 2, []string{"amtsbote: " + defDe + "\n", zonesDe + "\n"}},
	} {
		code, out, errOut := cliIn(t, c.vars, append(c.args, "--config", config)...)
		if code != c.exit || out != "" {
			t.Errorf("%q %v: exit %d (want %d), stdout %q", c.vars, c.args, code, c.exit, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q %v: stderr lacks %q:\n%s", c.vars, c.args, w, errOut)
			}
		}
	}
}
