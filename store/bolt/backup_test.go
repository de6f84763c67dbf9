package bolt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestHotBackupRestoresAConversation(t *testing.T) {
	dir := t.TempDir()
	d := openTest(t, dir)
	if _, err := d.CommitTurn(context.Background(), turn("c1", "m1", "vor dem Backup")); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	f, _ := os.Create(backup)
	if _, err := d.Backup(f); err != nil { // while the store is open and serving
		t.Fatal(err)
	}
	f.Close()
	// A turn after the backup is not in it.
	d.CommitTurn(context.Background(), turn("c2", "m2", "nach dem Backup"))

	if err := Restore(backup, dir); !errors.Is(err, ErrInUse) {
		t.Fatalf("restore over a running store: %v", err)
	}
	if _, err := BackupClosed(dir, new(discard)); !errors.Is(err, ErrInUse) {
		t.Fatalf("offline backup of a running store: %v", err)
	}
	d.Close()

	if err := Restore(backup, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, FileName+".before-restore")); err != nil {
		t.Fatal("the replaced store was not kept")
	}
	d = openTest(t, dir)
	defer d.Close()
	entries, err := d.Transcript("c1", 0)
	if err != nil || len(entries) != 2 || string(entries[0].Body) != "vor dem Backup" {
		t.Fatalf("restored transcript: %v %v", entries, err)
	}
	if _, err := d.Conversation("c2"); err == nil {
		t.Fatal("restored store has a conversation from after the backup")
	}
}

func TestRestoreRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database"), 0o600)
	if err := Restore(bad, t.TempDir()); err == nil {
		t.Fatal("restored a file that is no store")
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
