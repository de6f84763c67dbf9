package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"amtsbote/internal/browsertest"
)

// rtlPage is a city's page in Arabic that embeds the widget.
const rtlPage = `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>خدمات المواطنين</title></head>
<body><main><h1>خدمات المواطنين</h1><p>اكتب إلينا في الدردشة.</p></main>
<script src="/widget.js" defer data-lang="ar"></script></body></html>`

// TestBrowserRTL runs e2e/rtl.mjs: the widget in Arabic, right to left,
// axe clean, with screenshots (docs/web-chat-ar-*.png when
// AMTSBOTE_SCREENSHOTS=docs). Skipped as TestBrowser is.
func TestBrowserRTL(t *testing.T) {
	browserOnPage(t, start(t, Options{}), rtlPage, "e2e/rtl.mjs")
}

// browserOnPage serves page at / with the widget of f and runs the
// browser script on it; it returns what the script printed.
func browserOnPage(t *testing.T, f *fixture, page, script string) []byte {
	t.Helper()
	node, chromium := browsertest.Tools(t, "e2e/node_modules/playwright-core", "e2e/node_modules/axe-core")
	shots := browsertest.Screenshots(t)
	mux := http.NewServeMux()
	for _, p := range Paths() {
		mux.Handle(p, f.ch.Handler())
	}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script, srv.URL+"/", shots)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
	return out
}

// germanPage is a city's page in German that embeds the widget.
const germanPage = `<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bürgerservice</title></head>
<body><main><h1>Bürgerservice</h1><p>Schreiben Sie uns im Chat.</p></main>
<script src="/widget.js" defer data-lang="de"></script></body></html>`

// TestBrowserLanguage runs e2e/language.mjs: the widget's language menu,
// axe clean, the widget in the language picked (Arabic right to left) and
// the conversation's language in the store the one picked last
// (docs/widget-language-menu*.png when AMTSBOTE_SCREENSHOTS=docs).
func TestBrowserLanguage(t *testing.T) {
	f := start(t, Options{})
	out := browserOnPage(t, f, germanPage, "e2e/language.mjs")
	m := regexp.MustCompile(`token=(\S+)`).FindSubmatch(out)
	if m == nil {
		t.Fatal("the browser test printed no token")
	}
	conv, _, err := f.core.History.History(context.Background(), Name, string(m[1]), 0)
	if err != nil || conv == "" {
		t.Fatalf("no conversation for the widget's token: %v", err)
	}
	info, err := f.core.DB.ConversationInfo(conv)
	if err != nil || info.Meta.Language != "ar" {
		t.Errorf("conversation's language %q (%v), want ar (picked last)", info.Meta.Language, err)
	}
}
