package route

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestTokensAsBefore compares tokens (internal/fold) with the folding
// this package had of its own, on every line of the routing sets; the one
// change since is that hyphens before small letters join (joinHyphens).
func TestTokensAsBefore(t *testing.T) {
	files, err := compatSets("../testdata/")
	if err != nil || len(files) == 0 {
		t.Fatalf("no routing sets: %v", err)
	}
	lines := []string{"Straße, Öffnungszeiten!", "Ærø Œuvre", "Ñandú – 3 € «x»", "Москва 2026"}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	for _, line := range lines {
		if got, want := tokens(line), strings.Fields(oldFold(joinHyphens(line))); !slices.Equal(got, want) {
			t.Errorf("tokens(%q) = %q, before %q", line, got, want)
		}
	}
	t.Logf("%d lines compared", len(lines))
}

// oldFold is this package's fold before internal/fold, verbatim.
func oldFold(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 8)
	for _, r := range text {
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r < 0x80:
			b.WriteByte(' ')
		default:
			b.WriteString(oldFoldRune(r))
		}
	}
	return b.String()
}

func oldFoldRune(r rune) string {
	switch r {
	case 'ä', 'æ':
		return "ae"
	case 'ö', 'œ', 'ø':
		return "oe"
	case 'ü':
		return "ue"
	case 'ß':
		return "ss"
	case 'á', 'à', 'â', 'ã', 'å':
		return "a"
	case 'é', 'è', 'ê', 'ë':
		return "e"
	case 'í', 'ì', 'î', 'ï':
		return "i"
	case 'ó', 'ò', 'ô', 'õ':
		return "o"
	case 'ú', 'ù', 'û':
		return "u"
	case 'ç':
		return "c"
	case 'ñ':
		return "n"
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return string(r)
	}
	return " "
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
