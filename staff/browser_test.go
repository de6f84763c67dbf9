package staff

import (
	"amtsbote/internal/browsertest"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

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
