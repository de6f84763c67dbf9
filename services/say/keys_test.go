package say

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// keyLiteral is a string literal that names a text of the services.
var keyLiteral = regexp.MustCompile(`^(appointments|business|parking|date)\.[a-z0-9_.]+$`)

// usedKeys lists the text keys named by the Go files (tests aside) of the
// services packages, with where each is named.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	src, err := srcscan.Parse("../*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	return src.Strings(keyLiteral)
}

// TestKeysInEveryLanguage fails when a service names a text the catalog
// lacks, or one that lacks a language or is stale in one, and when the
// catalog holds a service text no service names.
func TestKeysInEveryLanguage(t *testing.T) {
	c, err := text.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	used := usedKeys(t)
	if len(used) < 60 {
		t.Fatalf("found only %d keys in the services' sources", len(used))
	}
	problems := map[string][]string{}
	for _, p := range c.Check() {
		problems[p.Key] = append(problems[p.Key], p.String())
	}
	for key, where := range used {
		if !c.Has(key) {
			t.Errorf("%s: %q is not in the catalog (text/po/de.po)", where, key)
			continue
		}
		for _, p := range problems[key] {
			t.Errorf("%s: %s", where, p)
		}
		for _, l := range text.All() {
			if c.Text(l, key) == "" {
				t.Errorf("%s: %q is empty in %s", where, key, l)
			}
		}
	}
	var unused []string
	for _, key := range c.Keys() {
		prefix, _, _ := strings.Cut(key, ".")
		switch prefix {
		case "appointments", "business", "parking":
			if _, ok := used[key]; !ok {
				unused = append(unused, key)
			}
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Errorf("texts no service names: %v", unused)
	}
}
