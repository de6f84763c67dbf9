package business

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/internal/fold"
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

// TestFoldAsBefore compares fold.Words with the folding this package had
// of its own (umlauts spelt out, every other non-ASCII rune kept).
func TestFoldAsBefore(t *testing.T) {
	for _, in := range compatInputs(t, "Handel mit Waren aller Art", "Diverses", "Kleidung, Schuhe usw.", "Einzelhandel mit Spielwaren") {
		if got, want := fold.Words(in, ""), oldFold(in); got != want {
			t.Errorf("fold.Words(%q) = %q, before %q", in, got, want)
		}
	}
}

func oldFold(s string) string {
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(strings.ToLower(s))
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			return r
		}
		return ' '
	}, s)
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
