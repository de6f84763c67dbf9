package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

//go:embed assets
var assetFS embed.FS

// site serves the widget's static files, read once at start, and knows the
// origins that may open WebSockets and the suggestions of a new
// conversation.
type site struct {
	assets  map[string]asset // by URL path
	starts  map[string][]starter
	origins []origin // allowed origins besides the server's own
	any     bool     // "*" was allowed: every origin
	public  origin   // origin of PublicURL; zero when unset
}

// asset is one static file with its validator.
type asset struct {
	body  []byte
	ctype string
	etag  string
}

func newSite(opts Options) *site {
	s := &site{assets: map[string]asset{}, starts: map[string][]starter{}}
	for _, o := range opts.AllowedOrigins {
		if strings.TrimSpace(o) == "*" {
			s.any = true
		} else if or, ok := parseOrigin(o); ok {
			s.origins = append(s.origins, or)
		}
	}
	s.public, _ = parseOrigin(opts.PublicURL)
	files := map[string]string{"/widget.js": "assets/widget.js", "/widget.css": "assets/widget.css"}
	for urlPath, name := range files {
		body, err := assetFS.ReadFile(name)
		if err != nil {
			panic("web: missing embedded asset " + name) // caught by every test
		}
		sum := sha256.Sum256(body)
		s.assets[urlPath] = asset{body: body, ctype: mime.TypeByExtension(path.Ext(name)),
			etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	for _, lang := range []string{"de", "en"} {
		s.starts[lang] = starters(opts.Starters[lang], lang)
	}
	return s
}

// starters are the suggestions of a new conversation: the given ones (a
// few online services), then the menu and a person, as text the dialog
// understands.
func starters(given []string, lang string) []starter {
	var out []starter
	for _, t := range given {
		out = append(out, starter{Text: t})
	}
	if lang == "en" {
		return append(out, starter{Text: "Menu"}, starter{Text: "Talk to a person"})
	}
	return append(out, starter{Text: "Menü"}, starter{Text: "Mit einem Menschen sprechen"})
}

func (s *site) starters(lang string) []starter { return s.starts[lang] }

// serveAsset serves the widget's script and style sheet. Pages of other
// origins load the widget, so it may be embedded.
func (s *site) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assets[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// checkOrigin admits WebSocket handshakes from the server's own pages, from
// the allowed origins and from clients that send no Origin (not browsers).
// Scheme, host and port must all match (origin.go). The Host header is
// never believed: whoever sends it chooses it (a DNS rebinding page too).
func (c *Channel) checkOrigin(r *http.Request) bool {
	h := r.Header.Get("Origin")
	if h == "" {
		return true
	}
	o, ok := parseOrigin(h)
	s := c.site
	switch {
	case !ok:
	case s.any, slices.Contains(s.origins, o):
		return true
	case s.public != origin{}:
		if o == s.public {
			return true
		}
	case o.local(r):
		return true
	}
	c.log.Info("refused a WebSocket from a foreign origin", "public_url_set", s.public != origin{})
	return false
}
