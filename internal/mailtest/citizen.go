package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// Citizen writes mail to the portal and reads its answers with an OpenPGP
// key of their own. It uses gopenpgp and go-message directly, not the email
// channel's code, so that a test reads the channel's mail independently.
type Citizen struct {
	Addr   string          // the citizen's address, in From
	Key    *crypto.Key     // the citizen's private key (x25519)
	Ring   *crypto.KeyRing // Key as a key ring, to decrypt and sign
	portal string          // the portal's address, in To
	n      int             // mails written, for unique Message-IDs
}

// NewCitizen makes "Erika Mustermann" at addr with a fresh key, writing to
// the portal at portalAddr.
func NewCitizen(t testing.TB, addr, portalAddr string) *Citizen {
	t.Helper()
	k, err := crypto.GenerateKey("Erika Mustermann", addr, "x25519", 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return &Citizen{Addr: addr, Key: k, Ring: r, portal: portalAddr}
}

// PublicRing is the public key of k (the portal's *pgp.Portal, say) as a
// key ring, as a citizen who has the key holds it.
func PublicRing(t testing.TB, k interface{ ArmoredPublicKey() (string, error) }) *crypto.KeyRing {
	t.Helper()
	armored, err := k.ArmoredPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	key, err := crypto.NewKeyFromArmored(armored)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(key)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// MailSpec describes a mail a citizen writes.
type MailSpec struct {
	Subject    string          // encoded as an RFC 2047 word when not ASCII
	Body       string          // text/plain; "\n" becomes CRLF
	InReplyTo  string          // Message-ID answered, without <>; empty: none
	References []string        // with InReplyTo: the thread's Message-IDs, without <>
	Headers    []string        // extra header lines, as "Name: value"
	EncryptTo  *crypto.KeyRing // PGP/MIME encrypted to this ring; nil: plaintext
	Sign       bool            // with EncryptTo: signed inside the encryption
	Autocrypt  bool            // announce the key in an Autocrypt header
	NoID       bool            // no Message-ID header
}

// Mail builds a mail (RFC 5322, CRLF line ends) and returns it with its
// Message-ID, without <>; the ID is made even when NoID leaves it out.
func (c *Citizen) Mail(t testing.TB, s MailSpec) ([]byte, string) {
	t.Helper()
	c.n++
	id := fmt.Sprintf("m%d.%d@example.org", c.n, time.Now().UnixNano())
	var b strings.Builder
	b.WriteString("From: Erika Mustermann <" + c.Addr + ">\r\n")
	b.WriteString("To: " + c.portal + "\r\n")
	b.WriteString("Subject: " + qword(s.Subject) + "\r\n")
	b.WriteString("Date: " + time.Now().Format(time.RFC1123Z) + "\r\n")
	if !s.NoID {
		b.WriteString("Message-ID: <" + id + ">\r\n")
	}
	if s.InReplyTo != "" {
		b.WriteString("In-Reply-To: <" + s.InReplyTo + ">\r\n")
		refs := ""
		for _, r := range s.References {
			refs += " <" + r + ">"
		}
		b.WriteString("References:" + refs + "\r\n")
	}
	if s.Autocrypt {
		pub, err := c.Key.GetPublicKey()
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("Autocrypt: addr=" + c.Addr + "; prefer-encrypt=mutual; keydata=\r\n " +
			base64.StdEncoding.EncodeToString(pub) + "\r\n")
	}
	for _, h := range s.Headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	const textPlain = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
	body := strings.ReplaceAll(s.Body, "\n", "\r\n")
	if s.EncryptTo == nil {
		b.WriteString(textPlain + body)
		return []byte(b.String()), id
	}
	var signer *crypto.KeyRing
	if s.Sign {
		signer = c.Ring
	}
	msg, err := s.EncryptTo.Encrypt(crypto.NewPlainMessage([]byte(textPlain+body)), signer)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := msg.GetArmored()
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"XYZ\"\r\n\r\n")
	b.WriteString("--XYZ\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n\r\n")
	b.WriteString("--XYZ\r\nContent-Type: application/octet-stream\r\n\r\n" + armored + "\r\n--XYZ--\r\n")
	return []byte(b.String()), id
}

// qword is s as an RFC 2047 encoded word when it is not ASCII.
func qword(s string) string {
	for _, r := range s {
		if r > 127 {
			return "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
		}
	}
	return s
}

// Reply is a mail of the portal as the citizen's mail client shows it.
type Reply struct {
	Header    mail.Header // the outer header
	Text      string      // the first non-empty text/plain part, decoded
	Encrypted bool        // it was PGP/MIME encrypted to the citizen
	Signed    bool        // the portal's signature verified
	// Files are the attachments of an encrypted reply, by file name.
	Files map[string][]byte
}

// Open reads a mail of the portal: a PGP/MIME encrypted one must decrypt
// with the citizen's key and carry a signature that verifies with portal; a
// multipart/signed one must verify with portal. Anything else, or a failed
// check, fails the test.
func (c *Citizen) Open(t testing.TB, raw []byte, portal *crypto.KeyRing) Reply {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reply is not a mail: %v", err)
	}
	r := Reply{Header: mail.Header{Header: e.Header}}
	mt, params, _ := e.Header.ContentType()
	switch mt {
	case "multipart/encrypted":
		mr := e.MultipartReader()
		for {
			p, err := mr.NextPart()
			if err != nil {
				t.Fatalf("no encrypted part: %v", err)
			}
			if pmt, _, _ := p.Header.ContentType(); pmt != "application/octet-stream" {
				continue
			}
			armored, _ := io.ReadAll(p.Body)
			msg, err := crypto.NewPGPMessageFromArmored(string(armored))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := c.Ring.Decrypt(msg, portal, crypto.GetUnixTime())
			if err != nil {
				t.Fatalf("reply does not decrypt and verify with the citizen's and portal's keys: %v", err)
			}
			r.Encrypted, r.Signed = true, true
			r.Text = textOf(t, plain.GetBinary())
			r.Files = filesOf(t, plain.GetBinary())
			return r
		}
	case "multipart/signed":
		body, _ := io.ReadAll(e.Body)
		first, sig := splitTwo(t, string(body), params["boundary"])
		sigEntity, err := message.Read(strings.NewReader(sig))
		if err != nil {
			t.Fatal(err)
		}
		sigArmored, _ := io.ReadAll(sigEntity.Body)
		s, err := crypto.NewPGPSignatureFromArmored(string(sigArmored))
		if err != nil {
			t.Fatal(err)
		}
		if err := portal.VerifyDetached(crypto.NewPlainMessage([]byte(first)), s, crypto.GetUnixTime()); err != nil {
			t.Fatalf("signature of the reply does not verify: %v", err)
		}
		r.Signed = true
		r.Text = textOf(t, []byte(first))
		return r
	}
	t.Fatalf("reply is %s, neither encrypted nor signed", mt)
	return r
}

