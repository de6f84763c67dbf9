package say

import (
	"regexp"
	"testing"

	"amtsbote/internal/srcscan"
)

// sentenceWords are words that make a string literal a German or English
// sentence someone reads.
var sentenceWords = regexp.MustCompile(`(?i)(^|[^\pL])(sie|ihr|ihre|ihren|ihrem|bitte|nicht|wir|ist|und|the|your|you|please|is|not)([^\pL]|$)`)

// documents are the files that stay German (with English) whatever the
// conversation's language, and why.
var documents = map[string]string{
	"parking/pdf.go":   "the permit, an official document officers read in German",
	"business/gewa.go": "the field labels of the forms GewA1–GewA3 of the Gewerbeanzeigeverordnung",
}

// TestNoSentencesInGo fails when a service's Go code holds a sentence for
// citizens, staff or operators instead of taking it from the catalog
// (error messages for the log, patterns and sets of words it reads aside).
func TestNoSentencesInGo(t *testing.T) {
	src, err := srcscan.Parse("../*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Files) < 15 {
		t.Fatalf("parsed only %d files", len(src.Files))
	}
	skip := map[string]bool{}
	for name := range documents {
		skip["../"+name] = true
	}
	for _, s := range src.Sentences(sentenceWords, []string{"panic", "set", "fmt.Errorf", "errors.New", "regexp.MustCompile"}, skip) {
		t.Errorf("%s: %q: a text belongs in the catalog (text/po)", s.Where, s.Text)
	}
}
