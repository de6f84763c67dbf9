package texttest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"amtsbote/text"
)

// said is a Localized error of a catalog key, framed by "x: ".
type said struct {
	key  string
	args []any
}

func (e *said) Error() string { return e.Say(text.MustBuiltin(), text.En) }

func (e *said) Say(c *text.Catalog, l text.Lang) string { return "x: " + c.Text(l, e.key, e.args...) }

// englishOnly says itself in English whatever the language.
type englishOnly struct{ said }

func (e *englishOnly) Say(c *text.Catalog, _ text.Lang) string { return e.said.Say(c, text.En) }

func TestProblems(t *testing.T) {
	c := text.MustBuiltin()
	if p := Problems(c, &said{"config.problem.department", []any{"value", `"x"`}}, "x: "); len(p) != 0 {
		t.Errorf("a good error: %q", p)
	}
	p := Problems(c, &said{"config.problem.department", nil}, "x: ")
	if len(p) != len(text.All()) || !strings.Contains(p[0], "{value}") {
		t.Errorf("a placeholder left: %q", p)
	}
	if p := Problems(c, &said{"config.problem.department", []any{"value", "x"}}, "y: "); len(p) != len(text.All()) {
		t.Errorf("another frame: %q", p)
	}
	if p := Problems(c, &englishOnly{said{"config.problem.department", []any{"value", "x"}}}, "x: "); len(p) != 1 ||
		!strings.HasPrefix(p[0], "German is English") {
		t.Errorf("English in German: %q", p)
	}
}

func TestCheckErrors(t *testing.T) {
	c := text.MustBuiltin()
	var ft fakeT
	errs := []error{&said{"config.problem.department", []any{"value", "x"}}, errors.New("plain")}
	CheckErrors(&ft, c, errs, "config.problem.", func(e *said) []string { return []string{e.key} }, func(*said) string { return "x: " })
	all := strings.Join(ft.errs, "\n") + "\n"
	if !strings.Contains(all, "plain is no *texttest.said") || strings.Contains(all, "no case finds config.problem.department\n") ||
		!strings.Contains(all, "no case finds config.problem.backoffice\n") {
		t.Errorf("errors:\n%s", all)
	}
}

// fakeT records what CheckErrors reports.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (f *fakeT) Error(args ...any) { f.errs = append(f.errs, fmt.Sprint(args...)) }
