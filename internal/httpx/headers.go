package httpx

import "net/http"

// SecurityHeaders sets the headers every page of the portal carries: no
// sniffing, a strict content security policy without inline script, and
// the frame policy frameAncestors (CSP frame-ancestors, e.g. "'self'").
func SecurityHeaders(frameAncestors string, next http.Handler) http.Handler {
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
