package staff

import (
	"embed"
	"net/http"
	"path"
)

//go:embed assets/index.html assets/console.js assets/conversations.js assets/cases.js assets/admin.js assets/answers.js assets/ratings.js assets/console.css
var assets embed.FS

// assetType is the media type of a file under /staff/assets/: the
// embedded scripts and style sheet are served, nothing else ("": the page
// itself is served at /staff/ only).
func assetType(name string) string {
	switch path.Ext(name) {
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	}
	return ""
}

// csp allows only this server's own script, style and sockets: no inline
// script, so an injected tag in citizen text could not run even if it were
// ever inserted as HTML. It names no host: the request's Host header is the
// client's to choose, and 'self' covers the page's own ws: and wss: origin
// (CSP Level 3).
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every console response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if h.Get("Content-Security-Policy") == "" {
			h.Set("Content-Security-Policy", csp)
		}
		next.ServeHTTP(w, r)
	})
}

// servePage serves the console's single page.
func (c *Console) servePage(w http.ResponseWriter, _ *http.Request) {
	b, _ := assets.ReadFile("assets/index.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// serveAsset serves the page's script and style.
func (c *Console) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := path.Base(r.PathValue("name"))
	mt := assetType(name)
	if mt == "" {
		http.NotFound(w, r)
		return
	}
	b, err := assets.ReadFile("assets/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mt)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}
