package text

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuiltinComplete fails when any key lacks any language, or a
// translation no longer matches its German source (.ci/run runs it).
func TestBuiltinComplete(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys()) < 100 {
		t.Fatalf("only %d keys", len(c.Keys()))
	}
	for _, p := range c.Check() {
		t.Errorf("%s", p)
	}
	for _, l := range All() {
		for _, k := range c.Keys() {
			if _, ok := c.msgs[l][k]; !ok {
				t.Errorf("%s lacks %s", l, k)
			}
		}
	}
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOverride(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "de.po", "# our wording\nmsgid \"staff.joined\"\nmsgstr \"\"\n\"Hallo, hier ist {name} \"\n\"vom Team {team}.\"\n\nmsgid \"widget.send\"\nmsgstr \"\"\n")
	write(t, dir, "README.txt", "not a catalog")
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text(De, "staff.joined", "name", "Frau Roth", "team", "Bürgeramt"); got != "Hallo, hier ist Frau Roth vom Team Bürgeramt." {
		t.Errorf("overridden text: %q", got)
	}
	if got := c.Text(De, "widget.send"); got != "Senden" {
		t.Errorf("an empty msgstr keeps the built-in text, got %q", got)
	}
	if got := c.Text(En, "staff.joined", "name", "Ms Roth", "team", "Citizens' office"); got != "Ms Roth (Citizens' office) is now here for you." {
		t.Errorf("English untouched: %q", got)
	}
	// The German text changed: every translation of it is stale now.
	var stale []string
	for _, p := range c.Check() {
		if p.Kind != "stale" || p.Key != "staff.joined" {
			t.Errorf("unexpected %s", p)
		}
		stale = append(stale, string(p.Lang))
	}
	if len(stale) != len(All())-1 {
		t.Errorf("stale in %v, want every translation", stale)
	}
}

func TestOverrideErrors(t *testing.T) {
	for name, tc := range map[string]struct{ file, body, want string }{
		"unknown key":       {"de.po", "\nmsgid \"staff.joind\"\nmsgstr \"x\"\n", `de.po:2: unknown key "staff.joind"`},
		"extra placeholder": {"uk.po", "msgid \"staff.closed\"\nmsgstr \"{name} {who}\"\n", "uk.po:1: \"staff.closed\": placeholder {who} is not in the German text (it has {name})"},
		"unknown key, tr":   {"tr.po", "msgid \"x\"\nmsgstr \"y\"\n", `tr.po:1: unknown key "x"`},
		"lost placeholder":  {"ar.po", "\n\nmsgid \"staff.transferred\"\nmsgstr \"تمت الإحالة\"\n", "ar.po:3: \"staff.transferred\": placeholder {team} of the German text is missing"},
		"file name":         {"fr.po", "", "fr.po: the file name is not a language"},
		"syntax":            {"ru.po", "msgid \"staff.closed\"\nmsgstr {name}\n", "ru.po:2: want a quoted string"},
		"duplicate":         {"en.po", "msgid \"widget.send\"\nmsgstr \"a\"\n\nmsgid \"widget.send\"\nmsgstr \"b\"\n", `en.po:4: "widget.send" is already defined on line 1`},
		"plural count":      {"ru.po", "msgid \"widget.seconds\"\nmsgid_plural \"widget.seconds\"\nmsgstr[0] \"{n} с\"\nmsgstr[1] \"{n} с\"\n", "ru.po:1: \"widget.seconds\" has 2 plural forms, ru has 3"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.file, tc.body)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tc.want)) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("a missing override directory is not an error")
	}
}

func TestCount(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		l    Lang
		n    int
		want string
	}{
		{De, 1, "1 Sekunde"}, {De, 5, "5 Sekunden"},
		{Ru, 1, "1 секунду"}, {Ru, 3, "3 секунды"}, {Ru, 5, "5 секунд"}, {Ru, 21, "21 секунду"}, {Ru, 12, "12 секунд"},
		{Uk, 22, "22 секунди"}, {Uk, 11, "11 секунд"},
		{Ar, 1, "ثانية واحدة"}, {Ar, 2, "ثانيتين"}, {Ar, 5, "5 ثوانٍ"}, {Ar, 15, "15 ثانية"},
		{Tr, 5, "5 saniye"}, {DeLS, 10, "10 Sekunden"},
	} {
		if got := c.Count(tc.l, "widget.seconds", tc.n); got != tc.want {
			t.Errorf("Count(%s, %d) = %q, want %q", tc.l, tc.n, got, tc.want)
		}
	}
}

func TestFallback(t *testing.T) {
	c, err := Load("") // its own: the test takes texts out
	if err != nil {
		t.Fatal(err)
	}
	delete(c.msgs[DeLS], "widget.send")
	delete(c.msgs[Uk], "widget.send")
	if got := c.Text(DeLS, "widget.send"); got != "Senden" {
		t.Errorf("de-x-ls falls back to German, got %q", got)
	}
	if got := c.Text(Uk, "widget.send"); got != "Send" {
		t.Errorf("uk falls back to English, got %q", got)
	}
	if got := c.Text(Uk, "no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
	var missing []string
	for _, p := range c.Check() {
		missing = append(missing, p.String())
	}
	if strings.Join(missing, "|") != "uk: missing widget.send|de-x-ls: missing widget.send" {
		t.Errorf("Check = %q", missing)
	}
}

// TestExportRoundTrip: an exported catalog read back as an override
// changes nothing and is not stale.
func TestExportRoundTrip(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, l := range All() {
		var b bytes.Buffer
		if err := c.Export(&b, l); err != nil {
			t.Fatal(err)
		}
		write(t, dir, string(l)+".po", b.String())
	}
	c2, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if p := c2.Check(); len(p) != 0 {
		t.Errorf("round trip: %v", p)
	}
	for _, l := range All() {
		for _, k := range c.Keys() {
			if a, b := c.Text(l, k), c2.Text(l, k); a != b {
				t.Errorf("%s %s: %q became %q", l, k, a, b)
			}
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Lang{"de": De, "DE-de": De, "de-x-ls": DeLS, "ar_SY": Ar, "uk-UA": Uk, "ru": Ru, "tr": Tr, "en-GB": En} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := Parse("fr"); err == nil {
		t.Error("fr parsed")
	}
	if Ar.Dir() != "rtl" || De.Dir() != "ltr" {
		t.Error("directions")
	}
}
