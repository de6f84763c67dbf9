package email

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/internal/mailtest"
)

// bomb is an OpenPGP message encrypted to the first key of to whose literal
// data, n zero bytes, is compressed twice (ZLIB inside ZIP, best level):
// megabytes of plaintext from a few hundred bytes.
func bomb(t testing.TB, to *crypto.KeyRing, n int64) []byte {
	t.Helper()
	k, err := to.GetKey(0)
	if err != nil {
		t.Fatal(err)
	}
	ek, ok := k.GetEntity().EncryptionKey(time.Now())
	if !ok {
		t.Fatal("no encryption key")
	}
	session := make([]byte, 32)
	if _, err := rand.Read(session); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := packet.SerializeEncryptedKey(&out, ek.PublicKey, packet.CipherAES256, session, nil); err != nil {
		t.Fatal(err)
	}
	enc, err := packet.SerializeSymmetricallyEncrypted(&out, packet.CipherAES256, false, packet.CipherSuite{}, session, nil)
	if err != nil {
		t.Fatal(err)
	}
	best := &packet.CompressionConfig{Level: packet.BestCompression}
	outer, err := packet.SerializeCompressed(enc, packet.CompressionZIP, best)
	if err != nil {
		t.Fatal(err)
	}
	inner, err := packet.SerializeCompressed(outer, packet.CompressionZLIB, best)
	if err != nil {
		t.Fatal(err)
	}
	lit, err := packet.SerializeLiteral(inner, true, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for left := n; left > 0; left -= int64(len(zeros)) {
		if _, err := lit.Write(zeros[:min(left, int64(len(zeros)))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := lit.Close(); err != nil { // closes the packets around it
		t.Fatal(err)
	}
	return out.Bytes()
}

// bombParts is a multipart/mixed body (boundary "mix") with a text and
// count attachments "zaehler-N.txt.pgp", each the encrypted message b.
func bombParts(b []byte, count int) string {
	var s strings.Builder
	s.WriteString("--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZählerstand melden\r\n")
	enc := base64.StdEncoding.EncodeToString(b)
	for i := range count {
		fmt.Fprintf(&s, "--mix\r\nContent-Type: application/octet-stream\r\n"+
			"Content-Disposition: attachment; filename=\"zaehler-%d.txt.pgp\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n", i, enc)
	}
	s.WriteString("--mix--\r\n")
	return s.String()
}

// pgpMIMEBody wraps an armored OpenPGP message as RFC 3156
// multipart/encrypted and returns its Content-Type and body.
func pgpMIMEBody(armored string) (ct, body string) {
	return `multipart/encrypted; protocol="application/pgp-encrypted"; boundary=enc`,
		"--enc\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n" +
			"--enc\r\nContent-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--enc--\r\n"
}

// withBody replaces the content of a mail built by mailtest by body, which
// starts with its Content-Type header.
func withBody(t testing.TB, raw []byte, body string) []byte {
	t.Helper()
	head, _, ok := strings.Cut(string(raw), "MIME-Version: 1.0\r\n")
	if !ok {
		t.Fatal("no MIME-Version header")
	}
	return []byte(head + "MIME-Version: 1.0\r\n" + body)
}

const (
	bombChildEnv = "AMTSBOTE_TEST_BOMB_MAIL" // in the child: the file with the mail
	bombKeysEnv  = "AMTSBOTE_TEST_BOMB_KEYS" // in the child: the directory with the portal key
	bombHeapMax  = 200 << 20                 // the child's heap must stay below
)

// TestDecompressionBombIsQuarantined: mail whose encrypted attachments or
// PGP/MIME body are a few hundred bytes of compressed OpenPGP that unpack
// to more than a gigabyte is read through limits. A child process runs a
// real channel and core against the IMAP and SMTP test servers and watches
// its own heap; it stops at once when the heap passes 200 MiB. The sender
// is told the mail is too large, the mail is quarantined, nothing of it is
// stored.
func TestDecompressionBombIsQuarantined(t *testing.T) {
	if file := os.Getenv(bombChildEnv); file != "" {
		bombChild(t, file, os.Getenv(bombKeysEnv))
		return
	}
	if testing.Short() {
		t.Skip("builds large compressed messages")
	}
	dir := t.TempDir()
	e := newEnv(t, nil) // only for the portal key the child will use
	pub := e.portalPub()
	overPart := bomb(t, pub, 24<<20) // over the attachment limit, under the old per-message one
	underPart := bomb(t, pub, 8<<20) // under the attachment limit
	c := newCitizen(t, "erika@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "x"})
	const mixed = "Content-Type: multipart/mixed; boundary=mix\r\n\r\n"
	inner := mixed + bombParts(underPart, 140)
	body, err := pub.EncryptWithCompression(crypto.NewPlainMessage([]byte(inner)), nil)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := body.GetArmored()
	if err != nil {
		t.Fatal(err)
	}
	ct, encBody := pgpMIMEBody(armored)
	pgpMIME := "Content-Type: " + ct + "\r\n\r\n" + encBody
	for _, tc := range []struct {
		name string
		mail []byte
	}{
		{"attachments over the part limit", withBody(t, raw, mixed+bombParts(overPart, 80))},
		{"attachments over the mail budget", withBody(t, raw, mixed+bombParts(underPart, 140))},
		{"PGP-MIME body with encrypted attachments", withBody(t, raw, pgpMIME)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.mail) > 512<<10 {
				t.Fatalf("the mail has %d bytes; a bomb is small", len(tc.mail))
			}
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".eml")
			if err := os.WriteFile(file, tc.mail, 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestDecompressionBombIsQuarantined$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), bombChildEnv+"="+file, bombKeysEnv+"="+e.dir)
			out, err := cmd.CombinedOutput()
			t.Logf("child (mail of %d bytes):\n%s", len(tc.mail), out)
			if err != nil {
				t.Fatalf("child: %v", err)
			}
			if !strings.Contains(string(out), "bomb handled") {
				t.Fatal("the child did not report")
			}
		})
	}
}

// bombChild runs in the child process: a channel and a core with the
// portal key in keys read the mail in file while the heap is watched.
func bombChild(t *testing.T, file, keys string) {
	mail, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan uint64)
	go watchHeap(ctx, watched)
	defer func() { cancel(); t.Logf("heap peak %d MiB", <-watched>>20) }()

	e := newEnv(t, func(o *Options) { o.QuarantineMailbox = "Quarantäne" })
	if err := os.CopyFS(e.dir, os.DirFS(keys)); err != nil {
		t.Fatal(err)
	}
	e.start()
	c := newCitizen(t, "erika@example.org")
	e.imap.Append(t, "INBOX", mail)
	note := e.smtp.WaitFor(t, 1, time.Minute)
	if r := c.Open(t, note[0].Data, e.portalPub()); !strings.Contains(r.Text, "zu groß") || !strings.Contains(r.Text, "25,0 MB") {
		t.Fatalf("note = %.300q", r.Text)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(e.imap.Flags("Quarantäne")) < 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if q, in := e.imap.Flags("Quarantäne"), e.imap.Flags("INBOX"); len(q) != 1 || len(in) != 0 {
		t.Fatalf("quarantine %v, inbox %v", q, in)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.smtp.Mails()); n != 1 {
		t.Fatalf("%d mails sent, want only the note", n)
	}
	if in := inbound(t, e, c.Addr); len(in) != 0 {
		t.Fatalf("%d turns stored from the bomb", len(in))
	}
	if !strings.Contains(e.logs.String(), "reason=too-large") {
		t.Fatalf("no too-large in the log:\n%s", e.logs.String())
	}
	checkLogs(t, e)
	t.Log("bomb handled")
}

// watchHeap samples the heap every millisecond and ends the process when
// it passes bombHeapMax, before a bomb can take the machine's memory; when
// ctx ends it sends the peak it saw.
func watchHeap(ctx context.Context, peak chan<- uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var top uint64
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for {
		metrics.Read(s)
		top = max(top, s[0].Value.Uint64())
		if top > bombHeapMax {
			fmt.Fprintf(os.Stderr, "FAIL: the heap reached %d MiB (bound %d MiB)\n", top>>20, bombHeapMax>>20)
			os.Exit(3)
		}
		select {
		case <-ctx.Done():
			peak <- top
			return
		case <-tick.C:
		}
	}
}
