package form

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compatInputs are the lines of the routing sets plus a few of this
// package's own test inputs: the folding before internal/fold is compared
// on them.
func compatInputs(t *testing.T, own ...string) []string {
	t.Helper()
	files, err := compatSets("../dialog/testdata/")
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

// TestNormalAsBefore compares normal with the folding this package had of
// its own (umlauts spelt out, accents kept).
func TestNormalAsBefore(t *testing.T) {
	for _, in := range compatInputs(t, "2.", "2)", "„Bus“", "  Müll  abfuhr ", "Straße!") {
		if got, want := normal(in), oldFold(in); got != want {
			t.Errorf("normal(%q) = %q, before %q", in, got, want)
		}
	}
}

var oldUmlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

func oldFold(s string) string {
	s = oldUmlauts.Replace(strings.ToLower(s))
	s = strings.Trim(s, " \t\n.!?:()[]\"'„“”‚‘’«»")
	return strings.Join(strings.Fields(s), " ")
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
