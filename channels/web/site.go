package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"time"

	"amtsbote/internal/httpx"
	"amtsbote/text"
)

//go:embed assets
var assetFS embed.FS

// site serves the widget's static files, read once at start, and knows the
// origins that may open WebSockets and the suggestions of a new
// conversation.
type site struct {
	texts   *text.Catalog
	assets  map[string]asset // by URL path
	starts  map[string][]starter
	origins httpx.Origins // pages that may open WebSockets
}

// asset is one static file with its validator.
type asset struct {
	body  []byte
	ctype string
	etag  string
}

func newSite(opts Options) *site {
	texts := opts.Texts
	if texts == nil {
		texts = text.MustBuiltin()
	}
	s := &site{texts: texts, assets: map[string]asset{}, starts: map[string][]starter{}}
	s.origins = httpx.NewOrigins(opts.PublicURL, opts.AllowedOrigins)
	js, err := widgetScript()
	if err != nil {
		panic("web: " + err.Error()) // caught by every test
	}
	css, err := assetFS.ReadFile("assets/widget.css")
	if err != nil {
		panic("web: missing embedded asset assets/widget.css") // caught by every test
	}
	s.assets["/widget.js"] = newAsset(bytes.Replace(js, []byte("{/*TEXTS*/}"), widgetTexts(texts), 1), ".js")
	s.assets["/widget.css"] = newAsset(css, ".css")
	for _, lang := range []string{"de", "en"} {
		s.starts[lang] = starters(opts.Starters[lang], lang)
	}
	return s
}

// newAsset serves body as a file with extension ext, its ETag a hash of it.
func newAsset(body []byte, ext string) asset {
	sum := sha256.Sum256(body)
	return asset{body: body, ctype: mime.TypeByExtension(ext), etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// widgetScript is widget.js before its texts are filled in: one script for
// the page that embeds it (one script tag, one request), kept in the source
// as the parts in assets/widget/, joined in the order of their names. The
// parts are one function's body, cut at line ends; each alone does not parse.
func widgetScript() ([]byte, error) {
	parts, err := fs.Glob(assetFS, "assets/widget/*.js") // sorted by name
	if err != nil || len(parts) == 0 {
		return nil, errors.New("no embedded widget parts in assets/widget/")
	}
	var js []byte
	for _, p := range parts {
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return nil, err
		}
		js = append(js, b...)
	}
	return js, nil
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
// the allowed origins and from clients that send no Origin (not browsers);
// see httpx.Origins.
func (c *Channel) checkOrigin(r *http.Request) bool {
	if c.site.origins.Allow(r) {
		return true
	}
	c.log.Info("refused a WebSocket from a foreign origin", "public_url_set", c.site.origins.PublicSet())
	return false
}

// widgetTexts is the widget's texts of every language as a JSON object by
// language ("de", "de-x-ls", "ar" …), each with its writing direction
// ("dir"). The widget gets them inside widget.js: no second request, and
// the widget shows its own texts even when the server is down at page load.
func widgetTexts(c *text.Catalog) []byte {
	all := map[string]map[string]any{}
	for i, l := range text.All() {
		b := c.Bundle(l, "widget.")
		b["dir"] = l.Dir()
		b["name"] = c.Name(l) // the language menu lists each by its own name,
		b["rank"] = i         // in the catalog's order
		all[string(l)] = b
	}
	out, err := json.Marshal(all)
	if err != nil {
		panic("web: widget texts: " + err.Error()) // strings and maps of strings always marshal
	}
	return out
}
