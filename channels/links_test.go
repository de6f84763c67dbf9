package channels

import (
	"strings"
	"testing"
)

func TestSafeURL(t *testing.T) {
	for _, c := range []struct {
		url, host string
		ok        bool
	}{
		{"https://www.musterstadt.example/abfall", "www.musterstadt.example", true},
		{"http://example.org/a?b=c", "example.org", true},
		{" https://example.org ", "example.org", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript://example.org/%0Aalert(1)", "", false},
		{"data:text/html,<b>x</b>", "", false},
		{"/relative/path", "", false},
		{"//example.org/x", "", false},
		{"https://user:pw@example.org/", "", false},
		{"ftp://example.org/file", "", false},
		{"mailto:a@example.org", "", false},
		{"https://", "", false},
	} {
		_, host, ok := Link{URL: c.url}.SafeURL()
		if ok != c.ok || host != c.host {
			t.Errorf("SafeURL(%q) = %q, %v; want %q, %v", c.url, host, ok, c.host, c.ok)
		}
	}
}

func TestPlainLinks(t *testing.T) {
	got := PlainLinks([]Link{{URL: "https://a.example/x", Label: "Mehr dazu"}, {URL: "javascript:x()", Label: "Böse"},
		{URL: "http://b.example/f"}})
	if got != "\nMehr dazu: https://a.example/x\nhttp://b.example/f" {
		t.Errorf("PlainLinks = %q", got)
	}
	if strings.Contains(got, "javascript") {
		t.Error("an unsafe link was written")
	}
}
