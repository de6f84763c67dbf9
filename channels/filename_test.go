package channels

import (
	"strings"
	"testing"
)

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"C:\\Users\\x\\scan.pdf": "scan.pdf", "../../a.png": "a.png", "..": "", "": "", " . ": "",
		"a\x00b\n.pdf": "ab.pdf", `x"y.pdf`: "xy.pdf", strings.Repeat("ä", 100): strings.Repeat("ä", 60),
		"Bescheid\u202Efdp.exe":           "Bescheidfdp.exe", // right-to-left override
		"a\u200Bb\u200D\u2066c\u2069.png": "abc.png",         // zero-width space and joiner, isolates
		"\uFEFFbrief\u00AD.pdf":           "brief.pdf",       // byte order mark, soft hyphen
		"zeile\u2028zwei\u2029.pdf":       "zeilezwei.pdf",   // line and paragraph separators
		"z\xe4hler.pdf":                   "z\uFFFDhler.pdf", // invalid UTF-8
		"zähler foto.png":                 "zähler foto.png",
	} {
		if got := CleanFileName(in); got != want {
			t.Errorf("CleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}
