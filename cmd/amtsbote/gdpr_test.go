package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"amtsbote/app"
	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/privacy"
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
	var a privacy.Archive
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
		a, err := app.Build(c, quietLog(), app.Options{})
		if err != nil {
			return nil, err
		}
		defer a.Close()
		log, err := a.DB.AuditLog(0, 10)
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
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	if n, err := privacy.RetentionOnce(ctx, a.DB, c.Retention, time.Now(), nil); err != nil || n != 0 {
		t.Fatalf("fresh data deleted: %d %v", n, err)
	}
	later := time.Now().Add(time.Duration(c.Retention.ConversationDays+1) * 24 * time.Hour)
	if n, err := privacy.RetentionOnce(ctx, a.DB, c.Retention, later, nil); err != nil || n != 1 {
		t.Fatalf("expired conversation not deleted: %d %v", n, err)
	}
	if _, err := a.DB.Lookup("console", "terminal"); err == nil {
		t.Fatal("the expired conversation is still bound")
	}
}

func TestGDPRExportHoldsTheBookings(t *testing.T) {
	dir := t.TempDir()
	turns := chat(t, dir, "Termin vereinbaren", "Standesamt", "nächster freier Termin")
	offered := last(turns[2]).Options
	if len(offered) == 0 || !strings.HasPrefix(offered[0].Value, "standesamt/") {
		t.Fatalf("no slot offered: %+v", last(turns[2]))
	}
	slot := offered[0].Value
	turns = chat(t, dir, slot, "Erika Mustermann", "0170 1234567", "Absenden")
	booked := turns[3][0].Text
	ref := regexp.MustCompile(`AB-\d{4}-\d{6}`).FindString(booked)
	if !strings.Contains(booked, "Ihr Termin ist gebucht") || ref == "" {
		t.Fatalf("not booked: %q", booked)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	start, err := time.ParseInLocation("20060102T1504", strings.TrimPrefix(slot, "standesamt/"), loc)
	if err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "export.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"gdpr", "export", "--data", dir, "--channel", "console", "--out", out, "terminal"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, stderr.String())
	}
	data, _ := os.ReadFile(out)
	var a privacy.Archive
	if err := json.Unmarshal(data, &a); err != nil || len(a.Conversations) != 1 {
		t.Fatalf("archive: %v, %d conversations", err, len(a.Conversations))
	}
	bs := a.Conversations[0].Bookings
	if len(bs) != 1 {
		t.Fatalf("%d bookings in the export, want 1:\n%s", len(bs), data)
	}
	b := bs[0]
	if b.Ref != ref || b.Office != "standesamt" || b.OfficeName == "" || !strings.Contains(b.OfficeAddress, "Marienplatz") ||
		b.Service != "civil-certificate" || b.ServiceTitle == "" || b.Status != "booked" {
		t.Errorf("booking %+v", b)
	}
	// Times read as the citizen booked them: in the city's time zone.
	if !b.Start.Equal(start) || !b.End.After(b.Start) || !strings.Contains(string(data), `"start": "`+start.Format(time.RFC3339)+`"`) {
		t.Errorf("booking from %v to %v, want the slot at %v in the city's time", b.Start, b.End, start)
	}
	if b.Name != "Erika Mustermann" || b.Contact != "+491701234567" {
		t.Errorf("name and contact given: %q %q", b.Name, b.Contact)
	}
	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := os.ReadFile(out + ".asc")
	if err := portal.VerifyDetached(data, string(sig)); err != nil {
		t.Fatalf("signature: %v", err)
	}
}

// What the email channel keeps about an address (its public key, the mail
// thread, held replies) is exported and erased with the rest.
func TestGDPRCoversTheEmailChannelsState(t *testing.T) {
	dir := t.TempDir()
	c := config.Default()
	c.Data = dir
	const addr = "erika@example.org"
	keys := map[string]string{"thread:" + addr: `{"message_id":"a1@example.org","subject":"Zählerstand"}`,
		"held:" + addr: `[{"id":"x","message":{"text":"Ihre Antwort an Erika"}}]`}
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range keys {
		if err := a.DB.SetChannelState(context.Background(), "email", k, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()

	out := filepath.Join(t.TempDir(), "export.json")
	// The address as a person may type it: the channel keeps it in lower case.
	gdprCmd(t, "export", "--data", dir, "--channel", "email", "--out", out, " Erika@Example.ORG")
	data, _ := os.ReadFile(out)
	var archive struct {
		State map[string]json.RawMessage `json:"channel_state"`
	}
	if err := json.Unmarshal(data, &archive); err != nil || len(archive.State) != 2 ||
		!strings.Contains(string(archive.State["thread"]), "a1@example.org") || !strings.Contains(string(archive.State["held_replies"]), "Ihre Antwort") {
		t.Fatalf("the export lacks the email channel's state (%v):\n%s", err, data)
	}
	gdprCmd(t, "delete", "--data", dir, "--channel", "email", "Erika@example.org")
	a, err = app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for k := range keys {
		if _, err := a.DB.ChannelState("email", k); err == nil {
			t.Errorf("%s is still stored after the erasure", strings.SplitN(k, ":", 2)[0])
		}
	}
}
