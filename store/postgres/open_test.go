package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/internal/pgtest"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/postgres"
)

// portalKey makes a portal key in a directory of its own.
func portalKey(t *testing.T) *pgp.Portal {
	t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: t.TempDir(), Passphrase: []byte("test"), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// open opens the store at u, failing the test on an error.
func open(t *testing.T, u string, p *pgp.Portal) *postgres.DB {
	t.Helper()
	d, err := postgres.Open(context.Background(), u, p, postgres.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenNewerSchema(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	open(t, u, p).Close()
	execSQL(t, u, `INSERT INTO schema_migrations (version, name) VALUES ($1, 'from-the-future.sql')`, postgres.SchemaVersion()+1)
	_, err := postgres.Open(context.Background(), u, p, postgres.Options{Log: slog.New(slog.DiscardHandler)})
	if !errors.Is(err, postgres.ErrNewerSchema) {
		t.Fatalf("open of a newer schema: %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("schema %d", postgres.SchemaVersion()+1)) {
		t.Errorf("the error does not name the schema: %v", err)
	}
}

func TestOpenWrongURL(t *testing.T) {
	u := testDatabase(t) // skips without a server: the cases below need one to tell them apart
	p := portalKey(t)
	for name, bad := range map[string]string{
		"unknown database": withDatabase(t, u, "amtsbote_no_such_database"),
		"closed port":      "postgres://postgres:geheim@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2",
		"not a URL":        "postgres://postgres:geheim@[::1/postgres",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := postgres.Open(context.Background(), bad, p, postgres.Options{
				Log: slog.New(slog.DiscardHandler), ConnectTimeout: 3 * time.Second})
			if !errors.Is(err, postgres.ErrUnreachable) {
				t.Fatalf("open %s: %v, want ErrUnreachable", name, err)
			}
			t.Logf("the error an operator reads: %v", err)
			if strings.Contains(err.Error(), "geheim") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestOpenWrongKey(t *testing.T) {
	u := testDatabase(t)
	open(t, u, portalKey(t)).Close()
	_, err := postgres.Open(context.Background(), u, portalKey(t), postgres.Options{Log: slog.New(slog.DiscardHandler)})
	if !errors.Is(err, postgres.ErrWrongKey) {
		t.Fatalf("open with another portal key: %v, want ErrWrongKey", err)
	}
}

func TestOpenWithoutPermission(t *testing.T) {
	u := testDatabase(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	role := "amtsbote_nocreate_" + hex.EncodeToString(b)
	execSQL(t, u, `CREATE ROLE `+role+` LOGIN`)
	t.Cleanup(func() { execSQL(t, pgtest.ServerURL(), `DROP ROLE IF EXISTS `+role) })
	execSQL(t, u, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`)
	as, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	as.User = url.User(role)
	_, err = postgres.Open(context.Background(), as.String(), portalKey(t), postgres.Options{Log: slog.New(slog.DiscardHandler)})
	if !errors.Is(err, postgres.ErrPermission) {
		t.Fatalf("open as a user who may not create tables: %v, want ErrPermission", err)
	}
	t.Logf("the error an operator reads: %v", err)
}

// Two nodes starting together on an empty database migrate it once and
// agree on one index key.
func TestNodesStartTogether(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	const n = 4
	dbs := make([]*postgres.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			dbs[i], errs[i] = postgres.Open(context.Background(), u, p, postgres.Options{Log: slog.New(slog.DiscardHandler)})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	for i := 1; i < n; i++ {
		if string(dbs[i].LinkMAC("x")) != string(dbs[0].LinkMAC("x")) {
			t.Fatalf("nodes 0 and %d use different index keys", i)
		}
	}
}

// Turns of one conversation sent to two nodes at once are serialised by
// the database: the transcript runs 1, 2, 3… without a gap or a repeat.
func TestTwoNodesOneConversation(t *testing.T) {
	u := testDatabase(t)
	p := portalKey(t)
	a, b := open(t, u, p), open(t, u, p)
	t0 := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	const turns = 10
	errs := make([]error, 2*turns)
	var wg sync.WaitGroup
	for i := range 2 * turns {
		node := a
		if i%2 == 1 {
			node = b
		}
		wg.Go(func() {
			tr := store.Turn{Conversation: "c1", Channel: "web", Address: "x", DedupeKey: fmt.Sprintf("m%d", i), Time: t0,
				Entries: []store.Entry{{Kind: store.EntryIn, Body: []byte("in")}, {Kind: store.EntryOut, Body: []byte("out")}},
				Outbox:  []store.OutboxItem{{Channel: "web", Address: "x", Body: []byte("out")}}}
			_, errs[i] = node.CommitTurn(context.Background(), tr)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
	}
	es, err := b.Transcript("c1", 0)
	if err != nil || len(es) != 4*turns {
		t.Fatalf("transcript: %d entries %v", len(es), err)
	}
	for i, e := range es {
		if e.Seq != uint64(i+1) {
			t.Fatalf("entry %d has seq %d", i, e.Seq)
		}
	}
	// Erased on one node, the conversation is gone for the other too, and
	// a new turn there starts it under a new key, not a key from memory.
	if _, err := a.Delete(context.Background(), []string{"c1"}); err != nil {
		t.Fatal(err)
	}
	tr := store.Turn{Conversation: "c1", Channel: "web", Address: "y", Time: t0, State: []byte("neu")}
	if _, err := b.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	if c, err := a.Conversation("c1"); err != nil || string(c.State) != "neu" || c.Address != "y" {
		t.Fatalf("the conversation begun again, read on the other node: %+v %v", c, err)
	}
	if es, _ := a.Transcript("c1", 0); len(es) != 0 {
		t.Errorf("the erased transcript is back: %d entries", len(es))
	}
}

// Times come back in UTC, as from store/bolt, whatever the session's zone.
func TestTimesInUTC(t *testing.T) {
	u := testDatabase(t)
	pu, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	execSQL(t, u, `ALTER DATABASE `+strings.TrimPrefix(pu.Path, "/")+` SET timezone TO 'Asia/Tokyo'`)
	d := open(t, u, portalKey(t))
	at := time.Date(2026, 12, 3, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	tr := store.Turn{Conversation: "c1", Channel: "web", Time: at, Bookings: []store.BookingChange{{Booking: cases.Booking{Ref: "AB-2026-000001",
		Office: "rathaus", Start: at, End: at.Add(15 * time.Minute), Slots: []time.Time{at}, Status: cases.BookingBooked}}}}
	if _, err := d.CommitTurn(context.Background(), tr); err != nil {
		t.Fatal(err)
	}
	c, err := d.ConversationInfo("c1")
	if err != nil || c.Created.Location() != time.UTC || !c.Created.Equal(at) {
		t.Fatalf("created %v (%v)", c.Created, err)
	}
	b, err := d.Booking("AB-2026-000001")
	if err != nil || len(b.Slots) != 1 || b.Slots[0].Location() != time.UTC || !b.Slots[0].Equal(at) {
		t.Fatalf("booking slots %v (%v)", b.Slots, err)
	}
}
