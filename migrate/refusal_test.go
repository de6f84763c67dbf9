package migrate

import (
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/store/bolt"
	"amtsbote/text"
)

// TestRefusalKeys fails when a migrate.* key the code uses is not in the
// built-in catalog, or the catalog has one no code uses.
func TestRefusalKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "migrate.", 8, text.MustBuiltin()) {
		t.Error(p)
	}
}

// The refusals are *Error: English in Error, wrapping what they wrap, and
// said in every language with no placeholder left.
func TestRefusalsSayThemselves(t *testing.T) {
	dir := t.TempDir()
	_, errSource := Source(dir)
	errTarget := Target("mysql://secret@db/x")
	_, errGone := Portal(filepath.Join(dir, "gone"), nil, nil)
	_, errEmpty := Portal(dir, nil, nil)
	cat := text.MustBuiltin()
	leftover := regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)
	for _, c := range []struct {
		err        error
		is         error
		en, de     string
		notContain string
	}{
		{errSource, nil, "the source must be bolt:DIR", "Die Quelle muss bolt:DIR sein", ""},
		{errTarget, nil, "the target must be a postgres:// URL", "Das Ziel muss eine postgres://-URL sein", "secret"},
		{errGone, fs.ErrNotExist, "migrate: source: cannot be read: ", "migrate: source: lässt sich nicht lesen: ", ""},
		{errEmpty, bolt.ErrNoStore, "migrate: source: no Amtsbote store in " + dir, "migrate: source: kein Amtsbote-Speicher in " + dir, ""},
	} {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Errorf("%v is no *Error", c.err)
			continue
		}
		if c.is != nil && !errors.Is(c.err, c.is) {
			t.Errorf("%v does not wrap %v", c.err, c.is)
		}
		if !strings.HasPrefix(c.err.Error(), c.en) || e.Say(cat, text.En) != c.err.Error() {
			t.Errorf("English %q, Say %q", c.err.Error(), e.Say(cat, text.En))
		}
		if !strings.HasPrefix(e.Say(cat, text.De), c.de) {
			t.Errorf("German %q", e.Say(cat, text.De))
		}
		for _, l := range text.All() {
			s := e.Say(cat, l)
			if leftover.MatchString(s) || c.notContain != "" && strings.Contains(s, c.notContain) {
				t.Errorf("%s: %q", l, s)
			}
		}
	}
}
