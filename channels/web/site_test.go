package web

import (
	"net/http"
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
	body, err := assetFS.ReadFile("assets/widget.js")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(body), "\n") {
		if strings.Contains(line, "innerHTML") && !strings.Contains(line, "= '<svg aria-hidden") ||
			strings.Contains(line, "insertAdjacentHTML") || strings.Contains(line, "document.write") || strings.Contains(line, "eval(") {
			t.Errorf("widget.js:%d writes HTML: %s", i+1, strings.TrimSpace(line))
		}
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
