package backoffice

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// armoredPublic serialises the public parts of es in one armor block.
func armoredPublic(t *testing.T, es ...*openpgp.Entity) string {
	t.Helper()
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if err := e.Serialize(w); err != nil {
			t.Fatal(err)
		}
	}
	_ = w.Close()
	return b.String()
}

func TestLoadDepartmentKey(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := LoadDepartmentKey(write("ok.asc", f.deptPubArm))
	if err != nil {
		t.Fatal(err)
	}
	if k, err := crypto.NewKeyFromArmored(got); err != nil || k.IsPrivate() || !k.CanEncrypt() {
		t.Errorf("returned key: %v", err)
	}

	priv, _ := crypto.GenerateKey("Amt", "amt@example", "x25519", 0)
	privArm, _ := priv.Armor()
	cfg := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, KeyLifetimeSecs: 3600,
		Time: func() time.Time { return time.Now().Add(-48 * time.Hour) }}
	expired, err := openpgp.NewEntity("Amt", "", "amt@example", cfg)
	if err != nil {
		t.Fatal(err)
	}
	signOnly, err := openpgp.NewEntity("Amt", "", "amt@example", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	other, err := openpgp.NewEntity("Amt", "", "amt@example", &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA})
	if err != nil {
		t.Fatal(err)
	}
	two := armoredPublic(t, signOnly, other)
	signOnly.Subkeys = nil
	for name, tc := range map[string]struct{ data, want string }{
		"private.asc":  {privArm, "private key"},
		"expired.asc":  {armoredPublic(t, expired), "expired"},
		"signonly.asc": {armoredPublic(t, signOnly), "encryption"},
		"garbage.asc":  {"hello", "not one armored OpenPGP key"},
		"two.asc":      {two, "not one armored OpenPGP key"},
	} {
		_, err := LoadDepartmentKey(write(name, tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	if _, err := LoadDepartmentKey(filepath.Join(dir, "missing.asc")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestNewChecksSettings(t *testing.T) {
	f := newFixture(t)
	priv, _ := crypto.GenerateKey("Amt", "amt@example", "x25519", 0)
	privArm, _ := priv.Armor()
	for name, d := range map[string]Department{
		"private key": {PublicKey: privArm, WebhookURL: "https://amt.example/in"},
		"bad webhook": {PublicKey: f.deptPubArm, WebhookURL: "ftp://amt.example/in"},
		"no host":     {PublicKey: f.deptPubArm, WebhookURL: "https:///in"},
	} {
		_, err := New(Options{Portal: f.portal, Departments: map[string]Department{"ordnungsamt": d}})
		if err == nil || !strings.Contains(err.Error(), "ordnungsamt") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := New(Options{}); err == nil {
		t.Error("no portal: no error")
	}
	s, err := New(Options{Portal: f.portal, Departments: map[string]Department{"ordnungsamt": {PublicKey: f.deptPubArm, DropDir: "/srv/drop/"}}})
	if err != nil || s.Name() != "backoffice" || !s.Handles("ordnungsamt") {
		t.Errorf("New: %v", err)
	}
}
