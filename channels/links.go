package channels

import (
	"net/url"
	"strings"
)

// SafeURL returns the link's URL and host when it is an absolute http or
// https URL with a host and no user info; ok is false for anything else
// (javascript:, data:, relative or malformed URLs), which a channel must
// not show as a link.
func (l Link) SafeURL() (u, host string, ok bool) {
	p, err := url.Parse(strings.TrimSpace(l.URL))
	if err != nil || p.Host == "" || p.User != nil || p.Opaque != "" {
		return "", "", false
	}
	if p.Scheme != "http" && p.Scheme != "https" {
		return "", "", false
	}
	return p.String(), p.Hostname(), true
}

// PlainLinks writes links as plain text, one a line with its label and
// URL, for channels that show no buttons (email, SMS-like text). Unsafe
// links are left out.
func PlainLinks(links []Link) string {
	var b strings.Builder
	for _, l := range links {
		u, _, ok := l.SafeURL()
		if !ok {
			continue
		}
		b.WriteString("\n")
		if l.Label != "" {
			b.WriteString(l.Label)
			b.WriteString(": ")
		}
		b.WriteString(u)
	}
	return b.String()
}
