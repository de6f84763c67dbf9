package appointments

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

// TestFoldWhenAsBefore compares the words of fold.Words(text, dateMarks)
// with foldWhen before internal/fold (which kept runs of spaces).
func TestFoldWhenAsBefore(t *testing.T) {
	for _, in := range compatInputs(t, "am 3.4. um 14:30", "nächsten Dienstag ab 10 Uhr", "2026-04-03", "Übernächste Woche", "12. März 2026", "morgen früh") {
		got, want := fold.Words(in, dateMarks), strings.Join(strings.Fields(oldFoldWhen(in)), " ")
		if got != want {
			t.Errorf("fold.Words(%q) = %q, before %q", in, got, want)
		}
	}
}

func oldFoldWhen(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == 'ä':
			b.WriteString("ae")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ß':
			b.WriteString("ss")
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == ':' || r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
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
