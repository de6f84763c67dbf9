package pgp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSealReadableByGnuPG has GnuPG, an OpenPGP implementation of its own,
// decrypt what Seal writes (with the wrapped key in front, as a record and
// its key form a complete message): the packets are standard, not only
// readable by the library that also wrote the key. Without gpg it is
// skipped, except under CI=true (.ci/run installs it), where it fails.
func TestSealReadableByGnuPG(t *testing.T) {
	gpg, err := exec.LookPath("gpg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("gpg is not installed (apt-get install gnupg)")
		}
		t.Skip("gpg is not installed")
	}
	dir := t.TempDir()
	p, err := LoadOrCreate(Options{Dir: dir, Passphrase: []byte("geheim")})
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(t.TempDir(), "gnupg")
	if err := os.Mkdir(home, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	t.Cleanup(func() { _ = exec.Command("gpgconf", "--homedir", home, "--kill", "all").Run() })
	try := func(stdin []byte, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, gpg, append([]string{"--homedir", home, "--batch", "--pinentry-mode", "loopback",
			"--passphrase", "geheim"}, args...)...)
		cmd.Stdin = bytes.NewReader(stdin)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("gpg %v: %w\n%s", args, err, errOut.String())
		}
		return out.Bytes(), nil
	}
	run := func(stdin []byte, args ...string) []byte {
		t.Helper()
		out, err := try(stdin, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	key, err := os.ReadFile(filepath.Join(dir, KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	run(key, "--import")
	k, _ := NewSessionKey()
	wrapped, err := p.Wrap(k)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 191, 192, 8383, 8384, 70000} {
		msg := bytes.Repeat([]byte("Zählerstand 12345 "), n/19+1)[:n]
		sealed, err := k.Seal(msg)
		if err != nil {
			t.Fatal(err)
		}
		if got := run(append(append([]byte{}, wrapped...), sealed...), "--decrypt"); !bytes.Equal(got, msg) {
			t.Fatalf("%d bytes: gpg decrypted %d bytes that differ", n, len(got))
		}
	}
	// A changed byte fails GnuPG's integrity check (the MDC).
	sealed, _ := k.Seal([]byte("Zählerstand 12345"))
	sealed[len(sealed)-25] ^= 1
	if _, err := try(append(append([]byte{}, wrapped...), sealed...), "--decrypt"); err == nil {
		t.Fatal("gpg decrypted a changed packet")
	}
}
