package dialog

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

// TestFoldAsBefore compares norm and tokens with the folding this package
// had of its own (é, è, ê, á, à, â dropped their accents, the rest kept).
func TestFoldAsBefore(t *testing.T) {
	for _, in := range compatInputs(t, "Zählerstände", "ZÄHLERSTAND", "Straße.", "Café à la carte", "Termin: ja!") {
		if got, want := fold.Letters(in), oldFold(in); got != want {
			t.Errorf("fold.Letters(%q) = %q, before %q", in, got, want)
		}
	}
}

func oldFold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß':
			b.WriteString("ss")
		case 'é', 'è', 'ê':
			b.WriteRune('e')
		case 'á', 'à', 'â':
			b.WriteRune('a')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
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
