package frontpage

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/text"
)

// A city's override directory changes the page's texts with no build.
func TestTextsOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.po"), []byte("msgid \"front.cta\"\nmsgstr \"Chat with us now\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	texts, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(Options{Texts: texts}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"/?lang=en": "Chat with us now", "/": "Chat starten"} {
		rec := httptest.NewRecorder()
		p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", q, nil))
		body, _ := io.ReadAll(rec.Body)
		if !strings.Contains(string(body), want) {
			t.Errorf("%s lacks %q", q, want)
		}
	}
}
