package loadtest

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"amtsbote/internal/srcscan"
	"amtsbote/text"
)

// TestKeys fails when a loadtest.* key the code names is not in the
// built-in catalog, or the catalog has one no code names.
func TestKeys(t *testing.T) {
	for _, p := range srcscan.PrefixProblems("*.go", "loadtest.", 30, text.MustBuiltin()) {
		t.Error(p)
	}
}

// lang says the catalog's texts in one language.
type lang struct {
	cat *text.Catalog
	l   text.Lang
}

func (s lang) T(key string, args ...any) string { return s.cat.Text(s.l, key, args...) }

// The report is the operator's language in every line, its labels in one
// column, no placeholder left.
func TestReportInEveryLanguage(t *testing.T) {
	cat := text.MustBuiltin()
	step := Step{Clients: 250, Seconds: 20, Turns: 67200, TurnsPerSec: 3360, P50: 40 * time.Millisecond,
		P95: 90 * time.Millisecond, P99: 133 * time.Millisecond, Max: time.Second, Errors: 1}
	leftover := regexp.MustCompile(`\{[a-z][a-z0-9_]*\}`)
	for _, l := range text.All() {
		rep := &Report{Config: Config{Say: lang{cat, l}}, Steps: []Step{step, step}, Total: step,
			Errors: map[string]int{"x": 1}, Memory: &Memory{PerConn: 4100, RSSPerConn: 9000, Conns: 100, Exact: true,
				AfterRun: snapshot{Conns: 100, Heap: 8 << 20, RSS: 40 << 20}}}
		var b bytes.Buffer
		rep.Print(&b)
		out := b.String()
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 9 || leftover.MatchString(out) {
			t.Errorf("%s:\n%s", l, out)
			continue
		}
		// the figures start in one column: after the widest label and two spaces
		col := -1
		for _, line := range lines {
			i := strings.Index(line, "  ")
			for i >= 0 && i+2 < len(line) && line[i+2] == ' ' {
				i++
			}
			if c := len([]rune(line[:i+2])); col >= 0 && c != col && !strings.HasPrefix(line, " ") {
				t.Errorf("%s: not in one column:\n%s", l, out)
				break
			} else if col < 0 {
				col = c
			}
		}
		for _, key := range []string{"loadtest.label.turns", "loadtest.label.acks", "loadtest.label.memory"} {
			if !strings.Contains(out, cat.Text(l, key)) {
				t.Errorf("%s: no %s in\n%s", l, key, out)
			}
		}
		if l != text.En && strings.Contains(out, "acks missing") {
			t.Errorf("%s: English left:\n%s", l, out)
		}
	}
}

// A refused configuration is said in the operator's language.
func TestRefusalInGerman(t *testing.T) {
	_, err := Run(context.Background(), Config{URL: "ws://127.0.0.1:1/chat/ws", Clients: 0, Duration: time.Second,
		Say: lang{text.MustBuiltin(), text.De}}, &bytes.Buffer{})
	if err == nil || err.Error() != "loadtest: --clients muss mindestens 1 sein" {
		t.Fatalf("got %v", err)
	}
}
