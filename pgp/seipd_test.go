package pgp

import (
	"bytes"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// TestSealReadableByGopenpgp checks the directly written packets against
// gopenpgp's reader across the header length boundaries, and that packets
// gopenpgp writes (older records) still open.
func TestSealReadableByGopenpgp(t *testing.T) {
	p, err := LoadOrCreate(Options{Dir: t.TempDir(), Passphrase: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := NewSessionKey()
	if k.block == nil {
		t.Fatal("an AES session key is sealed by gopenpgp, not directly")
	}
	wrapped, err := p.Wrap(k)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 100, 150, 160, 170, 180, 190, 191, 192, 200, 1000, 8300, 8340, 8350, 8360, 8383, 8384, 9000, 70000} {
		msg := bytes.Repeat([]byte{byte(n), 'x', 0xC3, 0xA4}, n/4+1)[:n]
		sealed, err := k.Seal(msg)
		if err != nil {
			t.Fatal(err)
		}
		// By the session key, as the store opens it.
		dec, err := k.sk.Decrypt(sealed)
		if err != nil || !bytes.Equal(dec.GetBinary(), msg) {
			t.Fatalf("%d bytes: gopenpgp opened %d bytes, %v", n, len(dec.GetBinary()), err)
		}
		if !dec.IsBinary() || dec.Filename != "" {
			t.Fatalf("%d bytes: literal packet not binary without name", n)
		}
		// With the wrapped key in front, as a complete message to the portal key.
		full, err := p.DecryptMessage(append(bytes.Clone(wrapped), sealed...))
		if err != nil || !bytes.Equal(full, msg) {
			t.Fatalf("%d bytes as a full message: %v", n, err)
		}
		// Every byte is covered: any change is detected.
		for _, i := range []int{0, 5, len(sealed) / 2, len(sealed) - 1} {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x40
			if got, err := k.Open(bad); err == nil && bytes.Equal(got, msg) && i > 1 {
				t.Fatalf("%d bytes: changed byte %d went unnoticed", n, i)
			}
		}
		// What gopenpgp itself writes (records sealed before) still opens.
		old, err := k.sk.Encrypt(crypto.NewPlainMessage(msg))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := k.Open(old); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("%d bytes sealed by gopenpgp: %v", n, err)
		}
	}
}
