package staff

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/internal/browsertest"
	"amtsbote/internal/harness"
	"amtsbote/services/appointments"
	"amtsbote/store"
)

// TestBrowserAdminAndPhone runs e2e/admin.mjs in headless Chromium set to
// UTC against a console of a city in Europe/Berlin: an admin manages
// accounts, canned replies and office hours and searches cases; an agent on
// a 390 px phone in the dark scheme gets a sound and a desktop notification
// for a new waiting conversation (which this test starts when the script
// prints ESCALATE) and reads the day plan in the city's time. Skipped as
// TestBrowser is; screenshots go to AMTSBOTE_SCREENSHOTS.
func TestBrowserAdminAndPhone(t *testing.T) {
	node, chromium := browsertest.Tools(t, "../channels/web/e2e/node_modules/playwright-core")
	shots := browsertest.Screenshots(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	e := startEnvWith(t, Options{Location: berlin}, false, func(c *harness.Core) *Appointments {
		return &Appointments{Offices: appointments.Sample(), Bookings: c.DB}
	})
	e.account("anna", "buergerbuero", store.RoleAgent)
	e.account("root", "", store.RoleAdmin)
	now := time.Now().In(berlin)
	e.book("c1", "AB-2026-000101", "buergerbuero", time.Date(now.Year(), now.Month(), now.Day(), 8, 0, 0, 0, berlin))
	e.submitMeterReading("web", "citizen-1")
	e.escalate("web", "citizen-2") // a meter reading in the Stadtwerke's queue: root opens it

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "e2e/admin.mjs", e.srv.URL, shots, testPassword)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if sc.Text() == "ESCALATE" { // a question for a person before any service: the general queue
			e.citizen("web", "citizen-3", textIn("Hallo"))
			e.citizen("web", "citizen-3", channels.Inbound{Choice: "staff"})
		}
	}
	err = cmd.Wait()
	t.Logf("%s", out.String())
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
