package form

import (
	"strings"
	"testing"
	"time"
)

func TestSlowInputs(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("9", 1<<20), strings.Repeat("1.234", 1<<18), strings.Repeat("a ", 1<<19), strings.Repeat("ä", 1<<19),
		strings.Repeat("0", 1<<20) + ",5", strings.Repeat("(0)", 1<<18), strings.Repeat("@", 1<<20), "a@" + strings.Repeat("a.", 1<<19) + "de",
	} {
		for typ, r := range fuzzRules {
			st := time.Now()
			Parse(typ, in, r, now)
			if d := time.Since(st); d > 50*time.Millisecond {
				t.Errorf("%s %q...: %v", typ, in[:10], d)
			}
		}
	}
}
