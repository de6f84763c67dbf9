package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/pgp"
	"amtsbote/store"
)

func openTest(t testing.TB, dir string) *DB {
	t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("test"), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir, p, Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var quiet = slog.New(slog.DiscardHandler)

var t0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func turn(conv, msgID, text string) store.Turn {
	return store.Turn{
		Conversation: conv, Channel: "web", Address: "session-secret-address", Bind: true,
		DedupeKey: "web\x00" + msgID, Time: t0, State: []byte(`{"answer":"` + text + `"}`),
		Meta:    store.Meta{Language: "de", Service: "meter-reading"},
		Entries: []store.Entry{{Kind: store.EntryIn, Body: []byte(text)}, {Kind: store.EntryOut, Body: []byte("reply to " + text)}},
		Outbox:  []store.OutboxItem{{Channel: "web", Address: "session-secret-address", Body: []byte("reply to " + text)}},
		Cases:   nil,
	}
}

func TestTurnRoundTripAndNoPlaintext(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	tr := turn("c1", "m1", "Zaehlerstand-4711-geheim")
	tr.Cases = []cases.Case{{Ref: "AB-2026-000007", Service: "meter-reading", Status: "submitted", Created: t0, Answers: map[string]string{"name": "Erika Mustermann"}}}
	res, err := d.CommitTurn(ctx, tr)
	if err != nil {
		t.Fatal(err)
	}
	if res.Duplicate || len(res.OutboxIDs) != 1 {
		t.Fatalf("result %+v", res)
	}
	if id, err := d.Lookup("web", "session-secret-address"); err != nil || id != "c1" {
		t.Fatalf("lookup: %q %v", id, err)
	}
	if _, err := d.Lookup("web", "other"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("lookup of unknown: %v", err)
	}
	c, err := d.Conversation("c1")
	if err != nil || string(c.State) != `{"answer":"Zaehlerstand-4711-geheim"}` || c.Address != "session-secret-address" {
		t.Fatalf("conversation: %+v %v", c, err)
	}
	entries, err := d.Transcript("c1", 0)
	if err != nil || len(entries) != 2 || string(entries[1].Body) != "reply to Zaehlerstand-4711-geheim" || entries[1].Kind != store.EntryOut {
		t.Fatalf("transcript: %+v %v", entries, err)
	}
	if later, _ := d.Transcript("c1", 1); len(later) != 1 {
		t.Fatalf("transcript after 1: %d entries", len(later))
	}
	cs, err := d.Case("AB-2026-000007")
	if err != nil || cs.Answers["name"] != "Erika Mustermann" {
		t.Fatalf("case: %+v %v", cs, err)
	}
	if n, _ := d.MaxCaseNumber("AB", 2026); n != 7 {
		t.Fatalf("max case number %d", n)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Zaehlerstand", "4711", "geheim", "session-secret-address", "Erika", "Mustermann", "reply to"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the store file contains %q in plaintext", secret)
		}
	}
	// Reopen: everything reads back with the same key.
	d2 := openTest(t, dir)
	defer d2.Close()
	if c, err := d2.Conversation("c1"); err != nil || c.Address != "session-secret-address" {
		t.Fatalf("after reopen: %+v %v", c, err)
	}
	if id, _ := d2.Lookup("web", "session-secret-address"); id != "c1" {
		t.Fatal("lookup after reopen failed")
	}
}

func TestDuplicateTurnWritesNothing(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	if _, err := d.CommitTurn(ctx, turn("c1", "m1", "eins")); err != nil {
		t.Fatal(err)
	}
	res, err := d.CommitTurn(ctx, turn("c1", "m1", "eins"))
	if err != nil || !res.Duplicate || len(res.OutboxIDs) != 0 {
		t.Fatalf("second commit: %+v %v", res, err)
	}
	if seen, _ := d.Seen("web\x00m1"); !seen {
		t.Fatal("not seen")
	}
	entries, _ := d.Transcript("c1", 0)
	due, _, _ := d.Due("web", t0, 10)
	if len(entries) != 2 || len(due) != 1 {
		t.Fatalf("duplicate wrote: %d entries, %d outbox", len(entries), len(due))
	}
}

