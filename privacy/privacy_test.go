package privacy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/internal/harness"
	"amtsbote/privacy"
)

// say sends text from a web address through the running core.
func say(t *testing.T, core *harness.Core, address string, n int, text string) {
	t.Helper()
	_, err := core.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: address,
		MessageID: fmt.Sprint("m", n), Text: text})
	if err != nil {
		t.Fatal(err)
	}
}

func TestExportIsSignedAndDeleteErasesAndAudits(t *testing.T) {
	core := harness.Start(t, harness.Options{})
	say(t, core, "citizen-1", 1, "Zählerstand melden")
	say(t, core, "citizen-1", 2, "7654321")
	ctx := context.Background()
	r := privacy.Request{Channel: "web", Address: " citizen-1 ", Actor: "erika"}
	ex, err := privacy.Export(ctx, core.DB, core.Portal, privacy.Names{}, r, time.Now().UTC())
	if err != nil || ex.Conversations != 1 || ex.Portal != core.Portal.Fingerprint() {
		t.Fatalf("export: %+v %v", ex, err)
	}
	if err := core.Portal.VerifyDetached(ex.Archive, ex.Signature); err != nil {
		t.Fatalf("signature: %v", err)
	}
	var a privacy.Archive
	if err := json.Unmarshal(ex.Archive, &a); err != nil || len(a.Conversations) != 1 || !strings.Contains(string(ex.Archive), "7654321") {
		t.Fatalf("archive (%v):\n%s", err, ex.Archive)
	}

	d, err := privacy.Delete(ctx, core.DB, r, core.App.Erase)
	if err != nil || d.Conversations != 1 {
		t.Fatalf("delete: %+v %v", d, err)
	}
	if ex, err = privacy.Export(ctx, core.DB, core.Portal, privacy.Names{}, r, time.Now().UTC()); err != nil || ex.Conversations != 0 {
		t.Fatalf("after the erasure the export finds %d conversations (%v)", ex.Conversations, err)
	}
	entries, err := core.DB.AuditLog(0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, e := range entries {
		log = append(log, e.Actor+" "+e.Action+" "+e.Object)
	}
	all := strings.Join(log, "\n")
	if strings.Count(all, "cli:erika gdpr-export web:") != 2 || !strings.Contains(all, "cli:erika gdpr-delete web:") || strings.Contains(all, "citizen-1") {
		t.Fatalf("audit log:\n%s", all)
	}
}

func TestRetentionDeletesWhatExpired(t *testing.T) {
	core := harness.Start(t, harness.Options{})
	say(t, core, "citizen-2", 1, "Zählerstand melden")
	ctx := context.Background()
	r := config.Default().Retention
	if n, err := privacy.RetentionOnce(ctx, core.DB, r, time.Now(), core.App.Erase); err != nil || n != 0 {
		t.Fatalf("fresh data deleted: %d %v", n, err)
	}
	later := time.Now().Add(time.Duration(r.ConversationDays+1) * 24 * time.Hour)
	if n, err := privacy.RetentionOnce(ctx, core.DB, r, later, nil); err != nil || n != 1 {
		t.Fatalf("expired conversation not deleted: %d %v", n, err)
	}
	if _, err := core.DB.Lookup("web", "citizen-2"); err == nil {
		t.Fatal("the expired conversation is still bound")
	}
}

func TestDecodeRequest(t *testing.T) {
	req, err := privacy.DecodeRequest(strings.NewReader(`{"channel":"email","address":"a@b.de","actor":"x\u0007y"}`))
	if err != nil || req.Actor != "unknown" || req.Address != "a@b.de" {
		t.Fatalf("%+v %v", req, err)
	}
	for _, bad := range []string{`{"channel":"email"}`, `{"channel":"email","address":"a","extra":1}`, `not json`} {
		if _, err := privacy.DecodeRequest(strings.NewReader(bad)); err == nil || !strings.HasPrefix(err.Error(), "bad request") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
