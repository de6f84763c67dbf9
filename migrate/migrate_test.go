package migrate_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/app"
	"amtsbote/cases"
	"amtsbote/config"
	"amtsbote/internal/harness"
	"amtsbote/internal/pgtest"
	"amtsbote/migrate"
	"amtsbote/pgp"
	"amtsbote/staff"
	"amtsbote/store"
	"amtsbote/store/postgres"
)

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

// portalOf loads the portal key of a node's data directory, as the
// command does.
func portalOf(t *testing.T, dir string) *pgp.Portal {
	t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte(harness.Config(dir).KeyPassphrase), Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// tables are the tables a move fills, with the columns compared between
// two databases: serial numbers a rolled-back transaction may have used
// are left out.
var tables = map[string]string{
	"meta": "*", "conv_keys": "*", "conversations": "*", "endpoints": "*", "transcript": "*", "dedupe": "*",
	"outbox": "*", "dead_letters": "*", "cases": "*", "case_history": "ref, at, actor, from_status, status, field, amended, note",
	"case_counters": "*", "bookings": "*", "booking_slots": "*", "channel_state": "*", "staff_accounts": "*",
	"staff_sessions": "*", "departments": "*", "canned_replies": "*", "staff_conversations": "*",
	"notes": "conversation, sealed", "audit": "*",
}

// contents returns, per table, its row count and a digest of its rows.
func contents(t *testing.T, url string) map[string]string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	out := map[string]string{}
	for table, cols := range tables {
		var n int
		var digest *string
		err := conn.QueryRow(ctx, `SELECT count(*), md5(string_agg(r::text, '|' ORDER BY r::text))
			FROM (SELECT `+cols+` FROM `+table+`) AS r`).Scan(&n, &digest)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		d := ""
		if digest != nil {
			d = *digest
		}
		out[table] = strconv.Itoa(n) + " " + d
	}
	return out
}

func TestMoveToPostgres(t *testing.T) {
	in := buildInstallation(t)
	url := pgtest.Database(t)
	ctx := context.Background()
	portal := portalOf(t, in.dir)
	rep, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first run:\n%s", rep)
	want := map[string]int{"conversations": 2, "cases": 2, "bookings": 1, "notes": 1}
	for _, c := range rep.Counts {
		if n, ok := want[c.Kind]; ok && (c.Read != n || c.Copied != n) {
			t.Errorf("%s: read %d, copied %d, want %d", c.Kind, c.Read, c.Copied, n)
		}
		if c.Read != c.Copied || c.Read == 0 && c.Kind != "dead letters" {
			t.Errorf("%s: read %d, copied %d", c.Kind, c.Read, c.Copied)
		}
	}
	first := contents(t, url)

	// Again: nothing is copied twice, the database is as it was.
	rep, err = migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Copied() != 0 {
		t.Errorf("the second run copied %d records:\n%s", rep.Copied(), rep)
	}
	if again := contents(t, url); !equal(again, first) {
		t.Errorf("the second run changed the database:\n%v\n%v", first, again)
	}

	checkNodeOnPostgres(t, in, url)
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// nodeOn builds a node's core on the database at url, with the portal key
// of the installation copied into a data directory of its own.
func nodeOn(t *testing.T, in installation, url string) *app.App {
	t.Helper()
	dir := t.TempDir()
	key, err := os.ReadFile(filepath.Join(in.dir, pgp.KeyFile))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, pgp.KeyFile), key, 0o600))
	c := harness.Config(dir)
	c.Store = config.Secret(url)
	a, err := app.Build(c, quiet(), app.Options{Now: func() time.Time { return in.now }})
	must(t, err)
	return a
}

