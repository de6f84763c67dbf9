package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"amtsbote/catalog"
)

//go:embed assets
var assetFS embed.FS

// site serves the demo front page and the widget's static files, all
// rendered or read once at start.
type site struct {
	front   map[string][]byte // rendered front page by language
	assets  map[string]asset  // by URL path
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

// frontData is what the front page template shows.
type frontData struct {
	Lang, Other, City string
	Categories        []categoryView
	T                 map[string]string
}

type categoryView struct {
	ID, Title string
	Services  []serviceView
}

type serviceView struct {
	ID, Title, Description, Fee, Ask string
	Online                           bool
}

func newSite(opts Options, cat *catalog.Catalog) *site {
	s := &site{front: map[string][]byte{}, assets: map[string]asset{}, starts: map[string][]starter{}}
	for _, o := range opts.AllowedOrigins {
		if strings.TrimSpace(o) == "*" {
			s.any = true
		} else if or, ok := parseOrigin(o); ok {
			s.origins = append(s.origins, or)
		}
	}
	s.public, _ = parseOrigin(opts.PublicURL)
	files := map[string]string{"/widget.js": "assets/widget.js", "/widget.css": "assets/widget.css",
		"/assets/page.css": "assets/page.css", "/assets/wappen.svg": "assets/wappen.svg"}
	for urlPath, name := range files {
		body, err := assetFS.ReadFile(name)
		if err != nil {
			panic("web: missing embedded asset " + name) // caught by every test
		}
		sum := sha256.Sum256(body)
		s.assets[urlPath] = asset{body: body, ctype: mime.TypeByExtension(path.Ext(name)),
			etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	tmpl := template.Must(template.ParseFS(assetFS, "assets/front.html"))
	for _, lang := range []string{"de", "en"} {
		d := frontData{Lang: lang, Other: map[string]string{"de": "en", "en": "de"}[lang], City: opts.CityName,
			T: pageTexts[lang], Categories: categories(cat, lang)}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, d); err != nil {
			panic("web: front page template: " + err.Error())
		}
		s.front[lang] = b.Bytes()
		s.starts[lang] = starters(cat, lang)
	}
	return s
}

// categories groups the catalog's services by category, in catalog order.
func categories(cat *catalog.Catalog, lang string) []categoryView {
	if cat == nil {
		return nil
	}
	var out []categoryView
	for _, c := range cat.Categories() {
		v := categoryView{ID: c.ID, Title: c.Title.In(lang)}
		for _, d := range cat.Services() {
			if d.Category != c.ID {
				continue
			}
			title := d.Title.In(lang)
			v.Services = append(v.Services, serviceView{ID: d.ID, Title: title, Description: d.Description.In(lang),
				Fee: d.Fee.In(lang), Online: d.Mode == catalog.ModeOnline, Ask: title})
		}
		out = append(out, v)
	}
	return out
}

// starters are the suggestions of a new conversation: a few online
// services, the menu and a person, as text the dialog understands.
func starters(cat *catalog.Catalog, lang string) []starter {
	var out []starter
	if cat != nil {
		for _, d := range cat.Services() {
			if d.Mode == catalog.ModeOnline && len(out) < 2 {
				out = append(out, starter{Text: d.Title.In(lang)})
			}
		}
	}
	if lang == "en" {
		return append(out, starter{Text: "Menu"}, starter{Text: "Talk to a person"})
	}
	return append(out, starter{Text: "Menü"}, starter{Text: "Mit einem Menschen sprechen"})
}

func (s *site) starters(lang string) []starter { return s.starts[lang] }

// serveFront serves the front page, German or (?lang=en) English.
func (s *site) serveFront(w http.ResponseWriter, r *http.Request) {
	lang := "de"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(s.front[lang])
}

// serveAsset serves the widget's script and style sheet and the page's
// files. Pages of other origins load the widget, so it may be embedded.
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

// securityHeaders sets the headers every response carries: no sniffing, a
// strict content security policy without inline script, the frame policy.
func securityHeaders(frameAncestors string, next http.Handler) http.Handler {
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors
	xfo := map[string]string{"'self'": "SAMEORIGIN", "'none'": "DENY"}[frameAncestors]
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", csp)
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if xfo != "" {
			h.Set("X-Frame-Options", xfo)
		}
		next.ServeHTTP(w, r)
	})
}
