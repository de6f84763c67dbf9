// Package browsertest finds what the headless-Chromium tests need (Node,
// Debian's Chromium, the npm packages in channels/web/e2e) and where their
// screenshots go. Without them a test is skipped, except under CI=true,
// where it fails: .ci/install-browser installs them.
package browsertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Tools returns node and chromium, skipping (or, in CI, failing) t when
// they or one of the npm package directories are missing.
func Tools(t testing.TB, packages ...string) (node, chromium string) {
	t.Helper()
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	node, err := exec.LookPath("node")
	missing := ""
	switch {
	case err != nil:
		missing = "node"
	case !exists(chromium):
		missing = chromium
	}
	for _, p := range packages {
		if missing == "" && !exists(p) {
			missing = p + " (npm ci in channels/web/e2e)"
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test needs %s; run .ci/install-browser", missing)
		}
		t.Skipf("browser test needs %s; run .ci/install-browser", missing)
	}
	return node, chromium
}

// Screenshots is the directory screenshots go to: AMTSBOTE_SCREENSHOTS
// when set (docs/ to renew the pictures there), else a temporary one.
func Screenshots(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("AMTSBOTE_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