// checkNodeOnPostgres starts the core on the database, with the portal key
// copied into a data directory of its own, and checks that the
// installation goes on there.
func checkNodeOnPostgres(t *testing.T, in installation, url string) {
	t.Helper()
	a := nodeOn(t, in, url)
	defer a.DB.Close()
	db := a.DB

	// The history reads back, the citizen's address finds it.
	got, err := db.Transcript(in.meterConv, 0)
	if err != nil || len(got) != len(in.transcript) {
		t.Fatalf("transcript: %d entries (want %d), %v", len(got), len(in.transcript), err)
	}
	for i := range got {
		if got[i].Seq != in.transcript[i].Seq || got[i].Kind != in.transcript[i].Kind || string(got[i].Body) != string(in.transcript[i].Body) {
			t.Fatalf("transcript entry %d differs: %+v", i, got[i])
		}
	}
	if conv, err := db.Lookup("web", "anna"); err != nil || conv != in.meterConv {
		t.Errorf("the citizen's address finds %q, %v", conv, err)
	}
	// The case look-up by reference and access code, and the link code.
	if _, ok := a.Cases.CaseStatus(in.meterRef, in.secret); !ok {
		t.Errorf("case %s is not found with its access code", in.meterRef)
	}
	if _, ok := a.Cases.CaseStatus(in.meterRef, "WRONG-CODE"); ok {
		t.Error("a wrong access code finds the case")
	}
	if conv, ok, err := a.Links.Resolve(context.Background(), in.linkCode); err != nil || !ok || conv != in.meterConv {
		t.Errorf("the link code resolves to %q %v %v", conv, ok, err)
	}
	// Staff log in with their password; the note, the audit log, the
	// booking, the outbox and the answer edited in the console are there.
	acc, err := db.StaffAccount("anna.admin")
	if err != nil || !staff.CheckPassword(acc.Password, "geheim-1234-lang") || staff.CheckPassword(acc.Password, "falsch") {
		t.Errorf("staff account %+v %v", acc, err)
	}
	if notes, err := db.Notes(in.meterConv); err != nil || len(notes) != 1 || notes[0].Text != "Rückruf vereinbart" {
		t.Errorf("notes %+v %v", notes, err)
	}
	log, err := db.AuditLog(0, 10)
	if err != nil || len(log) != len(in.audit) {
		t.Fatalf("audit log %+v %v, want %+v", log, err, in.audit)
	}
	for i, e := range log {
		w := in.audit[i]
		if e.Seq != w.Seq || !e.Time.Equal(w.Time) || e.Actor != w.Actor || e.Action != w.Action || e.Object != w.Object {
			t.Errorf("audit entry %d: %+v, want %+v", i, e, w)
		}
	}
	if b, err := db.Booking(in.bookingRef); err != nil || b.Office != "buergerbuero" || b.Status != "booked" || b.Name != "Bert Beispiel" {
		t.Errorf("booking %+v %v", b, err)
	}
	if depth, err := db.OutboxDepth(); err != nil || depth["web"] != in.outbox["web"] {
		t.Errorf("outbox %v %v, want %v", depth, err, in.outbox)
	}
	if h, err := a.Answers.History(in.answerID); err != nil || h.Published == nil {
		t.Errorf("the answer published in the console: %+v %v", h, err)
	}
	if v, err := db.ChannelState("telegram", "offset"); err != nil || string(v) != "4711" {
		t.Errorf("telegram's offset %q %v", v, err)
	}
	if h, err := db.CaseHistory(in.meterRef); err != nil || len(h) != 1 || h[0].Note != "Wird geprüft" || h[0].Status != cases.InReview {
		t.Errorf("case history %+v %v", h, err)
	}
	c, err := db.Case(in.meterRef)
	named := false
	for _, v := range c.Answers {
		named = named || strings.Contains(v, "Mustermann")
	}
	if err != nil || c.Status != cases.InReview || !named {
		t.Errorf("case %+v %v", c, err)
	}
	// The booking's reminder is its outbox item: marking the visit seen
	// drops it.
	if _, err := db.SetBookingStatus(context.Background(), in.bookingRef, cases.BookingSeen, in.now); err != nil {
		t.Fatal(err)
	}
	if depth, err := db.OutboxDepth(); err != nil || depth["web"] != in.outbox["web"]-1 {
		t.Errorf("outbox after the visit %v %v, want one item less than %v", depth, err, in.outbox)
	}
	// New audit entries, canned replies and outbox items count on past
	// the moved ones.
	must(t, db.Audit(context.Background(), store.AuditEntry{Time: in.now, Actor: "anna.admin", Action: "logout"}))
	if log, err := db.AuditLog(0, 1); err != nil || len(log) != 1 || log[0].Seq != uint64(len(in.audit))+1 {
		t.Errorf("the next audit entry: %+v %v", log, err)
	}
	if r, err := db.PutCannedReply(context.Background(), store.CannedReply{Title: "Tschüss", Text: "Auf Wiedersehen!"}); err != nil || r.ID != "c2" {
		t.Errorf("the next canned reply: %+v %v", r, err)
	}
	// A new case continues the numbering.
	conv := fileMeterReading(t, a.Gateway, "carla")
	cs, err := db.CasesOf(conv)
	if err != nil || len(cs) != 1 || cs[0].Ref != "AB-2026-000003" {
		t.Errorf("the new case: %+v %v (the moved ones: %s, %s)", cs, err, in.meterRef, in.bookingRef)
	}
	// A message of the moved conversation continues it.
	if c := say(t, a.Gateway, "anna", "Hallo", ""); c != in.meterConv {
		t.Errorf("anna's next message went to %s", c)
	}
}

