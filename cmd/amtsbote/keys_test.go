package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/app"
	"amtsbote/config"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

func keysCmd(t *testing.T, dir string, verb string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"keys", verb, "--data", dir}, nil, &out, &errOut); code != 0 {
		t.Fatalf("keys %s exited %d: %s", verb, code, errOut.String())
	}
	return out.String()
}

func TestKeysShowExportRotate(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden", "1234567")
	before := keysCmd(t, dir, "show")
	if !strings.Contains(before, "fingerprint:") {
		t.Fatalf("show: %s", before)
	}
	pub := keysCmd(t, dir, "export-public")
	k, err := crypto.NewKeyFromArmored(pub)
	if err != nil || k.IsPrivate() {
		t.Fatalf("export-public is not a public key: %v", err)
	}
	out := keysCmd(t, dir, "rotate")
	if !strings.Contains(out, "1 conversation keys re-wrapped") {
		t.Fatalf("rotate: %s", out)
	}
	if after := keysCmd(t, dir, "show"); after == before {
		t.Fatal("the key did not change")
	}
	// The conversation goes on under the new key: the form continues.
	turns := chat(t, dir, "Z-4711")
	if f := last(turns[0]).Field; f == nil || f.Name != "reading" {
		t.Fatalf("after rotation the conversation did not continue: %+v", turns[0])
	}
}

func TestInterruptedRotationIsFinishedAtStart(t *testing.T) {
	dir := t.TempDir()
	chat(t, dir, "Zählerstand melden")
	opts := pgp.Options{Dir: dir}
	old, err := pgp.LoadOrCreate(opts)
	if err != nil {
		t.Fatal(err)
	}
	next, err := pgp.GenerateNext(opts, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bolt.Rewrap(dir, old, next); err != nil {
		t.Fatal(err)
	}
	// Crash here: the store is wrapped to the next key, the files not swapped.
	c := config.Default()
	c.Data = dir
	a, err := app.Build(c, quietLog(), app.Options{})
	if err != nil {
		t.Fatalf("start after an interrupted rotation: %v", err)
	}
	a.Close()
	if _, err := os.Stat(filepath.Join(dir, pgp.NextKeyFile)); !os.IsNotExist(err) {
		t.Fatal("the next key file is still there")
	}
	turns := chat(t, dir, "1234567")
	if f := last(turns[0]).Field; f == nil || f.Name != "meter_number" {
		t.Fatalf("conversation lost after the finished rotation: %+v", turns[0])
	}
}
