package pgp

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

func TestCreateThenUnlock(t *testing.T) {
	dir := t.TempDir()
	p1, err := LoadOrCreate(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{KeyFile, PassphraseFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	p2, err := LoadOrCreate(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if p1.Fingerprint() != p2.Fingerprint() {
		t.Fatal("second start made a new key")
	}
	// The key file on disk is locked.
	armored, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	k, err := crypto.NewKeyFromArmored(string(armored))
	if err != nil {
		t.Fatal(err)
	}
	if locked, _ := k.IsLocked(); !locked {
		t.Fatal("key file is not locked")
	}
}

func TestWrongPassphrase(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadOrCreate(Options{Dir: dir, Passphrase: []byte("right")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, PassphraseFile)); !os.IsNotExist(err) {
		t.Fatal("a passphrase file was written although a passphrase was configured")
	}
	_, err := LoadOrCreate(Options{Dir: dir, Passphrase: []byte("wrong")})
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("got %v, want ErrWrongPassphrase", err)
	}
	_, err = LoadOrCreate(Options{Dir: dir})
	if err == nil {
		t.Fatal("unlocked without any passphrase")
	}
}

func TestSessionKeyRoundTrip(t *testing.T) {
	p, err := LoadOrCreate(Options{Dir: t.TempDir(), Passphrase: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := NewSessionKey()
	wrapped, err := p.Wrap(k)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k.Seal([]byte("Zählerstand 12345,6"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("12345")) {
		t.Fatal("plaintext in sealed data")
	}
	k2, err := p.Unwrap(wrapped)
	if err != nil {
		t.Fatal(err)
	}
	got, err := k2.Open(sealed)
	if err != nil || string(got) != "Zählerstand 12345,6" {
		t.Fatalf("open: %q %v", got, err)
	}
	// Wrapped key + data packet is a complete OpenPGP message for the portal key.
	full, err := p.DecryptMessage(append(append([]byte{}, wrapped...), sealed...))
	if err != nil || string(full) != "Zählerstand 12345,6" {
		t.Fatalf("as full message: %q %v", full, err)
	}
	// Tampering is detected.
	sealed[len(sealed)-3] ^= 1
	if _, err := k2.Open(sealed); err == nil {
		t.Fatal("tampered packet opened")
	}
}

func BenchmarkSeal(b *testing.B) {
	k, _ := NewSessionKey()
	msg := bytes.Repeat([]byte("x"), 200)
	for b.Loop() {
		if _, err := k.Seal(msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPortalEncrypt(b *testing.B) {
	p, err := LoadOrCreate(Options{Dir: b.TempDir(), Passphrase: []byte("x")})
	if err != nil {
		b.Fatal(err)
	}
	msg := bytes.Repeat([]byte("x"), 200)
	for b.Loop() {
		if _, err := p.EncryptMessage(msg); err != nil {
			b.Fatal(err)
		}
	}
}
