package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"amtsbote/config"
	"amtsbote/pgp"
)

func TestGDPRExportAndDelete(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden", "7654321")
	out := filepath.Join(t.TempDir(), "export.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"gdpr", "export", "--data", dir, "--channel", "console", "--out", out, "terminal"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	data, _ := os.ReadFile(out)
	sig, _ := os.ReadFile(out + ".asc")
	var a subjectArchive
	if err := json.Unmarshal(data, &a); err != nil || len(a.Conversations) != 1 {
		t.Fatalf("archive: %v, %d conversations", err, len(a.Conversations))
	}
	if !strings.Contains(string(data), "7654321") {
		t.Fatal("the archive lacks what the citizen wrote")
	}
	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := portal.VerifyDetached(data, string(sig)); err != nil {
		t.Fatalf("signature: %v", err)
	}
	if err := portal.VerifyDetached(append(data, ' '), string(sig)); err == nil {
		t.Fatal("a changed archive verified")
	}

	stdout.Reset()
	code = run(context.Background(), []string{"gdpr", "delete", "--data", dir, "--channel", "console", "terminal"}, nil, &stdout, &stderr)
	if code != 0 || !strings.Contains(stdout.String(), "deleted 1 conversation") {
		t.Fatalf("delete exited %d: %s %s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	run(context.Background(), []string{"gdpr", "export", "--data", dir, "--channel", "console", "--out", out, "terminal"}, nil, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "(0 conversation(s))") {
		t.Fatalf("after delete the export still finds data: %s", stdout.String())
	}
	entries, err := func() ([]string, error) {
		c := config.Default()
		c.Data = dir
		a, err := openApp(c, quietLog())
		if err != nil {
			return nil, err
		}
		defer a.close()
		log, err := a.db.AuditLog(0, 10)
		var out []string
		for _, e := range log {
			out = append(out, e.Action+" "+e.Object)
		}
		return out, err
	}()
	if err != nil || len(entries) < 2 || !strings.Contains(strings.Join(entries, "|"), "gdpr-export") || !strings.Contains(strings.Join(entries, "|"), "gdpr-delete") {
		t.Fatalf("audit log: %v %v", entries, err)
	}
	if strings.Contains(strings.Join(entries, "|"), "terminal") {
		t.Fatal("the audit log names the address")
	}
	// The citizen starts afresh.
	turns := chat(t, dir, "hallo")
	if !strings.Contains(turns[0][0].Text, "Guten Tag") {
		t.Fatalf("after delete the bot did not greet a new conversation: %+v", turns[0])
	}
}

func TestRetentionRunDeletesExpired(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden")
	c := config.Default()
	c.Data = dir
	a, err := openApp(c, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx := context.Background()
	if n, err := retentionOnce(ctx, a.db, c.Retention, time.Now()); err != nil || n != 0 {
		t.Fatalf("fresh data deleted: %d %v", n, err)
	}
	later := time.Now().Add(time.Duration(c.Retention.ConversationDays+1) * 24 * time.Hour)
	if n, err := retentionOnce(ctx, a.db, c.Retention, later); err != nil || n != 1 {
		t.Fatalf("expired conversation not deleted: %d %v", n, err)
	}
	if _, err := a.db.Lookup("console", "terminal"); err == nil {
		t.Fatal("the expired conversation is still bound")
	}
}
