package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"amtsbote/frontpage"
	"amtsbote/internal/browsertest"
)

// TestBrowserCityData runs e2e/front.mjs in headless Chromium: the front
// page shows the departments file's contact office and the configured
// legal pages, the widget links them too, and page and widget pass axe in
// the light and the dark colour scheme, on a desktop and a 390 px phone.
// Skipped as TestBrowser is.
func TestBrowserCityData(t *testing.T) {
	node, chromium := browsertest.Tools(t, "e2e/node_modules/playwright-core", "e2e/node_modules/axe-core")
	shots := browsertest.Screenshots(t)
	f := start(t, Options{})
	page, err := frontpage.New(frontpage.Options{CityName: "Stadt Paderborn", Contact: "buergerbuero", Legal: frontpage.Legal{
		Imprint: "https://www.paderborn.de/impressum", Privacy: "/datenschutz",
		Accessibility: "https://www.paderborn.de/barrierefreiheit", Feedback: "mailto:barrierefrei@paderborn.de"}}, f.core.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(outageSwitch(f.ch, page.Handler()))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/front.mjs", srv.URL, shots)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
