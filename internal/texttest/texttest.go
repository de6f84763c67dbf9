// Package texttest checks, for tests, errors that say themselves in every
// language of the text catalog (catalog.DefinitionError, say.FileError):
// English in Error, another text in German, every placeholder filled and
// the frame (the package, the file) the same in every language.
package texttest

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"amtsbote/text"
)

// Localized is an error that says itself in a language from the catalog.
type Localized interface {
	error
	Say(c *text.Catalog, l text.Lang) string
}

// leftover finds a placeholder that was not filled.
var leftover = regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)

// Problems lists what is wrong with how e says itself in c: its English
// is not its Error, its German is its English, or a language leaves a
// placeholder unfilled or does not begin with frame.
func Problems(c *text.Catalog, e Localized, frame string) []string {
	var out []string
	if got := e.Say(c, text.En); got != e.Error() {
		out = append(out, "English "+got+", Error "+e.Error())
	}
	if e.Say(c, text.De) == e.Error() {
		out = append(out, "German is English: "+e.Error())
	}
	for _, l := range text.All() {
		if s := e.Say(c, l); leftover.MatchString(s) || !strings.HasPrefix(s, frame) {
			out = append(out, string(l)+": "+s)
		}
	}
	return out
}

// CheckErrors fails t for each of errs that is no E or says itself wrongly
// (Problems, with frame(e) the start of every language's text), and for
// each key under prefix of c that no error of errs uses; keys(e) are the
// keys e uses.
func CheckErrors[E Localized](t testing.TB, c *text.Catalog, errs []error, prefix string, keys func(E) []string, frame func(E) string) {
	t.Helper()
	seen := map[string]bool{}
	for _, err := range errs {
		var e E
		if !errors.As(err, &e) {
			t.Errorf("%v is no %T", err, e)
			continue
		}
		for _, k := range keys(e) {
			seen[k] = true
		}
		for _, p := range Problems(c, e, frame(e)) {
			t.Error(p)
		}
	}
	for _, k := range c.Keys() {
		if strings.HasPrefix(k, prefix) && !seen[k] {
			t.Errorf("no case finds %s", k)
		}
	}
}
