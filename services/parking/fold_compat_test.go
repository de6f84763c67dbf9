package parking

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// compatInputs are the lines of the routing sets plus a few of this
// package's own test inputs: the folding before internal/fold is compared
// on them.
func compatInputs(t *testing.T, own ...string) []string {
	t.Helper()
	files, err := compatSets("../../dialog/testdata/")
	if err != nil || len(files) == 0 {
		t.Fatalf("no routing sets: %v", err)
	}
	lines := own
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	return lines
}

// TestStreetKeyAsBefore compares streetKey with the one before
// internal/fold.
func TestStreetKeyAsBefore(t *testing.T) {
	for _, in := range compatInputs(t, "Hauptstraße", "Hauptstr.", "Haupt-Str", " Am Müllerweg ", "Grüner Weg 5", "Bahnhofstr") {
		if got, want := streetKey(in), oldStreetKey(in); got != want {
			t.Errorf("streetKey(%q) = %q, before %q", in, got, want)
		}
	}
}

func oldStreetKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(s)
	if strings.HasSuffix(s, "str.") || strings.HasSuffix(s, "str") {
		s = strings.TrimSuffix(strings.TrimSuffix(s, "."), "str") + "strasse"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// compatSets are the routing sets that existed when the folding moved into
// internal/fold (dir is their directory, with a trailing slash); sets
// written later, in other languages, were never folded the old way.
func compatSets(dir string) ([]string, error) {
	var files []string
	for _, name := range []string{"routing.tsv", "routing_heldout.tsv", "routing_blind.tsv", "routing_status.tsv"} {
		files = append(files, filepath.Join(dir, name))
	}
	return files, nil
}