func TestOutboxLifecycle(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	d.CommitTurn(ctx, turn("c1", "m1", "eins"))
	d.CommitTurn(ctx, turn("c1", "m2", "zwei"))
	due, next, err := d.Due("web", t0, 10)
	if err != nil || len(due) != 2 || !next.IsZero() {
		t.Fatalf("due: %d %v %v", len(due), next, err)
	}
	if string(due[0].Body) != "reply to eins" || due[0].Address != "session-secret-address" || due[0].Conversation != "c1" {
		t.Fatalf("first due: %+v", due[0])
	}
	if err := d.Retry(ctx, "web", due[0].ID, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := d.Delivered(ctx, "web", due[1].ID); err != nil {
		t.Fatal(err)
	}
	due2, next, _ := d.Due("web", t0, 10)
	if len(due2) != 0 || !next.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after retry: %d due, next %v", len(due2), next)
	}
	due3, _, _ := d.Due("web", t0.Add(time.Minute), 10)
	if len(due3) != 1 || due3[0].Attempts != 1 {
		t.Fatalf("retry not due again: %+v", due3)
	}
	if err := d.GiveUp(ctx, "web", due3[0].ID, "no such address", t0); err != nil {
		t.Fatal(err)
	}
	if left, _, _ := d.Due("web", t0.Add(time.Hour), 10); len(left) != 0 {
		t.Fatal("given-up item still due")
	}
	if other, _, _ := d.Due("telegram", t0, 10); len(other) != 0 {
		t.Fatal("items leaked to another channel")
	}
}

func TestGroupCommitConcurrentTurns(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tr := turn(fmt.Sprintf("c%d", i), fmt.Sprintf("m%d", i), "x")
			tr.Address = fmt.Sprintf("a%d", i)
			if _, err := d.CommitTurn(ctx, tr); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	due, _, _ := d.Due("web", t0, 1000)
	if len(due) != 200 {
		t.Fatalf("%d outbox items, want 200", len(due))
	}
}

func TestFailingTurnDoesNotSinkItsBatch(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	bad := turn("c1", "m1", "x")
	bad.Cases = []cases.Case{{Ref: "AB-2026-000001", Service: "s", Status: "submitted", Answers: map[string]string{}}}
	if _, err := d.CommitTurn(ctx, bad); err != nil {
		t.Fatal(err)
	}
	dup := turn("c2", "m2", "y")
	dup.Address = "b"
	dup.Cases = bad.Cases // same reference: must fail
	if _, err := d.CommitTurn(ctx, dup); err == nil {
		t.Fatal("a second case with the same reference was accepted")
	}
	if _, err := d.Conversation("c2"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("failed turn left a conversation: %v", err)
	}
	if seen, _ := d.Seen("web\x00m2"); seen {
		t.Fatal("failed turn left its dedupe key")
	}
}

func TestNewerSchemaAndCorruptFile(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	d.Close()
	bdb, err := bbolt.Open(filepath.Join(dir, FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	bdb.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bMeta).Put(kSchema, []byte("99")) })
	bdb.Close()
	p, _ := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("test"), Log: quiet})
	if _, err := Open(dir, p, Options{}); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("newer schema: %v", err)
	}
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, FileName), bytes.Repeat([]byte("garbage!"), 2048), 0o600)
	if _, err := Open(corrupt, p, Options{}); err == nil {
		t.Fatal("opened a corrupt file")
	}
}

func TestWrongPortalKey(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	d.Close()
	other, _ := pgp.LoadOrCreate(pgp.Options{Dir: t.TempDir(), Passphrase: []byte("x"), Log: quiet})
	if _, err := Open(dir, other, Options{}); err == nil {
		t.Fatal("opened a store with another portal key")
	}
}

