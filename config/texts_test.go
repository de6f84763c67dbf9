package config

import (
	"os"
	"path/filepath"
	"testing"
)

// texts: in the file names the override directory; AMTSBOTE_TEXTS wins.
func TestTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "amtsbote.yaml")
	if err := os.WriteFile(path, []byte("texts: /etc/amtsbote/texts\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	none := func(string) (string, bool) { return "", false }
	c, err := Load(path, none)
	if err != nil || c.Texts != "/etc/amtsbote/texts" {
		t.Fatalf("texts = %q, %v", c.Texts, err)
	}
	env := func(k string) (string, bool) { return "/srv/texts", k == "AMTSBOTE_TEXTS" }
	if c, err = Load(path, env); err != nil || c.Texts != "/srv/texts" {
		t.Fatalf("with AMTSBOTE_TEXTS: %q, %v", c.Texts, err)
	}
}
