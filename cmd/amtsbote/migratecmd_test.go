package main

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"amtsbote/config"
	"amtsbote/internal/pgtest"
	"amtsbote/pgp"
)

// meterReading files a meter reading in the web chat and returns the
// bot's last replies.
func meterReading(chat *pgChat, name string) string {
	var last []string
	for _, line := range []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", name, "überspringen", "Absenden"} {
		last = chat.say(line)
	}
	return strings.Join(last, "\n")
}

var (
	caseRef    = regexp.MustCompile(`AB-\d{4}-\d{6}`)
	accessCode = regexp.MustCompile(`\b[A-Z0-9]{4}-[A-Z0-9]{4}\b`)
)

// TestMigrateCommand moves a node that served a citizen and has a staff
// account into PostgreSQL with `amtsbote migrate`, then serves on
// PostgreSQL: the citizen's conversation resumes with its history, the case
// is found with its access code, staff log in, and the next case counts on.
func TestMigrateCommand(t *testing.T) {
	db := pgtest.Database(t)
	dir := t.TempDir()
	const password = "ein-langes-Passwort-2026"
	staffCmd(t, password+"\n", 0, "add", "anna", "--data", dir, "--department", "stadtwerke")
	c := config.Default()
	c.Data, c.Addr = dir, "127.0.0.1:0"
	at, stop := startServeAt(t, c, quietLog())
	chat, _ := dialChat(t, at.Addr, "")
	submitted := meterReading(chat, "Erika Mustermann")
	ref, code := caseRef.FindString(submitted), accessCode.FindString(submitted)
	if ref == "" || code == "" {
		t.Fatalf("no reference or access code in %q", submitted)
	}

	// While the node runs, the move is refused.
	if exit, _, errOut := cli(t, "", "migrate", "--from", "bolt:"+dir, "--to", db); exit != 1 || !strings.Contains(errOut, "stop the node first") {
		t.Fatalf("migrate while serving: exit %d, %s", exit, errOut)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	exit, out, errOut := cli(t, "", "migrate", "--from", "bolt:"+dir, "--to", db)
	if exit != 0 || !strings.Contains(out, "done:") {
		t.Fatalf("migrate: exit %d\n%s%s", exit, out, errOut)
	}
	t.Logf("%s", out)
	// Again, the URL from the environment: nothing to copy.
	t.Setenv("AMTSBOTE_STORE_URL", db)
	exit, out, errOut = cli(t, "", "migrate", "--data", dir)
	if exit != 0 || regexp.MustCompile(`[1-9]\d* copied now`).MatchString(out) || !strings.Contains(out, "done: 0 records copied now") {
		t.Fatalf("migrate again: exit %d\n%s%s", exit, out, errOut)
	}

	// A node on PostgreSQL with the portal key files copied.
	node := t.TempDir()
	for _, f := range []string{pgp.KeyFile, "portal-key.pass"} {
		if b, err := os.ReadFile(filepath.Join(dir, f)); err == nil {
			if err := os.WriteFile(filepath.Join(node, f), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.Data, c.Store = node, config.Secret(db)
	at, _ = startServeAt(t, c, quietLog())
	again, history := dialChat(t, at.Addr, chat.token)
	if again.token != chat.token || len(history) < 16 {
		t.Fatalf("resume on PostgreSQL: token kept %v, %d history entries", again.token == chat.token, len(history))
	}
	again.seq = chat.seq
	status := strings.Join(again.say("Stand "+ref+" "+code), "\n")
	if !strings.Contains(status, ref) {
		t.Errorf("the status look-up with the access code: %q", status)
	}
	if s := login(t, at.Addr, "anna", password); s != http.StatusOK {
		t.Errorf("staff login on PostgreSQL: %d", s)
	}
	if s := login(t, at.Addr, "anna", "falsches-Passwort-2026"); s == http.StatusOK {
		t.Error("a wrong password logged in")
	}
	other, _ := dialChat(t, at.Addr, "")
	next := caseRef.FindString(meterReading(other, "Max Mustermann"))
	if next <= ref || next[:8] != ref[:8] || next[8:] != "000002" {
		t.Errorf("the next case after %s is %q", ref, next)
	}
}

// TestMigrateCommandErrors: a wrong argument is a usage error; a missing
// store or an unreachable server is one clear line.
func TestMigrateCommandErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		exit int
		want string
	}{
		{[]string{"--from", dir, "--to", "postgres://x@127.0.0.1/y"}, 2, "the source must be bolt:DIR"},
		{[]string{"--from", "bolt:" + dir, "--to", "mysql://secret@db/x"}, 2, "the target must be a postgres:// URL"},
		{[]string{"--data", dir}, 2, "the target must be a postgres:// URL"},
		{[]string{"--from", "bolt:" + dir, "--to", "postgres://x@127.0.0.1/y"}, 1, "no Amtsbote store in " + dir},
		{[]string{"--from", "bolt:" + filepath.Join(dir, "gone"), "--to", "postgres://x@127.0.0.1/y"}, 1, "gone: no such file or directory"},
		{[]string{"extra", "--to", "postgres://x@127.0.0.1/y"}, 2, "takes no arguments"},
	} {
		exit, out, errOut := cli(t, "", append([]string{"migrate"}, tc.args...)...)
		if exit != tc.exit || !strings.Contains(errOut, tc.want) || strings.Contains(out+errOut, "secret") {
			t.Errorf("migrate %v: exit %d (want %d)\n%s%s", tc.args, exit, tc.exit, out, errOut)
		}
	}
	// A store, and no server at the URL.
	staffCmd(t, "ein-langes-Passwort-2026\n", 0, "add", "anna", "--data", dir, "--department", "stadtwerke")
	exit, out, errOut := cli(t, "", "migrate", "--from", "bolt:"+dir, "--to",
		"postgres://amtsbote:geheim@127.0.0.1:1/amtsbote?sslmode=disable&connect_timeout=2")
	if exit != 1 || !strings.Contains(errOut, "cannot connect to PostgreSQL at 127.0.0.1:1/amtsbote as amtsbote") ||
		strings.Contains(out+errOut, "geheim") {
		t.Errorf("no server: exit %d\n%s%s", exit, out, errOut)
	}
}
