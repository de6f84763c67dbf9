package bolt

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"amtsbote/cases"
	"amtsbote/store"
)

func TestRetentionShredsExpiredConversations(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	ctx := context.Background()
	old := turn("old", "m1", "alte-Nachricht-4711")
	old.Time = t0.Add(-200 * 24 * time.Hour)
	old.Address = "old-address"
	old.Cases = []cases.Case{{Ref: "AB-2026-000001", Service: "meter-reading", Status: "closed", Created: old.Time, Answers: map[string]string{"name": "Alte Akte"}}}
	if _, err := d.CommitTurn(ctx, old); err != nil {
		t.Fatal(err)
	}
	openCase := turn("pending", "m2", "offener-Antrag")
	openCase.Time, openCase.Address = old.Time, "pending-address"
	openCase.Cases = []cases.Case{{Ref: "AB-2026-000002", Service: "meter-reading", Status: "submitted", Created: old.Time, Answers: map[string]string{}}}
	d.CommitTurn(ctx, openCase)
	fresh := turn("fresh", "m3", "neue-Nachricht")
	fresh.Address = "fresh-address"
	d.CommitTurn(ctx, fresh)

	// What the deleted conversation left in the file, to grep for later.
	var wrapped, sealed []byte
	d.view(func(tx *bbolt.Tx) error {
		wrapped = append([]byte{}, tx.Bucket(bKeys).Get([]byte("old"))...)
		sealed = append([]byte{}, tx.Bucket(bTranscript).Get(seqKey([]byte("old"), 1))...)
		return nil
	})

	// What the staff console keeps about it goes too.
	if _, err := d.AddNote(ctx, "old", store.Note{Time: old.Time, Author: "anna", Text: "interne-Notiz-geheim"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SetCaseStatus(ctx, "AB-2026-000001", cases.Change{Time: old.Time, Actor: "anna", Status: "closed", Note: "erledigt"},
		func(from, to string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	r := store.Retention{ConversationIdle: 180 * 24 * time.Hour, Cases: map[string]time.Duration{"closed": 90 * 24 * time.Hour}}
	ids, err := d.Expired(r, t0)
	if err != nil || len(ids) != 1 || ids[0] != "old" {
		t.Fatalf("expired: %v %v", ids, err)
	}
	gone, err := d.Delete(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	// The running server's views learn which cases went.
	if len(gone.Conversations) != 1 || gone.Conversations[0] != "old" || len(gone.Cases) != 1 || gone.Cases[0] != "AB-2026-000001" {
		t.Fatalf("deleted: %+v", gone)
	}
	// Deleting alone leaves the bytes in freed pages: this is what
	// compaction is for (and what makes the check below able to fail).
	raw, _ := os.ReadFile(filepath.Join(dir, FileName))
	if !bytes.Contains(raw, wrapped) {
		t.Fatal("precondition: the wrapped key should still be in a freed page before compaction")
	}
	if err := d.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	// The store still works after the swap, for reads and writes.
	if c, err := d.Conversation("fresh"); err != nil || c.Address != "fresh-address" {
		t.Fatalf("fresh conversation after compaction: %v", err)
	}
	if _, err := d.Conversation("pending"); err != nil {
		t.Fatal("a conversation with an open case was deleted")
	}
	if _, err := d.CommitTurn(ctx, turn("fresh", "m4", "danach")); err != nil {
		t.Fatalf("write after compaction: %v", err)
	}
	if _, err := d.Conversation("old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted conversation: %v", err)
	}
	if _, err := d.Lookup("web", "old-address"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("binding of the deleted conversation is left")
	}
	if _, err := d.Case("AB-2026-000001"); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("case of the deleted conversation is left")
	}
	if notes, _ := d.Notes("old"); len(notes) != 0 {
		t.Fatal("staff notes of the deleted conversation are left")
	}
	if h, _ := d.CaseHistory("AB-2026-000001"); len(h) != 0 {
		t.Fatal("the status history of the deleted case is left")
	}
	if due, _, _ := d.Due("web", t0, 100); len(due) != 3 { // pending, fresh, fresh again
		t.Fatalf("%d outbox items left, want 3", len(due))
	}
	d.Close()
	raw, _ = os.ReadFile(filepath.Join(dir, FileName))
	if bytes.Contains(raw, wrapped) {
		t.Fatal("the deleted conversation's wrapped key is still in the file")
	}
	if bytes.Contains(raw, sealed[9:]) {
		t.Fatal("the deleted conversation's sealed messages are still in the file")
	}
	if _, err := os.Stat(filepath.Join(dir, FileName+".compact")); !os.IsNotExist(err) {
		t.Fatal("compaction left its temporary file")
	}
}
