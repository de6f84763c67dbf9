package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/app"
	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/privacy"
	"amtsbote/store"
)

// fileCase files a meter reading on the console and returns its reference
// and access code, as the citizen was told them.
func fileCase(t *testing.T, dir string) (ref, code string) {
	t.Helper()
	turns := chat(t, dir, "Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "Absenden")
	var done string
	for _, l := range turns[len(turns)-1] {
		done += l.Text + "\n"
	}
	ref = regexp.MustCompile(`AB-\d{4}-\d{6}`).FindString(done)
	m := regexp.MustCompile(`Zugangscode: ([A-Z0-9]{4}-[A-Z0-9]{4})`).FindStringSubmatch(done)
	if ref == "" || m == nil {
		t.Fatalf("no reference or access code after submitting: %q", done)
	}
	return ref, m[1]
}

// runningApp is the composition root with its gateway running, as serve
// has it.
func runningApp(t *testing.T, c config.Config) *app.App {
	t.Helper()
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = a.Gateway.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		a.Close()
	})
	return a
}

var askIDs atomic.Int64

// ask sends text from a console address through the running gateway and
// returns the bot's replies to it.
func ask(t *testing.T, a *app.App, address, text string) string {
	t.Helper()
	rc, err := a.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "console", Address: address,
		MessageID: fmt.Sprint("ask-", askIDs.Add(1)), Text: text})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := a.DB.Transcript(rc.Conversation, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0 && entries[i].Kind == store.EntryOut; i-- {
		var o channels.Outbound
		if err := json.Unmarshal(entries[i].Body, &o); err != nil {
			t.Fatal(err)
		}
		out = append([]string{o.Text}, out...)
	}
	return strings.Join(out, "\n")
}

func TestRetentionInTheRunningServerForgetsDeletedCases(t *testing.T) {
	dir := t.TempDir()
	ref, code := fileCase(t, dir)
	c := config.Default()
	c.Data = dir
	c.Retention.CaseDays = map[string]int{"submitted": 30} // this city lets submitted cases go
	a := runningApp(t, c)
	if _, ok := a.Cases.CaseStatus(ref, code); !ok {
		t.Fatal("precondition: the running server answers the case's status")
	}
	// Asked from another conversation, the engine answers from the index.
	question := "Wie ist der Stand von " + ref + "? Code " + code
	if got := ask(t, a, "neighbour", question); !strings.Contains(got, ref+": Zählerstand melden – eingegangen") {
		t.Fatalf("precondition: the status question is not answered: %q", got)
	}

	later := time.Now().Add(time.Duration(c.Retention.ConversationDays+1) * 24 * time.Hour)
	n, err := privacy.RetentionOnce(context.Background(), a.DB, c.Retention, later, a.Erase)
	if err != nil || n == 0 {
		t.Fatalf("retention deleted %d conversations: %v", n, err)
	}
	if _, err := a.DB.Case(ref); err == nil {
		t.Fatal("precondition: retention should have deleted the case")
	}
	if info, ok := a.Cases.CaseStatus(ref, code); ok {
		t.Fatalf("the deleted case is still answered from memory: %+v", info)
	}
	if got := ask(t, a, "neighbour", question); strings.Contains(got, "eingegangen") || !strings.Contains(got, "finde ich keinen Antrag") {
		t.Fatalf("the deleted case's status is still told: %q", got)
	}
}

func TestGDPRDeleteRefusesAStoreHeldWithoutAdminSocketAndStartForgets(t *testing.T) {
	dir := t.TempDir()
	ref, code := fileCase(t, dir)
	c := config.Default()
	c.Data = dir
	gdprDelete := func() (int, string) {
		var stdout, stderr strings.Builder
		n := run(context.Background(), []string{"gdpr", "delete", "--data", dir, "--channel", "console", "terminal"}, nil, &stdout, &stderr)
		return n, stdout.String() + stderr.String()
	}
	// While a process holds the store without answering on the admin
	// socket (here the app without serve), gdpr delete refuses: no memory
	// that cannot be told to forget may outlive an erasure.
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Cases.CaseStatus(ref, code); !ok {
		t.Fatal("precondition: the server answers the case's status")
	}
	if n, out := gdprDelete(); n != 1 || !strings.Contains(out, "stop it first") {
		t.Fatalf("gdpr delete beside a running server exited %d: %s", n, out)
	}
	a.Close()
	if n, out := gdprDelete(); n != 0 {
		t.Fatalf("gdpr delete exited %d: %s", n, out)
	}
	// The next start seeds its views from the store alone.
	a = runningApp(t, c)
	if _, ok := a.Cases.CaseStatus(ref, code); ok {
		t.Fatal("after gdpr delete and a restart the case is still answered")
	}
}

func TestRetentionRunPrunesOldMessageIDs(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden", "1234567")
	c := config.Default()
	c.Data = dir
	a := runningApp(t, c)
	ctx := context.Background()
	if n, err := privacy.DedupeOnce(ctx, a.DB, c.Retention, time.Now()); err != nil || n != 0 {
		t.Fatalf("fresh message ids pruned: %d %v", n, err)
	}
	later := time.Now().Add(time.Duration(c.Retention.DedupeDays+1) * 24 * time.Hour)
	off := c.Retention
	off.DedupeDays = 0
	if n, err := privacy.DedupeOnce(ctx, a.DB, off, later); err != nil || n != 0 {
		t.Fatalf("dedupe_days 0 pruned %d (%v)", n, err)
	}
	if n, err := privacy.DedupeOnce(ctx, a.DB, c.Retention, later); err != nil || n != 2 {
		t.Fatalf("pruned %d message ids (%v), want the 2 of the chat", n, err)
	}
	// The conversation itself stays, and goes on.
	if got := ask(t, a, "terminal", "abbrechen"); got == "" {
		t.Fatal("no answer after pruning")
	}
}
