package srcscan

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestStringsAndSentences(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import "errors"

var words = map[string]int{"bitte schön": 1}

func f(x string) (string, error) {
	switch x {
	case "the word":
		return "dialog.hello", nil
	}
	if x == "" {
		return "", errors.New("you did not say it")
	}
	return "Das ist nicht gut", nil
}
`
	for name, body := range map[string]string{"p.go": src, "p_test.go": `package p; var s = "this is not read"`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Parse(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 1 {
		t.Fatalf("parsed %d files, want 1 (tests aside)", len(s.Files))
	}
	keys := s.Strings(regexp.MustCompile(`^dialog\.`))
	if len(keys) != 1 || keys["dialog.hello"] == "" {
		t.Errorf("keys %v", keys)
	}
	got := s.Sentences(regexp.MustCompile(`(?i)\b(nicht|not|the|bitte)\b`), []string{"errors.New"}, nil)
	if len(got) != 1 || got[0].Text != "Das ist nicht gut" {
		t.Errorf("sentences %v, want only the returned one", got)
	}
	if got := s.Sentences(regexp.MustCompile(`nicht`), nil, map[string]bool{filepath.ToSlash(filepath.Join(dir, "p.go")): true}); len(got) != 0 {
		t.Errorf("a skipped file's sentences: %v", got)
	}
}

type fakeCatalog []string

func (c fakeCatalog) Has(key string) bool {
	for _, k := range c {
		if k == key {
			return true
		}
	}
	return false
}

func (c fakeCatalog) Keys() []string { return c }

func TestKeyProblems(t *testing.T) {
	used := map[string]string{"cli.a": "a.go:1:1", "cli.b": "a.go:2:1"}
	got := KeyProblems(used, fakeCatalog{"cli.a", "cli.c", "dialog.x"}, "cli.")
	want := []string{`a.go:2:1: "cli.b" is not in the catalog (text/po/de.po)`, `the catalog's "cli.c" is named by no code`}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPrefixProblems(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nvar keys = []string{\"zones.problem.a\", \"zones.problem.b\", \"zones.x\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	glob := filepath.Join(dir, "*.go")
	got := PrefixProblems(glob, "zones.problem.", 2, fakeCatalog{"zones.problem.a", "zones.problem.c", "zones.x"})
	if len(got) != 2 || !strings.Contains(got[0], `"zones.problem.b" is not in the catalog`) || got[1] != `the catalog's "zones.problem.c" is named by no code` {
		t.Errorf("got %q", got)
	}
	if got := PrefixProblems(glob, "zones.problem.", 3, fakeCatalog{}); len(got) != 1 || !strings.HasPrefix(got[0], "found only 2 zones.problem.* keys") {
		t.Errorf("too few keys: %q", got)
	}
}
