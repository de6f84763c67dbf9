package frontpage

import (
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"amtsbote/catalog"
)

// serve serves the page for the built-in catalog.
func serve(t *testing.T, opts Options) (*catalog.Catalog, *httptest.Server) {
	t.Helper()
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(opts, cat)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	return cat, srv
}

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestFrontPage(t *testing.T) {
	cat, srv := serve(t, Options{FrameAncestors: "'self' https://www.musterstadt.de"})
	resp, body := get(t, srv.URL+"/")
	page := string(body)
	h := resp.Header
	if resp.StatusCode != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", resp.StatusCode, h)
	}
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'self' https://www.musterstadt.de", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "" {
		t.Errorf("headers %v", h)
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, " src=") {
			t.Errorf("inline script %s", tag)
		}
	}
	if regexp.MustCompile(`\son[a-z]+=`).MatchString(page) {
		t.Error("event handler attribute in the page")
	}
	want := []string{`<html lang="de">`, "Musterstadt", "Online erledigen", `<script src="widget.js" defer`,
		`data-amtsbote-ask="Zählerstand melden"`}
	for _, c := range cat.Categories() {
		want = append(want, template.HTMLEscapeString(c.Title.De))
	}
	for _, d := range cat.Services() {
		want = append(want, template.HTMLEscapeString(d.Title.De))
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	_, en := get(t, srv.URL+"/?lang=en")
	if !strings.Contains(string(en), `<html lang="en">`) || !strings.Contains(string(en), "Report a meter reading") {
		t.Error("English page")
	}
	if resp, _ := get(t, srv.URL+"/nothing"); resp.StatusCode != 404 {
		t.Errorf("unknown path: %d", resp.StatusCode)
	}
}

func TestPageAssets(t *testing.T) {
	_, srv := serve(t, Options{})
	for path, ctype := range map[string]string{"/assets/page.css": "text/css", "/assets/wappen.svg": "image/svg+xml"} {
		resp, body := get(t, srv.URL+path)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || len(body) == 0 ||
			resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || resp.Header.Get("ETag") == "" {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, resp.Header)
		}
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		again, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Fatalf("%s revalidated: %d", path, again.StatusCode)
		}
	}
}

func TestStarters(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	s := Starters(cat)
	if len(s["de"]) != 2 || len(s["en"]) != 2 || s["de"][0] != "Zählerstand melden" || s["en"][0] == s["de"][0] {
		t.Errorf("starters %+v", s)
	}
	if s := Starters(nil); len(s["de"]) != 0 {
		t.Errorf("without a catalog: %+v", s)
	}
}