// splitTwo cuts the first two parts, raw, out of a multipart body with
// boundary bd, independently of the channel's code.
func splitTwo(t testing.TB, body, bd string) (string, string) {
	t.Helper()
	// The CRLF in front lets a body open with its first delimiter; parts[0]
	// is the preamble up to the first delimiter's line.
	parts := strings.Split("\r\n"+body, "\r\n--"+bd)
	if len(parts) < 3 {
		t.Fatalf("multipart/signed with %d parts", len(parts)-1)
	}
	first := strings.TrimPrefix(parts[1], "\r\n")
	second := strings.TrimPrefix(parts[2], "\r\n")
	return first, second
}

// textOf returns the first non-empty text/plain part of a MIME entity,
// decoded.
// filesOf returns the attachments of a MIME entity, by file name.
func filesOf(t testing.TB, entity []byte) map[string][]byte {
	t.Helper()
	e, err := message.Read(bytes.NewReader(entity))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	_ = e.Walk(func(_ []int, p *message.Entity, _ error) error {
		if disp, params, err := p.Header.ContentDisposition(); err == nil && disp == "attachment" && params["filename"] != "" {
			b, _ := io.ReadAll(p.Body)
			files[params["filename"]] = b
		}
		return nil
	})
	return files
}

func textOf(t testing.TB, entity []byte) string {
	t.Helper()
	e, err := message.Read(bytes.NewReader(entity))
	if err != nil {
		t.Fatal(err)
	}
	var text string
	_ = e.Walk(func(_ []int, p *message.Entity, _ error) error {
		if mt, _, _ := p.Header.ContentType(); mt == "text/plain" && text == "" {
			b, _ := io.ReadAll(p.Body)
			text = string(b)
		}
		return nil
	})
	return text
}
