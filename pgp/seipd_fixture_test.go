package pgp

import (
	"bytes"
	"encoding/hex"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// TestSealedByHandFramedWriterOpens opens records sealed by the hand-framed
// SEIPD writer this package used before (definite lengths, header sizes 2, 3
// and 6 bytes), recorded with their session key in testdata: stores written
// then must stay readable whatever Seal writes now.
func TestSealedByHandFramedWriterOpens(t *testing.T) {
	raw, err := os.ReadFile("testdata/sealed-hand-framed.txt")
	if err != nil {
		t.Fatal(err)
	}
	var k *SessionKey
	records := 0
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " ")
		if k == nil {
			if len(f) != 2 {
				t.Fatalf("key line %q", line)
			}
			key, err := hex.DecodeString(f[1])
			if err != nil {
				t.Fatal(err)
			}
			k = newSessionKey(crypto.NewSessionKeyFromToken(key, f[0]))
			continue
		}
		if len(f) != 3 {
			t.Fatalf("record line has %d fields", len(f))
		}
		n, err := strconv.Atoi(f[0])
		msg, err2 := hex.DecodeString(f[1])
		sealed, err3 := hex.DecodeString(f[2])
		if err != nil || err2 != nil || err3 != nil || len(msg) != n {
			t.Fatalf("record %q: %v %v %v", f[0], err, err2, err3)
		}
		// The record is one SEIPD packet with a definite length, as the
		// hand-framed writer wrote it.
		if sealed[0] != 0xC0|18 || sealed[1] >= 224 && sealed[1] != 255 {
			t.Fatalf("%d bytes: fixture is not a definite-length SEIPD packet: % x", n, sealed[:2])
		}
		got, err := k.Open(sealed)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("%d bytes: opened %d bytes, %v", n, len(got), err)
		}
		bad := bytes.Clone(sealed)
		bad[len(bad)-5] ^= 1
		if _, err := k.Open(bad); err == nil {
			t.Fatalf("%d bytes: a changed record opened", n)
		}
		records++
	}
	if records != 5 {
		t.Fatalf("%d records in the fixture, want 5", records)
	}
}
