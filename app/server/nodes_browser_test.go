package server_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"amtsbote/internal/browsertest"
	"amtsbote/internal/pgtest"
)

// TestBrowserTwoNodes runs e2e/nodes.mjs in headless Chromium against two
// serve nodes on one PostgreSQL database: what Anna does in node A's
// console (claim, note, message, release) shows on Ben's console page of
// node B at once, without a reload. Without Node, Chromium or
// channels/web/e2e/node_modules it is skipped, except under CI=true.
func TestBrowserTwoNodes(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	db := pgtest.Database(t)
	dirA, dirB := t.TempDir(), t.TempDir()
	setUp(t, dirA, dirB, db, "anna", "ben")
	addrA := startNode(t, nodeConfig(dirA, db))
	addrB := startNode(t, nodeConfig(dirB, db))

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/nodes.mjs", "http://"+addrA, "http://"+addrB, shots, password)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
