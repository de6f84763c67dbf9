package web

import (
	"strings"
	"testing"
)

// Error frames speak the widget's language (any of the catalog's), a
// language the catalog lacks gets the conversation's (English for "fr").
func TestErrorFramesInWidgetLanguage(t *testing.T) {
	f := start(t, Options{})
	for _, tc := range []struct{ lang, want string }{
		{"uk", "Повідомлення порожнє."},
		{"ar", "الرسالة فارغة."},
		{"de-x-ls", "Die Nachricht ist leer."},
		{"en-GB", "The message is empty."},
		{"fr", "The message is empty."},
	} {
		c := f.dial(nil)
		c.send(clientFrame{Type: "hello", Lang: tc.lang})
		if w := c.next(); w.Type != "welcome" {
			t.Fatalf("%s: %+v", tc.lang, w)
		}
		c.send(`{"type":"message","id":"e1","text":"  "}`)
		e := c.until(func(f sframe) bool { return f.Type == "error" })
		if last := e[len(e)-1]; last.Code != errEmpty || last.Message != tc.want {
			t.Errorf("%s: %+v, want %q", tc.lang, last, tc.want)
		}
	}
}

// widget.js carries every language's texts with its direction.
func TestWidgetTextsInlined(t *testing.T) {
	f := start(t, Options{})
	js := string(f.ch.site.assets["/widget.js"].body)
	for _, want := range []string{`"ar":{`, `"dir":"rtl"`, `"de-x-ls":{`, `"launcher":"Запитайте нас"`, `"seconds":{"few":"{n} ثوانٍ"`} {
		if !strings.Contains(js, want) {
			t.Errorf("widget.js lacks %s", want)
		}
	}
	if strings.Contains(js, "/*TEXTS*/") {
		t.Error("the placeholder was not filled")
	}
}
