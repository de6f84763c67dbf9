package parking

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"amtsbote/internal/srcscan"
	"amtsbote/internal/texttest"
	"amtsbote/services/say"
	"amtsbote/text"
)

// TestZonesProblemKeys fails when a zones.problem.* key the code uses is
// not in the built-in catalog, or the catalog has one no code uses.
func TestZonesProblemKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "zones.problem.", 5, text.MustBuiltin()) {
		t.Error(p)
	}
}

// Every problem of a zone table says itself in every language with its
// placeholders filled, framed with the file and line; its English is
// what Error says (as before), its German another text.
func TestZonesProblemsInEveryLanguage(t *testing.T) {
	var errs []error
	for _, c := range []struct{ in, en, de string }{
		{"Kamp,A\n", "parking: z.csv:1: want 3 or 5 fields (street, zone, zone name[, first, last]), got 2",
			"parking: z.csv:1: 3 oder 5 Felder erwartet (Straße, Zone, Name der Zone[, erste, letzte]), nicht 2"},
		{"# only a comment\n", "parking: z.csv: no streets", "parking: z.csv: keine Straßen"},
		{"Kamp,A,Mitte\nGrube,,X\n", "parking: z.csv:2: street and zone must not be empty",
			"parking: z.csv:2: Straße und Zone dürfen nicht leer sein"},
		{"Kamp,A,Mitte,10,2\n", `parking: z.csv:1: house numbers "10"–"2" are no range like 1,39`,
			`parking: z.csv:1: die Hausnummern "10"–"2" sind kein Bereich wie 1,39`},
		{"Kamp,A,Mitte\n\"unclosed\n", `parking: z.csv: parse error on line 2, column 11: extraneous or missing " in quoted-field`,
			`parking: z.csv: die Datei lässt sich nicht lesen: parse error on line 2, column 11: extraneous or missing " in quoted-field`},
	} {
		_, err := ReadZones(strings.NewReader(c.in), "z.csv")
		var fe *say.FileError
		if !errors.As(err, &fe) || err.Error() != c.en || fe.Say(text.MustBuiltin(), text.De) != c.de {
			t.Errorf("ReadZones(%q) = %v, want\n%s\n%s", c.in, err, c.en, c.de)
		}
		errs = append(errs, err)
	}
	_, err := LoadZones("/nonexistent/zones.csv")
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != "parking: open /nonexistent/zones.csv: no such file or directory" {
		t.Errorf("a missing file: %v", err)
	}
	errs = append(errs, err)

	texttest.CheckErrors(t, text.MustBuiltin(), errs, "zones.problem.", func(e *say.FileError) []string { return []string{e.Text} },
		func(e *say.FileError) string { return "parking: " + e.File })
}
