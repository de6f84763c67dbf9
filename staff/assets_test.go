package staff

import (
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// scripts are the console's scripts as served under /staff/assets/.
func scripts(t *testing.T) []string {
	t.Helper()
	paths, err := fs.Glob(assets, "assets/*.js")
	if err != nil || len(paths) < 6 {
		t.Fatalf("scripts %v: %v", paths, err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, path.Base(p))
	}
	return names
}

// The page inserts every text with textContent; no API that parses HTML
// may appear in its scripts.
func TestScriptNeverParsesHTML(t *testing.T) {
	for _, name := range scripts(t) {
		js, err := assets.ReadFile("assets/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
			if strings.Contains(string(js), bad) {
				t.Errorf("%s uses %s", name, bad)
			}
		}
	}
	html, _ := assets.ReadFile("assets/index.html")
	if regexp.MustCompile(`<script>|<script [^>]*>[^<]|\son[a-z]+=`).Match(html) {
		t.Error("index.html has inline script")
	}
}

// The page loads every script under /staff/assets/, deferred, console.js
// (which the others use) first.
func TestPageLoadsEveryScript(t *testing.T) {
	html, _ := assets.ReadFile("assets/index.html")
	var loaded []string
	for _, m := range regexp.MustCompile(`<script src="/staff/assets/([^"]+)" defer></script>`).FindAllSubmatch(html, -1) {
		loaded = append(loaded, string(m[1]))
	}
	if len(loaded) == 0 || loaded[0] != "console.js" {
		t.Fatalf("index.html loads %v, console.js first", loaded)
	}
	served := scripts(t)
	for _, name := range served {
		if !slices.Contains(loaded, name) {
			t.Errorf("index.html does not load %s", name)
		}
	}
	for _, name := range loaded {
		if !slices.Contains(served, name) || assetType(name) == "" {
			t.Errorf("index.html loads %s, which is not served", name)
		}
	}
}

func TestPageHeaders(t *testing.T) {
	e := newEnv(t, Options{})
	for _, p := range []string{"/staff/", "/staff/assets/console.js", "/staff/assets/conversations.js", "/staff/assets/cases.js",
		"/staff/assets/admin.js", "/staff/assets/console.css"} {
		resp, err := http.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if resp.StatusCode != http.StatusOK || len(body) == 0 || !strings.Contains(csp, "script-src 'self'") ||
			strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("%s: %d %v", p, resp.StatusCode, resp.Header)
		}
	}
	// The policy does not repeat the Host header, which the client chooses.
	req, _ := http.NewRequest("GET", e.srv.URL+"/staff/", nil)
	req.Host = "evil.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "evil.example") || !strings.Contains(csp, "connect-src 'self'") {
		t.Fatalf("policy under a foreign Host: %q", csp)
	}
	resp, err = http.Get(e.srv.URL + "/staff/assets/nothing.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown asset: %d", resp.StatusCode)
	}
}

// Only the scripts and the style sheet are served under /staff/assets/.
func TestOnlyScriptsAndStyleServed(t *testing.T) {
	e := newEnv(t, Options{})
	for p, want := range map[string]int{"/staff/assets/answers.js": http.StatusOK, "/staff/assets/console.css": http.StatusOK,
		"/staff/assets/index.html": http.StatusNotFound, "/staff/assets/nope.js": http.StatusNotFound} {
		resp, err := http.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", p, resp.StatusCode, want)
		}
	}
}
