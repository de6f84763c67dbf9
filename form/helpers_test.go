package form

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on any machine

	"amtsbote/text"
)

// testParser reads answers with the built-in texts.
var testParser = New(text.MustBuiltin())

// Parse is testParser.Parse.
func Parse(typ, input string, r Rules, now time.Time) (string, error) {
	return testParser.Parse(typ, input, r, now)
}

// CheckFile is testParser.CheckFile.
func CheckFile(name, mediaType string, size int, r Rules) error {
	return testParser.CheckFile(name, mediaType, size, r)
}

// berlin is the city's time zone in tests.
var berlin = mustLoc("Europe/Berlin")

// now is the fixed test time: Sunday 29 November 2026, 10:00 in Berlin.
var now = time.Date(2026, 11, 29, 10, 0, 0, 0, berlin)

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// f makes a *float64 for Rules.
func f(v float64) *float64 { return &v }

// tc is one Parse case: want is the canonical value, or when bad is set, a
// substring of the German problem text ("" for any problem).
type tc struct {
	name string
	in   string
	r    Rules
	want string
	bad  bool
}

// runCases runs Parse for typ over cases.
func runCases(t *testing.T, typ string, cases []tc) {
	t.Helper()
	for _, c := range cases {
		name := c.name
		if name == "" {
			name = c.in
		}
		t.Run(name, func(t *testing.T) {
			got, err := Parse(typ, c.in, c.r, now)
			if c.bad {
				var p *Problem
				if !errors.As(err, &p) {
					t.Fatalf("Parse(%q, %q) = %q, %v; want a *Problem", typ, c.in, got, err)
				}
				if p.In("de") == "" || p.In("en") == "" || !strings.Contains(p.In("de"), c.want) {
					t.Fatalf("Parse(%q, %q) problem = %+v; want De containing %q", typ, c.in, p, c.want)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Parse(%q, %q) = %q, %v; want %q", typ, c.in, got, err, c.want)
			}
		})
	}
}
