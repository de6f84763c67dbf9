package staff

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	node, err := exec.LookPath("node")
	var missing string
	switch {
	case err != nil:
		missing = "node"
	case !fileExists(chromium):
		missing = chromium
	case !fileExists("../channels/web/e2e/node_modules/playwright-core"):
		missing = "channels/web/e2e/node_modules (npm ci there)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test needs %s; run .ci/install-browser", missing)
		}
		t.Skipf("browser test needs %s", missing)
	}
	shots := os.Getenv("AMTSBOTE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if shots, err = filepath.Abs(shots); err != nil {
		t.Fatal(err)
	}
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

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
