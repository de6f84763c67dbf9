package main

import (
	"context"
	"strings"
	"testing"

	"amtsbote/text"
)

// Every flag of every command is described by the catalog in every
// language: no description is empty, none is a raw key, and none is the
// English one in another language (bar the ones that are only names).
func TestEveryFlagDescribedInEveryLanguage(t *testing.T) {
	english := map[string]string{}
	for _, l := range text.All() {
		ctx := withLang(context.Background(), env("AMTSBOTE_LANG", string(l)))
		n := 0
		for _, c := range completionSpecs(ctx) {
			for _, f := range c.flags {
				n++
				id := c.name + " --" + f.name
				switch {
				case strings.TrimSpace(f.usage) == "":
					t.Errorf("%s: %s has no description", l, id)
				case strings.HasPrefix(f.usage, "cli."):
					t.Errorf("%s: %s is described by the key %q", l, id, f.usage)
				case l == text.En:
					english[id] = f.usage
				case l != text.DeLS && f.usage == english[id]:
					t.Errorf("%s: %s is described in English: %q", l, id, f.usage)
				}
			}
		}
		if n < 40 {
			t.Fatalf("%s: only %d flags found", l, n)
		}
	}
}

// Help lists the flags in the operator's language, with the kinds of
// value and the defaults; pflag's refusals come out in it too.
func TestFlagHelpAndRefusalsInOperatorLanguage(t *testing.T) {
	de := []string{"LANG", "de_DE.UTF-8"}
	code, out, _ := cliIn(t, de, "loadtest", "--help")
	for _, want := range []string{
		"[Optionen]\n", "Optionen:", "  -h, --help ", "Hilfe zu loadtest",
		"      --clients Zahl ", "(Vorgabe 100)",
		"      --think Dauer ", "(Vorgabe 1s)",
		`      --url Text `, `(Vorgabe "ws://127.0.0.1:8080/chat/ws")`,
		"gleichzeitig geöffnete Verbindungen",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("loadtest --help in German lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	if strings.Contains(out, "default") || strings.Contains(out, " int ") || strings.Contains(out, " string ") {
		t.Errorf("English left in the German help:\n%s", out)
	}
	// the descriptions start in one column
	col := -1
	flagLines, _, _ := strings.Cut(out[strings.Index(out, "  -h, --help"):], "\n\n")
	for _, line := range strings.Split(flagLines, "\n") {
		i := 6 + strings.Index(line[6:], "   ") // after the indentation
		j := i + len(line[i:]) - len(strings.TrimLeft(line[i:], " "))
		if col == -1 {
			col = j
		} else if j != col {
			t.Errorf("description not in column %d: %q", col, line)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"health", "--bogus"}, "amtsbote health: unbekannter Schalter --bogus\n"},
		{[]string{"health", "--url"}, "amtsbote health: --url braucht einen Wert\n"},
		{[]string{"health", "--timeout", "soon"}, `amtsbote health: "soon" ist kein gültiger Wert für --timeout` + "\n"},
		{[]string{"health", "-x"}, "amtsbote health: unbekannter Schalter -x\n"},
		{[]string{"completion", "tcsh"}, `amtsbote completion: keine Vervollständigung für "tcsh"`},
		{[]string{"services", "--lang", "fr"}, `amtsbote services: unbekannte Sprache "fr"`},
	} {
		code, _, errOut := cliIn(t, de, c.args...)
		if code != 2 || !strings.HasPrefix(errOut, c.want) || !strings.Contains(errOut, "Führen Sie") && !strings.Contains(errOut, "--help") {
			t.Errorf("%q: exit %d, %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	// English by default
	if code, _, errOut := cliIn(t, nil, "health", "--bogus"); code != 2 || !strings.HasPrefix(errOut, "amtsbote health: unknown flag --bogus\n") {
		t.Errorf("health --bogus: %d %q", code, errOut)
	}
}

// `services` and `offices` list in the operator's language unless --lang
// says otherwise.
func TestListsInOperatorLanguage(t *testing.T) {
	code, out, _ := cliIn(t, []string{"AMTSBOTE_LANG", "en"}, "services")
	if code != 0 || !strings.HasPrefix(out, "ID") || !strings.Contains(out, "CATEGORY") {
		t.Fatalf("services in English: %d\n%s", code, out)
	}
	code, out, _ = cliIn(t, []string{"AMTSBOTE_LANG", "de"}, "services")
	if code != 0 || !strings.Contains(out, "KATEGORIE") {
		t.Fatalf("services in German: %d\n%s", code, out)
	}
	code, out, _ = cliIn(t, []string{"AMTSBOTE_LANG", "de"}, "services", "--lang", "uk")
	if code != 0 || !strings.Contains(out, "KATEGORIE") || !strings.ContainsAny(out, "абвгдеєжзиіїклмнопрстуфхцчшщьюя") {
		t.Fatalf("services --lang uk for a German operator: %d\n%s", code, out)
	}
}

// The staff package's refusals of an account come out in the operator's
// language.
func TestStaffRefusalsInOperatorLanguage(t *testing.T) {
	t.Setenv("AMTSBOTE_DATA", t.TempDir())
	code, _, errOut := cliIn(t, []string{"LANG", "ru_RU.UTF-8"}, "staff", "add", "anna", "--department", "nirgends")
	if code != 1 || !strings.HasPrefix(errOut, `amtsbote: staff add: неизвестный отдел`) || !strings.Contains(errOut, `"nirgends"`) ||
		!strings.Contains(errOut, "buergerbuero") || strings.Contains(errOut, "unknown department") {
		t.Errorf("an unknown department in Russian: %d %q", code, errOut)
	}
	code, out, _ := cliIn(t, []string{"LANG", "de_DE.UTF-8"}, "staff", "list")
	if code != 0 || !strings.HasPrefix(out, "BENUTZERNAME") {
		t.Errorf("staff list in German: %d %q", code, out)
	}
}
