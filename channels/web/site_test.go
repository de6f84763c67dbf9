package web

import (
	"bytes"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWidgetAssets(t *testing.T) {
	f := start(t, Options{})
	for path, ctype := range map[string]string{"/widget.js": "text/javascript", "/widget.css": "text/css"} {
		resp, body := get(t, f.srv.URL+path)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || len(body) == 0 ||
			resp.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" || resp.Header.Get("ETag") == "" {
			t.Fatalf("%s: %d %v", path, resp.StatusCode, resp.Header)
		}
		req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
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

func TestWidgetWritesNoHTML(t *testing.T) {
	// Every text is set with textContent; innerHTML only holds the fixed icons.
	for _, name := range widgetParts(t) {
		body, err := assetFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(body), "\n") {
			if strings.Contains(line, "innerHTML") && !strings.Contains(line, "= '<svg aria-hidden") ||
				strings.Contains(line, "insertAdjacentHTML") || strings.Contains(line, "document.write") || strings.Contains(line, "eval(") {
				t.Errorf("%s:%d writes HTML: %s", name, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// widgetParts are the sources of widget.js in name order, each at most
// 400 lines.
func widgetParts(t *testing.T) []string {
	t.Helper()
	entries, err := fs.ReadDir(assetFS, "assets/widget")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".js" {
			t.Errorf("assets/widget/%s is not a part of widget.js", e.Name())
			continue
		}
		names = append(names, "assets/widget/"+e.Name())
	}
	if len(names) < 2 || !slices.IsSorted(names) {
		t.Fatalf("widget parts %v", names)
	}
	for _, name := range names {
		b, _ := assetFS.ReadFile(name)
		if n := bytes.Count(b, []byte("\n")); n > 400 || n == 0 || b[len(b)-1] != '\n' {
			t.Errorf("%s: %d lines, ending in %q", name, n, b[len(b)-1:])
		}
	}
	return names
}

// The page gets widget.js as one script: the parts joined in name order,
// the texts filled in; and it parses (node --check: a part alone does
// not, the parts share one function).
func TestWidgetScriptIsItsParts(t *testing.T) {
	f := start(t, Options{})
	var want []byte
	for _, name := range widgetParts(t) {
		b, _ := assetFS.ReadFile(name)
		want = append(want, b...)
	}
	want = bytes.Replace(want, []byte("{/*TEXTS*/}"), widgetTexts(f.ch.site.texts), 1)
	resp, body := get(t, f.srv.URL+"/widget.js")
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, want) {
		t.Fatalf("/widget.js (%d, %d bytes) is not its parts in order (%d bytes)", resp.StatusCode, len(body), len(want))
	}
	if !bytes.HasPrefix(want, []byte("/* Amtsbote web chat widget.")) || !bytes.HasSuffix(want, []byte("\n})();\n")) {
		t.Fatal("widget.js does not begin with its header and end with its function's end")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("checking that widget.js parses needs node; run .ci/install-browser")
		}
		t.Skip("checking that widget.js parses needs node")
	}
	file := filepath.Join(t.TempDir(), "widget.js")
	if err := os.WriteFile(file, want, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
		t.Fatalf("widget.js does not parse: %v\n%s", err, out)
	}
}

func TestTextsAndNames(t *testing.T) {
	f := start(t, Options{})
	en := f.ch.site.starters("en")
	if len(en) < 2 || en[len(en)-1].Text != "Talk to a person" || f.ch.site.starters("de")[0].Text == en[0].Text {
		t.Errorf("starters %+v", en)
	}
	if got := f.ch.errorText(errFileTooLarge, "en", megabytes(10<<20, "en")); got != "The file is too large. The limit is 10 MB." {
		t.Errorf("en: %q", got)
	}
	if got := megabytes(1<<19, "de"); got != "0,5 MB" {
		t.Errorf("de: %q", got)
	}
	for in, want := range map[string]string{
		"C:\\Users\\x\\scan.pdf": "scan.pdf", "../../a.png": "a.png", "..": "datei", "": "datei",
		"a\x00b\n.pdf": "ab.pdf", `x"y.pdf`: "xy.pdf", strings.Repeat("ä", 100): strings.Repeat("ä", 60),
	} {
		if got := cleanName(in); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
