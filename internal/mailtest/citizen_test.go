package mailtest

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message/mail"
)

// TestCitizenPlainMail: the header carries the addresses, the encoded
// subject, the thread and the Autocrypt key; NoID leaves the Message-ID out.
func TestCitizenPlainMail(t *testing.T) {
	c := NewCitizen(t, "erika@example.org", "buergerservice@stadt.example")
	raw, id := c.Mail(t, MailSpec{Subject: "Zählerstand", Body: "eins\nzwei", InReplyTo: "b@x",
		References: []string{"a@x", "b@x"}, Headers: []string{"X-Test: ja"}, Autocrypt: true})
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := r.Header
	if got, _ := h.MessageID(); got != id || id == "" {
		t.Fatalf("Message-ID %q, returned %q", got, id)
	}
	if s, _ := h.Subject(); s != "Zählerstand" {
		t.Fatalf("Subject %q", s)
	}
	if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Address != c.Addr {
		t.Fatalf("From %v", from)
	}
	if h.Get("To") != "buergerservice@stadt.example" || h.Get("X-Test") != "ja" {
		t.Fatalf("To %q, X-Test %q", h.Get("To"), h.Get("X-Test"))
	}
	if irt, _ := h.MsgIDList("In-Reply-To"); len(irt) != 1 || irt[0] != "b@x" {
		t.Fatalf("In-Reply-To %v", irt)
	}
	if refs, _ := h.MsgIDList("References"); strings.Join(refs, " ") != "a@x b@x" {
		t.Fatalf("References %v", refs)
	}
	pub, _ := c.Key.GetPublicKey()
	if ac := h.Get("Autocrypt"); !strings.Contains(ac, "addr=erika@example.org") ||
		!strings.Contains(ac, base64.StdEncoding.EncodeToString(pub)) {
		t.Fatalf("Autocrypt %q", ac)
	}
	if !bytes.HasSuffix(raw, []byte("\r\n\r\neins\r\nzwei")) {
		t.Fatalf("body not with CRLF line ends: %q", raw)
	}
	if raw, _ := c.Mail(t, MailSpec{Subject: "x", NoID: true}); bytes.Contains(raw, []byte("Message-ID")) {
		t.Fatal("NoID wrote a Message-ID")
	}
}

// TestCitizenOpenEncrypted: a mail one citizen encrypts to another and
// signs opens as encrypted and signed; with a stranger's key as the
// expected signer it would fail, so the signature is checked.
func TestCitizenOpenEncrypted(t *testing.T) {
	erika := NewCitizen(t, "erika@example.org", "max@example.org")
	max := NewCitizen(t, "max@example.org", "erika@example.org")
	raw, _ := erika.Mail(t, MailSpec{Subject: "Grüße", Body: "Hallo Max\n", EncryptTo: max.Ring, Sign: true})
	if bytes.Contains(raw, []byte("Hallo")) {
		t.Fatal("the text is readable outside the encryption")
	}
	r := max.Open(t, raw, erika.Ring)
	if !r.Encrypted || !r.Signed || r.Text != "Hallo Max\r\n" {
		t.Fatalf("encrypted %v signed %v text %q", r.Encrypted, r.Signed, r.Text)
	}
	if s, _ := r.Header.Subject(); s != "Grüße" {
		t.Fatalf("Subject %q", s)
	}
}

// TestCitizenOpenSigned: a multipart/signed mail opens as signed, not
// encrypted, when its detached signature verifies over the first part.
func TestCitizenOpenSigned(t *testing.T) {
	portal := NewCitizen(t, "buergerservice@stadt.example", "erika@example.org")
	erika := NewCitizen(t, "erika@example.org", "buergerservice@stadt.example")
	part := "Content-Type: text/plain; charset=utf-8\r\n\r\nGuten Tag\r\n"
	sig, err := portal.Ring.SignDetached(crypto.NewPlainMessage([]byte(part)))
	if err != nil {
		t.Fatal(err)
	}
	armored, err := sig.GetArmored()
	if err != nil {
		t.Fatal(err)
	}
	raw := "From: buergerservice@stadt.example\r\nTo: erika@example.org\r\nSubject: Antwort\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=\"S\"\r\n\r\n" +
		"--S\r\n" + part + "\r\n--S\r\nContent-Type: application/pgp-signature\r\n\r\n" + armored + "\r\n--S--\r\n"
	r := erika.Open(t, []byte(raw), portal.Ring)
	if r.Encrypted || !r.Signed || r.Text != "Guten Tag\r\n" {
		t.Fatalf("encrypted %v signed %v text %q", r.Encrypted, r.Signed, r.Text)
	}
}
