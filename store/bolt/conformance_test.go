package bolt_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"amtsbote/pgp"
	"amtsbote/store/bolt"
	"amtsbote/store/storetest"
)

// TestConformance runs the store suite against a bbolt file in a temporary
// directory.
func TestConformance(t *testing.T) { storetest.Run(t, openBolt) }

// openBolt is the suite's Harness over one data directory: the portal key
// and the store file, as the server keeps them.
func openBolt(t *testing.T) storetest.Harness {
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	opts := pgp.Options{Dir: dir, Passphrase: []byte("conformance"), Log: log}
	var db *bolt.DB
	var portal *pgp.Portal
	return storetest.Harness{
		Open: func(t *testing.T) storetest.Store {
			t.Helper()
			p, err := pgp.LoadOrCreate(opts)
			if err != nil {
				t.Fatalf("portal key: %v", err)
			}
			d, err := bolt.Open(dir, p, bolt.Options{Log: log})
			if err != nil {
				t.Fatalf("open store: %v", err)
			}
			db, portal = d, p
			return d
		},
		Close: func(t *testing.T) {
			t.Helper()
			if err := db.Close(); err != nil {
				t.Fatalf("close store: %v", err)
			}
		},
		RawBytes: func(t *testing.T) []byte {
			t.Helper()
			files, err := filepath.Glob(filepath.Join(dir, bolt.FileName+"*"))
			if err != nil || len(files) == 0 {
				t.Fatalf("store files: %v %v", files, err)
			}
			var raw []byte
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				raw = append(raw, b...)
			}
			return raw
		},
		RotateKey: func(t *testing.T) {
			t.Helper()
			next, err := pgp.GenerateNext(opts, portal)
			if err != nil {
				t.Fatalf("new key: %v", err)
			}
			if _, err := bolt.Rewrap(dir, portal, next); err != nil {
				t.Fatalf("rewrap: %v", err)
			}
			if _, err := pgp.CommitNext(dir, time.Now()); err != nil {
				t.Fatalf("commit key: %v", err)
			}
			if strings.EqualFold(next.Fingerprint(), portal.Fingerprint()) {
				t.Fatal("the rotation kept the key")
			}
		},
	}
}
