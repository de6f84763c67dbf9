package migrate_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"amtsbote/internal/pgtest"
	"amtsbote/migrate"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// childEnv names, in the child process of TestKilledMoveCompletes, the
// store and the database it moves ("DIR URL").
const childEnv = "AMTSBOTE_TEST_MIGRATE_CHILD"

// TestKilledMoveCompletes kills a move with SIGKILL halfway (a child
// process of this test binary, one record a transaction), runs it again,
// and compares the database with one an uninterrupted move filled.
func TestKilledMoveCompletes(t *testing.T) {
	if env := os.Getenv(childEnv); env != "" {
		var dir, url string
		fmt.Sscan(env, &dir, &url)
		_, err := migrate.Run(context.Background(), dir, url, portalOf(t, dir), migrate.Options{Log: quiet(), Batch: 1})
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if testing.Short() {
		t.Skip("a store of 300 conversations")
	}
	dir := t.TempDir()
	const convs = 300
	db, err := bolt.Open(dir, portalOf(t, dir), bolt.Options{Log: quiet()})
	must(t, err)
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for i := range convs {
		id := fmt.Sprintf("%032x", i+1)
		_, err := db.CommitTurn(context.Background(), store.Turn{Conversation: id, Channel: "web",
			Address: fmt.Sprintf("citizen-%d", i), Bind: true, DedupeKey: "web\x00" + id, Time: at, State: []byte(`{}`),
			Entries: []store.Entry{{Kind: store.EntryIn, Body: []byte(`{"text":"Hallo"}`)}, {Kind: store.EntryOut, Body: []byte(`{"text":"Guten Tag"}`)}},
			Outbox:  []store.OutboxItem{{Channel: "web", Address: fmt.Sprintf("citizen-%d", i), Body: []byte(`{"text":"Guten Tag"}`)}}})
		must(t, err)
	}
	must(t, db.Close())
	portal := portalOf(t, dir)
	whole := pgtest.Database(t)
	if _, err := migrate.Run(context.Background(), dir, whole, portal, migrate.Options{Log: quiet()}); err != nil {
		t.Fatal(err)
	}
	want := contents(t, whole)

	url := pgtest.Database(t)
	child := exec.Command(os.Args[0], "-test.run=^TestKilledMoveCompletes$")
	child.Env = append(os.Environ(), childEnv+"="+dir+" "+url)
	must(t, child.Start())
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	conn, err := pgx.Connect(context.Background(), url)
	must(t, err)
	defer conn.Close(context.Background())
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		var n int
		// The table exists once the child connected and migrated the schema.
		err := conn.QueryRow(context.Background(), `SELECT count(*) FROM conversations`).Scan(&n)
		if err == nil && n >= 20 {
			must(t, child.Process.Kill())
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the move ended before it was killed: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the move copied nothing in 60 s")
		}
	}
	<-done
	var n int
	must(t, conn.QueryRow(context.Background(), `SELECT count(*) FROM conversations`).Scan(&n))
	if n >= convs {
		t.Fatalf("killed after all %d conversations: the test proves nothing", n)
	}
	t.Logf("killed after %d of %d conversations", n, convs)
	rep, err := migrate.Run(context.Background(), dir, url, portal, migrate.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(t, url); !equal(got, want) {
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("%s: %s after the kill, %s uninterrupted", k, got[k], want[k])
			}
		}
	}
	if rep.Copied() == 0 {
		t.Error("the run after the kill copied nothing")
	}
}
