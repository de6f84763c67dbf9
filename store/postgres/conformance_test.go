package postgres_test

import (
	"context"
	"log/slog"
	"os/exec"
	"strings"
	"testing"
	"time"

	"amtsbote/pgp"
	"amtsbote/store/postgres"
	"amtsbote/store/storetest"
)

// TestConformance runs the store suite against a database of its own per
// contract.
func TestConformance(t *testing.T) { storetest.Run(t, openPostgres) }

// openPostgres is the suite's Harness over one test database and a data
// directory for the portal key, as a node keeps them.
func openPostgres(t *testing.T) storetest.Harness {
	dbURL := testDatabase(t)
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	opts := pgp.Options{Dir: dir, Passphrase: []byte("conformance"), Log: log}
	var db *postgres.DB
	var portal *pgp.Portal
	h := storetest.Harness{
		Open: func(t *testing.T) storetest.Store {
			t.Helper()
			p, err := pgp.LoadOrCreate(opts)
			if err != nil {
				t.Fatalf("portal key: %v", err)
			}
			d, err := postgres.Open(context.Background(), dbURL, p, postgres.Options{Log: log, Node: "conformance"})
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
		RotateKey: func(t *testing.T) {
			t.Helper()
			next, err := pgp.GenerateNext(opts, portal)
			if err != nil {
				t.Fatalf("new key: %v", err)
			}
			if _, err := postgres.Rewrap(context.Background(), dbURL, portal, next); err != nil {
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
	// The bytes at rest are what the acceptance reads: a data-only
	// pg_dump of the test database (the tables' rows as PostgreSQL hands
	// them out, bytea in hex). It cannot show the WAL or the files' free
	// space; Delete's removal of the wrapped key covers those.
	if dump, err := exec.LookPath("pg_dump"); err == nil {
		h.RawBytes = func(t *testing.T) []byte {
			t.Helper()
			out, err := exec.Command(dump, "--data-only", "--dbname="+dbURL).Output()
			if err != nil {
				t.Fatalf("pg_dump: %v", err)
			}
			return out
		}
	} else {
		t.Logf("no pg_dump on PATH: the checks of the bytes at rest are skipped")
	}
	return h
}