func TestInterruptedMoveCompletes(t *testing.T) {
	in := buildInstallation(t)
	portal := portalOf(t, in.dir)
	ctx := context.Background()
	whole := pgtest.Database(t)
	if _, err := migrate.Run(ctx, in.dir, whole, portal, migrate.Options{Log: quiet()}); err != nil {
		t.Fatal(err)
	}
	want := contents(t, whole)

	// Cancelled after 5 records, one a transaction, then (again from the start) after 9,
	// then run to the end.
	url := pgtest.Database(t)
	for _, after := range []int{5, 9} {
		cctx, cancel := context.WithCancel(ctx)
		done := 0
		_, err := migrate.Run(cctx, in.dir, url, portal, migrate.Options{Log: quiet(), Batch: 1,
			Progress: func(string, int) {
				if done++; done == after {
					cancel()
				}
			}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a run cancelled after %d records: %v", after, err)
		}
	}
	if part := contents(t, url); equal(part, want) {
		t.Fatal("the cancelled runs copied everything: the test proves nothing")
	}
	rep, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Copied() == 0 {
		t.Error("the last run copied nothing")
	}
	if got := contents(t, url); !equal(got, want) {
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("%s: %s after the interruptions, %s uninterrupted", k, got[k], want[k])
			}
		}
	}
}

// Two moves into one database at once: both complete, nothing twice.
func TestConcurrentMoves(t *testing.T) {
	in := buildInstallation(t)
	portal := portalOf(t, in.dir)
	ctx := context.Background()
	whole := pgtest.Database(t)
	if _, err := migrate.Run(ctx, in.dir, whole, portal, migrate.Options{Log: quiet()}); err != nil {
		t.Fatal(err)
	}
	url := pgtest.Database(t)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet(), Batch: 1})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if got, want := contents(t, url), contents(t, whole); !equal(got, want) {
		t.Errorf("two moves at once:\n%v\none move:\n%v", got, want)
	}
}

func TestRefusals(t *testing.T) {
	in := buildInstallation(t)
	portal := portalOf(t, in.dir)
	ctx := context.Background()
	url := pgtest.Database(t)

	// No store in the directory; a directory that is not there.
	if _, err := migrate.Run(ctx, t.TempDir(), url, portal, migrate.Options{Log: quiet()}); err == nil ||
		!strings.Contains(err.Error(), "no Amtsbote store") {
		t.Errorf("an empty directory: %v", err)
	}
	if _, err := migrate.Run(ctx, filepath.Join(in.dir, "nope"), url, portal, migrate.Options{Log: quiet()}); err == nil ||
		!strings.Contains(err.Error(), "nope") {
		t.Errorf("a missing directory: %v", err)
	}
	// A running node holds the store.
	core := harness.Start(t, harness.Options{Dir: in.dir})
	if _, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()}); !errors.Is(err, migrate.ErrInUse) ||
		!strings.Contains(err.Error(), "stop the node first") {
		t.Errorf("while a node runs: %v", err)
	}
	core.Stop()
	// No server at the URL.
	if _, err := migrate.Run(ctx, in.dir, "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", portal,
		migrate.Options{Log: quiet()}); err == nil || !strings.Contains(err.Error(), "cannot connect to PostgreSQL at 127.0.0.1:1") {
		t.Errorf("no server: %v", err)
	}

	// A database a node with the same portal key ran on before: another
	// index key.
	other := pgtest.Database(t)
	a := nodeOn(t, in, other)
	say(t, a.Gateway, "dora", "Hallo", "")
	a.DB.Close()
	if _, err := migrate.Run(ctx, in.dir, other, portal, migrate.Options{Log: quiet()}); !errors.Is(err, postgres.ErrOtherInstallation) {
		t.Errorf("a database of another installation: %v", err)
	}

	// A moved installation a node then ran on: conversations the
	// source does not have.
	if _, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()}); err != nil {
		t.Fatal(err)
	}
	a = nodeOn(t, in, url)
	say(t, a.Gateway, "emil", "Hallo", "")
	a.DB.Close()
	before := contents(t, url)
	if _, err := migrate.Run(ctx, in.dir, url, portal, migrate.Options{Log: quiet()}); !errors.Is(err, migrate.ErrForeign) {
		t.Errorf("a database with conversations of its own: %v", err)
	}
	if after := contents(t, url); !equal(before, after) {
		t.Error("a refused move changed the database")
	}
}
