package staff

import (
	"amtsbote/internal/browsertest"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// TestBrowser runs e2e/console.mjs in headless Chromium against the real
// core, the web chat and the console: widget and console side by side.
// Without Node, Chromium or channels/web/e2e/node_modules it is skipped,
// except under CI=true, where it fails. Screenshots go to a temporary
// directory, or to AMTSBOTE_SCREENSHOTS.
func TestBrowser(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	e := startEnv(t, Options{}, true)
	e.account("anna", "stadtwerke", store.RoleAgent)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/console.mjs", e.srv.URL, shots, testPassword)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}

// TestBrowserAnswers runs e2e/answers.mjs: a citizen gets an answer with
// its link in the widget, an editor changes and publishes it in the
// console, and the next citizen gets the new text (axe on both).
func TestBrowserAnswers(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	e := startEnv(t, Options{}, true)
	e.account("erika", "buergerbuero", store.RoleEditor)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/answers.mjs", e.srv.URL, shots, testPassword)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}

// TestBrowserRatings runs e2e/ratings.mjs: two citizens rate their meter
// readings (👎 with a comment, 👍); the Stadtwerke's agent sees the counts
// under the queue and the rating with its comment on the conversation,
// the Schulamt's agent no counts (axe, light and dark).
func TestBrowserRatings(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	e := newEnv(t, Options{})
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.account("bert", "schulamt", store.RoleAgent)
	e.submitMeterReading("web", "w1")
	e.citizen("web", "w1", channels.Inbound{Choice: "rate:bad"})
	e.citizen("web", "w1", channels.Inbound{Text: "Die Zählernummer war schwer zu finden <img src=x onerror=alert(1)>"})
	e.submitMeterReading("web", "w2")
	e.citizen("web", "w2", channels.Inbound{Choice: "rate:good"})

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/ratings.mjs", e.srv.URL, shots, testPassword)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}

// TestBrowserLanguage runs e2e/language.mjs: a Turkish and a German citizen
// wait; the console, in the browser's English, shows their languages as
// badges, offers the Turkish canned reply first, shows an API error in
// English, Turkish and German and switches to German from its header
// (axe; docs/console-language.png).
func TestBrowserLanguage(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	e := startEnv(t, Options{}, false)
	e.account("anna", "stadtwerke", store.RoleAgent)
	e.citizen("email", "tuerkan@example.org", channels.Inbound{Choice: "lang:tr"})
	e.escalate("email", "tuerkan@example.org")
	e.escalate("email", "erika@example.org")
	for _, c := range []store.CannedReply{
		{Department: "stadtwerke", Language: "tr", Title: "Sayaç numarası", Text: "Sayaç numarası sayacın üzerindedir."},
		{Department: "stadtwerke", Language: "en", Title: "Meter number", Text: "The meter number is on the meter."},
		{Title: "Opening hours", Text: "Mo–Fr 8–16"},
	} {
		if _, err := e.core.DB.PutCannedReply(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/language.mjs", e.srv.URL, shots, testPassword)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
