package text

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzParsePO: a city's PO file never panics the parser, and what it
// parses survives quoting and parsing again unchanged.
func FuzzParsePO(f *testing.F) {
	for _, l := range All() {
		b, err := builtin.ReadFile("po/" + string(l) + ".po")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("msgid \"a\"\nmsgstr \"\\\"x\\\\\"\n\"y\\n\"\n"))
	f.Add([]byte("msgid \"p\"\nmsgid_plural \"p\"\nmsgstr[0] \"a\"\nmsgstr[1] \"b\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := parsePO("fuzz.po", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.po") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		var b strings.Builder
		for _, e := range pf.Entries {
			b.WriteString("msgid " + quote(e.Key) + "\n")
			if e.Plural == nil {
				b.WriteString("msgstr " + quote(e.Text) + "\n\n")
				continue
			}
			b.WriteString("msgid_plural " + quote(e.Key) + "\n")
			for i, s := range e.Plural {
				b.WriteString("msgstr[" + string(rune('0'+i%10)) + "] " + quote(s) + "\n")
			}
			b.WriteString("\n")
		}
		again, err := parsePO("again.po", strings.NewReader(b.String()))
		if err != nil {
			if strings.Contains(err.Error(), "out of order") { // more than 10 forms: the digit trick above
				return
			}
			t.Fatalf("re-parse: %v\n%s", err, b.String())
		}
		if len(again.Entries) != len(pf.Entries) {
			t.Fatalf("%d entries, then %d", len(pf.Entries), len(again.Entries))
		}
		for i, e := range pf.Entries {
			a := again.Entries[i]
			if a.Key != e.Key || a.Text != e.Text || strings.Join(a.Plural, "\x00") != strings.Join(e.Plural, "\x00") {
				t.Fatalf("entry %d: %+v became %+v", i, e, a)
			}
		}
	})
}
