package server_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"amtsbote/config"
	"amtsbote/internal/browsertest"
	"amtsbote/internal/mailtest"
)

// TestBrowserArabicServices runs e2e/arabic.mjs in headless Chromium
// against `serve` on a bbolt store in a temporary directory (with the email
// channel on test mail servers): on the front
// page a citizen picks العربية in the widget's language menu and completes
// a meter reading, a resident parking permit (with a PDF) and an
// appointment, each up to the reference card, with no German sentence in
// the bot's messages, right to left and axe clean (issue 18). Screenshots
// docs/web-chat-ar-*.png when AMTSBOTE_SCREENSHOTS=$PWD/docs. Without
// Node, Chromium or channels/web/e2e/node_modules it is skipped, except
// under CI=true.
func TestBrowserArabicServices(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../../channels/web/e2e/node_modules/playwright-core",
		"../../channels/web/e2e/node_modules/axe-core")
	shots := browsertest.Screenshots(t)
	c := config.Default()
	c.Data, c.Addr, c.MetricsAddr = t.TempDir(), "127.0.0.1:0", "127.0.0.1:0"
	c.KeyPassphrase = "arabic-test"
	// With the email channel the meter reading asks for an address for
	// the confirmation, which the citizen skips.
	c.Email.Address = "buergerservice@musterstadt.example"
	c.Email.IMAPURL, c.Email.SMTPURL = config.Secret(mailtest.StartIMAP(t).URL()), config.Secret(mailtest.StartSMTP(t).URL())
	addr := startNode(t, c)

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/arabic.mjs", "http://"+addr, shots)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
