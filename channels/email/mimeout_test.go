package email

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"amtsbote/channels"
)

// encodeWord is a Subject as compose writes it (mail.Header.SetSubject:
// RFC 2047 words when it is not printable ASCII).
func encodeWord(s string) string {
	var h mail.Header
	h.SetSubject(s)
	return h.Get("Subject")
}

// checkLines fails when a line of raw is longer than RFC 5322 recommends
// (78 characters) or does not end in CRLF. go-message folds only at white
// space within 76 characters, so a line of RFC 2047 words (a long subject
// that is not ASCII) may be as long as RFC 5322 allows (998).
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	for i, l := range strings.Split(string(raw), "\r\n") {
		limit := 78
		if strings.Contains(l, "=?utf-8?") {
			limit = 998
		}
		if len(l) > limit || strings.Contains(l, "\n") {
			t.Fatalf("line %d: %q", i+1, l)
		}
	}
}

// TestEntityAttachments: attachments keep their names (RFC 2231 when not
// ASCII) and data, the text its characters, and every line is short.
func TestEntityAttachments(t *testing.T) {
	data := bytes.Repeat([]byte{0, 1, 2, 0xff}, 100)
	e := entity("Grüße\nim Anhang\n", []channels.Attachment{
		{Name: "Zählerstand März.pdf", MediaType: "application/pdf", Data: data},
		{Name: "notiz.txt", MediaType: "text/plain; charset=iso-8859-1", Data: []byte("x")},
	}, nil)
	if e.err != nil {
		t.Fatal(e.err)
	}
	checkLines(t, e.raw)
	if !bytes.Contains(e.raw, []byte("filename*=utf-8''Z%C3%A4hlerstand%20M%C3%A4rz.pdf")) {
		t.Fatalf("no RFC 2231 file name in\n%s", e.raw)
	}
	m, err := message.Read(bytes.NewReader(e.raw))
	if err != nil {
		t.Fatal(err)
	}
	mr := m.MultipartReader()
	var got []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(p.Body)
		_, params, _ := p.Header.ContentDisposition()
		got = append(got, params["filename"])
		switch params["filename"] {
		case "":
			if string(body) != "Grüße\r\nim Anhang\r\n" {
				t.Fatalf("text %q", body)
			}
		case "Zählerstand März.pdf":
			if !bytes.Equal(body, data) {
				t.Fatal("attachment data changed")
			}
		}
	}
	if strings.Join(got, "|") != "|Zählerstand März.pdf|notiz.txt" {
		t.Fatalf("parts %q", got)
	}
}

// TestSignedMailHeader: a whole signed mail with threading, an encoded
// subject and the folded Autocrypt header has short lines and reads back.
func TestSignedMailHeader(t *testing.T) {
	key, _ := crypto.GenerateKey("Portal", portalAddr, "x25519", 0)
	ring, _ := crypto.NewKeyRing(key)
	pub, _ := key.GetPublicKey()
	ct, body, err := signedBody(entity("Grüße\n", nil, nil), ring)
	if err != nil {
		t.Fatal(err)
	}
	var h mail.Header
	h.Set("Autocrypt", formatAutocrypt(portalAddr, pub))
	h.SetMsgIDList("References", references(thread{MessageID: "c@x", References: []string{"a@x", "b@x"}}))
	h.SetSubject("Re: Zählerstand für die Wohnung im dritten Stock links [AB-2026-000001]")
	raw, err := writeMail(h, ct, body)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, raw)
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := r.Header.Subject(); s != "Re: Zählerstand für die Wohnung im dritten Stock links [AB-2026-000001]" {
		t.Fatalf("subject %q", s)
	}
	if ids, _ := r.Header.MsgIDList("References"); strings.Join(ids, " ") != "a@x b@x c@x" {
		t.Fatalf("references %q", ids)
	}
	if a, ok := parseAutocrypt(r.Header.Get("Autocrypt")); !ok || !bytes.Equal(a.key, pub) {
		t.Fatal("Autocrypt key does not read back")
	}
}