func TestClosedStoreRefusesWrites(t *testing.T) {
	d := openTest(t, t.TempDir())
	d.Close()
	if _, err := d.CommitTurn(context.Background(), turn("c1", "m1", "x")); !errors.Is(err, store.ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
}

func BenchmarkStoreTurnParallel(b *testing.B) {
	d := openTest(b, b.TempDir())
	defer d.Close()
	ctx := context.Background()
	var n int64
	var mu sync.Mutex
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		mu.Lock()
		n++
		conv := fmt.Sprintf("bench-%d", n)
		mu.Unlock()
		i := 0
		for pb.Next() {
			i++
			tr := turn(conv, fmt.Sprintf("%s-%d", conv, i), "Zählerstand 12345,6")
			tr.Address = conv
			if _, err := d.CommitTurn(ctx, tr); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestChannelStateSealedAndDurable(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	if _, err := d.ChannelState("email", "erika@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unset: %v", err)
	}
	if err := d.SetChannelState(ctx, "email", "erika@example.org", []byte("public-key-of-erika")); err != nil {
		t.Fatal(err)
	}
	d.Close()
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	if bytes.Contains(raw, []byte("erika")) || bytes.Contains(raw, []byte("public-key")) {
		t.Fatal("channel state in plaintext")
	}
	d = openTest(t, dir)
	defer d.Close()
	if v, err := d.ChannelState("email", "erika@example.org"); err != nil || string(v) != "public-key-of-erika" {
		t.Fatalf("after reopen: %q %v", v, err)
	}
	d.SetChannelState(ctx, "email", "erika@example.org", nil)
	if _, err := d.ChannelState("email", "erika@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestDueKeepsAConversationsOrderAcrossRetries(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	d.CommitTurn(ctx, turn("c1", "m1", "eins"))
	d.CommitTurn(ctx, turn("c1", "m2", "zwei"))
	other := turn("c2", "m3", "anders")
	other.Address = "b"
	d.CommitTurn(ctx, other)
	due, _, _ := d.Due("web", t0, 10)
	// The first reply failed and waits; as after a restart, nothing in
	// memory remembers that.
	d.Retry(ctx, "web", due[0].ID, t0.Add(time.Minute))
	due, next, _ := d.Due("web", t0, 10)
	if len(due) != 1 || due[0].Conversation != "c2" || !next.Equal(t0.Add(time.Minute)) {
		t.Fatalf("due while c1's first reply waits: %+v, next %v", due, next)
	}
	due, _, _ = d.Due("web", t0.Add(time.Minute), 10)
	if len(due) != 3 || string(due[0].Body) != "reply to eins" || string(due[1].Body) != "reply to zwei" {
		t.Fatalf("after the retry time: %d items", len(due))
	}
}

func TestDeliveredReminderEntersTheTranscript(t *testing.T) {
	d := openTest(t, t.TempDir())
	defer d.Close()
	ctx := context.Background()
	tr := turn("c1", "m1", "Termin buchen")
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: "web", Address: "a", Body: []byte("Erinnerung an morgen"), At: t0.Add(time.Hour)})
	if _, err := d.CommitTurn(ctx, tr); err != nil {
		t.Fatal(err)
	}
	before, _ := d.Transcript("c1", 0)
	due, _, _ := d.Due("web", t0.Add(2*time.Hour), 10)
	if len(due) != 2 {
		t.Fatalf("%d due", len(due))
	}
	for _, it := range due {
		if err := d.Delivered(ctx, "web", it.ID); err != nil {
			t.Fatal(err)
		}
		// Delivering again (a retry after a crash) adds nothing.
		if err := d.Delivered(ctx, "web", it.ID); err != nil {
			t.Fatal(err)
		}
	}
	after, _ := d.Transcript("c1", 0)
	if len(after) != len(before)+1 || string(after[len(after)-1].Body) != "Erinnerung an morgen" || after[len(after)-1].Kind != store.EntryOut {
		t.Fatalf("transcript before %d, after %d entries", len(before), len(after))
	}
}
