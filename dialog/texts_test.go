package dialog_test

import (
	"regexp"
	"strings"
	"testing"

	"amtsbote/cases"
	"amtsbote/internal/srcscan"
	catalogtext "amtsbote/text"
)

// sentenceWords are words that make a string literal a German or English
// sentence someone reads (as services/say's TestNoSentencesInGo).
var sentenceWords = regexp.MustCompile(`(?i)(^|[^\pL])(sie|ihr|ihre|ihren|ihrem|bitte|nicht|wir|ich|ist|und|gern|the|your|you|please|is|not|can|we)([^\pL]|$)`)

// readWords are the files whose strings are words the engine reads, not says.
var readWords = map[string]bool{"words.go": true, "read.go": true, "answerwords.go": true}

// source parses the package's Go files, tests aside.
func source(t *testing.T) srcscan.Source {
	t.Helper()
	src, err := srcscan.Parse("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Files) < 25 {
		t.Fatalf("parsed only %d files", len(src.Files))
	}
	return src
}

// TestNoSentencesInGo fails when the engine's Go code holds a German or
// English sentence for citizens instead of a key of the catalog (errors,
// panics, doc comments and the words it reads aside).
func TestNoSentencesInGo(t *testing.T) {
	for _, s := range source(t).Sentences(sentenceWords, []string{"panic", "fmt.Errorf", "errors.New"}, readWords) {
		t.Errorf("%s: %q: a text belongs in the catalog (text/po, dialog.*)", s.Where, s.Text)
	}
}

// dialogKey is a string literal naming a text of the engine; one ending in
// a dot is the start of keys the code completes ("dialog.expect." + type).
var dialogKey = regexp.MustCompile(`^dialog\.[a-z0-9_.-]+$`)

// TestDialogKeysInEveryLanguage fails when the engine names a text the
// catalog lacks or has not in every language, when a field type or a case
// status has no text, and when the catalog holds a dialog text the engine
// never names.
func TestDialogKeysInEveryLanguage(t *testing.T) {
	c, err := catalogtext.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{}
	prefixes := map[string]bool{}
	for key, where := range source(t).Strings(dialogKey) {
		if strings.HasSuffix(key, ".") {
			prefixes[key] = true
		} else {
			used[key] = where
		}
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the engine's sources", len(used))
	}
	for _, s := range cases.Statuses() {
		used["dialog.status."+s] = "status " + s
	}
	problems := map[string][]string{}
	for _, p := range c.Check() {
		problems[p.Key] = append(problems[p.Key], p.String())
	}
	for key, where := range used {
		if !c.Has(key) {
			t.Errorf("%s: %q is not in the catalog (text/po/de.po)", where, key)
			continue
		}
		for _, p := range problems[key] {
			t.Errorf("%s: %s", where, p)
		}
	}
	for _, key := range c.Keys() {
		if _, ok := used[key]; strings.HasPrefix(key, "dialog.") && !ok {
			t.Errorf("%q: the catalog holds a text the engine never names", key)
		}
	}
	if len(prefixes) != 1 || !prefixes["dialog.status."] {
		t.Errorf("keys completed in code: %v; list their texts in this test", prefixes)
	}
}
