package migrate

import (
	"strings"
	"testing"

	"amtsbote/text"
)

// The report speaks the operator's language and keeps its figures under
// each other however long the kinds' names are in that language.
func TestReportSaysItself(t *testing.T) {
	rep := Report{Counts: []Count{{Kind: "conversations", Read: 12, Copied: 12}, {Kind: "dead letters"}, {Kind: "staff records", Read: 3, Copied: 1}}}
	cat := text.MustBuiltin()
	if got := rep.String(); !strings.HasPrefix(got, "conversations: ") || !strings.Contains(got, "12 in bbolt,      12 copied now") {
		t.Errorf("English:\n%s", got)
	}
	de := rep.Say(cat, text.De)
	if !strings.Contains(de, "Gespräche:") || strings.Contains(de, "copied") {
		t.Errorf("German:\n%s", de)
	}
	for _, l := range text.All() {
		lines := strings.Split(strings.TrimSuffix(rep.Say(cat, l), "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: %q", l, lines)
		}
		col := -1
		for _, line := range lines {
			label, _, _ := strings.Cut(line, ":")
			if label == cat.Text(l, "migrate.kind.other") || strings.Contains(line, "{") {
				t.Errorf("%s: %q", l, line)
			}
			// the first figure ends in the same column on every line
			end, digits := 0, false
			for i, r := range []rune(line) {
				if r >= '0' && r <= '9' {
					digits = true
				} else if digits {
					end = i
					break
				}
			}
			if col >= 0 && end != col {
				t.Errorf("%s: figures not aligned:\n%s", l, strings.Join(lines, "\n"))
				break
			}
			col = end
		}
	}
}

// Every kind of record the move copies has its own name in the catalog.
func TestEveryKindNamed(t *testing.T) {
	for _, k := range []string{"conversations", "addresses", "message ids", "outbox", "dead letters", "cases",
		"bookings", "channel states", "notes", "staff records", "audit entries"} {
		if kindKey(k) == "migrate.kind.other" {
			t.Errorf("%q has no name in the catalog", k)
		}
	}
}
