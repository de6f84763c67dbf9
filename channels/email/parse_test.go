package email

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/ProtonMail/gopenpgp/v2/helper"

	"amtsbote/channels"
)

// parseRaw reads a whole mail as the channel does, without keys.
func parseRaw(t *testing.T, raw string, maxAttach int64) (*header, *body, error) {
	t.Helper()
	e, h, err := readMail([]byte(raw), portalAddr)
	if err != nil {
		return h, nil, err
	}
	p := &parser{maxAttach: maxAttach, accept: DefaultAttachmentTypes, now: time.Now()}
	b, err := p.parse(e)
	return h, b, err
}

func bodyText(b *body) string { return newText(strings.Join(b.text, "\n")) }

func TestHTMLMailBecomesText(t *testing.T) {
	raw := "From: Erika <erika@example.org>\r\nSubject: Frage\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><head><style>p{color:red}</style><title>x</title></head><body>" +
		"<p>Guten&nbsp;Tag,</p><p>ich m&ouml;chte den <b>Zählerstand</b>\n   melden.</p>" +
		"<ul><li>eins</li><li>zwei</li></ul>" +
		"<div class=\"gmail_quote\">Am Mo. schrieb Amtsbote:<blockquote>alte Nachricht</blockquote></div>" +
		"<script>alert(1)</script></body></html>"
	_, b, err := parseRaw(t, raw, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	want := "Guten Tag,\n\nich möchte den Zählerstand melden.\n\n- eins\n- zwei"
	if got := bodyText(b); got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
}

func TestAlternativePrefersPlainText(t *testing.T) {
	raw := "From: erika@example.org\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nplain version\r\n" +
		"--b\r\nContent-Type: text/html\r\n\r\n<p>html version</p>\r\n--b--\r\n"
	_, b, err := parseRaw(t, raw, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if got := bodyText(b); got != "plain version" {
		t.Fatalf("text = %q", got)
	}
}

func TestLatin1QuotedPrintable(t *testing.T) {
	raw := "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@example.org>\r\n" +
		"Subject: =?ISO-8859-1?Q?Z=E4hlerstand?=\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Gr=FC=DFe aus K=F6ln, der Z=E4hlerstand ist 12.345,6 m=B3. Eine sehr lange Zeile, die =\r\numgebrochen ist.\r\n"
	h, b, err := parseRaw(t, raw, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if h.subject != "Zählerstand" || h.from != "juergen@example.org" {
		t.Fatalf("header = %+v", h)
	}
	want := "Grüße aus Köln, der Zählerstand ist 12.345,6 m³. Eine sehr lange Zeile, die umgebrochen ist."
	if got := bodyText(b); got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
}

func TestUndeclaredLatin1AndBase64UTF8(t *testing.T) {
	raw := "From: a@example.org\r\nContent-Type: text/plain\r\n\r\nStra\xdfe\r\n"
	if _, b, _ := parseRaw(t, raw, 1<<20); bodyText(b) != "Straße" {
		t.Fatalf("undeclared latin-1: %q", bodyText(b))
	}
	raw = "From: a@example.org\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"U3RyYcOfZSDigqw=\r\n"
	if _, b, _ := parseRaw(t, raw, 1<<20); bodyText(b) != "Straße €" {
		t.Fatalf("base64 utf-8: %q", bodyText(b))
	}
}

func TestQuotesAndSignaturesStripped(t *testing.T) {
	for name, tc := range map[string]struct{ in, want string }{
		"top posting": {"1234567\n\nAm 29.11.2026 um 10:00 schrieb Amtsbote <a@b.de>:\n> Wie lautet Ihre Kundennummer?\n> \n",
			"1234567"},
		"wrapped gmail attribution": {"Z-4711\n\nAm Sa., 29. Nov. 2026 um 10:00 Uhr schrieb Amtsbote <\na@b.de>:\n\n> Frage\n",
			"Z-4711"},
		"english": {"yes\n\nOn Sat, Nov 29, 2026 at 10:00 AM Amtsbote <a@b.de> wrote:\n> question\n", "yes"},
		"interleaved": {"> Wie lautet Ihre Kundennummer?\n1234567\n> Und die Zählernummer?\nZ-4711\n",
			"1234567\nZ-4711"},
		"signature": {"heute\n\n-- \nErika Mustermann\nTel. 0123 456789\n", "heute"},
		"valediction": {"Ich möchte den Zählerstand melden.\n\nMit freundlichen Grüßen\nErika Mustermann\n",
			"Ich möchte den Zählerstand melden."},
		"valediction alone stays": {"Viele Grüße", "Viele Grüße"},
		"outlook": {"Erika Mustermann\n\n________________________________\nVon: Amtsbote <a@b.de>\nGesendet: Samstag, 29. November 2026 10:00\nAn: Erika\nBetreff: Re: Zählerstand\n\nWie ist Ihr Name?\n",
			"Erika Mustermann"},
		"outlook without line": {"heute\n\nVon: Amtsbote <a@b.de>\nGesendet: Samstag\nAn: Erika\nBetreff: x\n\nalt\n", "heute"},
		"iphone":               {"12.345,6\n\nVon meinem iPhone gesendet\n", "12.345,6"},
		"original message":     {"ok\n\n-----Original Message-----\nFrom: x\n", "ok"},
	} {
		if got := newText(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
}

func TestOversizedAttachmentRefused(t *testing.T) {
	big := strings.Repeat("A", 4000) // base64 of 3000 bytes
	raw := "From: erika@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nHier der Nachweis.\r\n" +
		"--b\r\nContent-Type: application/pdf; name=\"gross.pdf\"\r\nContent-Disposition: attachment; filename=\"gross.pdf\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + big + "\r\n" +
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"klein.pdf\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n" +
		"--b\r\nContent-Type: application/x-msdownload\r\nContent-Disposition: attachment; filename=\"virus.exe\"\r\n\r\nMZ\r\n" +
		"--b--\r\n"
	_, b, err := parseRaw(t, raw, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.attachments) != 1 || b.attachments[0].Name != "klein.pdf" || string(b.attachments[0].Data) != "%PDF-1.4\n" {
		t.Fatalf("attachments = %+v", b.attachments)
	}
	if len(b.refused) != 2 || !b.refused[0].TooLarge || b.refused[0].Size != 3000 || b.refused[0].Name != "gross.pdf" ||
		b.refused[1].TooLarge || b.refused[1].Name != "virus.exe" {
		t.Fatalf("refused = %+v", b.refused)
	}
	c := &Channel{opts: Options{MaxAttachmentBytes: 1000}}
	withKey, withoutKey := c.refusalText(b.refused)
	if !strings.Contains(withKey, "„gross.pdf“: zu groß (0,0 MB, höchstens 0,0 MB)") || strings.Contains(withoutKey, "gross.pdf") {
		t.Fatalf("refusal texts:\n%s\n%s", withKey, withoutKey)
	}
}

func TestMalformedMailIsAnError(t *testing.T) {
	for name, raw := range map[string]string{
		"no sender":             "Subject: x\r\n\r\nbody",
		"bad sender":            "From: nobody\r\n\r\nbody",
		"header junk":           "\x00\x01\x02",
		"empty":                 "",
		"smime":                 "From: a@example.org\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQA=\r\n",
		"encrypted without key": "From: a@example.org\r\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b\r\n\r\n--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\nwcBMA5aF\r\n-----END PGP MESSAGE-----\r\n--b--\r\n",
	} {
		if _, _, err := parseRaw(t, raw, 1<<20); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
}

func TestInlinePGPAndAttachedKey(t *testing.T) {
	portalKey, _ := crypto.GenerateKey("Portal", portalAddr, "x25519", 0)
	portalRing, _ := crypto.NewKeyRing(portalKey)
	citizen := newCitizen(t, "erika@example.org")
	msg, err := portalRing.Encrypt(crypto.NewPlainMessageFromString("Zählerstand melden"), citizen.Ring)
	if err != nil {
		t.Fatal(err)
	}
	armored, _ := msg.GetArmored()
	pubArmored, _ := citizen.Key.GetArmoredPublicKey()
	raw := "From: erika@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + armored + "\r\n" +
		"--b\r\nContent-Type: application/pgp-keys; name=\"key.asc\"\r\n\r\n" + pubArmored + "\r\n--b--\r\n"
	e, h, err := readMail([]byte(raw), portalAddr)
	if err != nil {
		t.Fatal(err)
	}
	p := &parser{ring: portalRing, maxAttach: 1 << 20, accept: DefaultAttachmentTypes, now: time.Now()}
	b, err := p.parse(e)
	if err != nil {
		t.Fatal(err)
	}
	if bodyText(b) != "Zählerstand melden" || !b.encrypted || !b.badSig {
		t.Fatalf("inline: text %q encrypted %v badSig %v", bodyText(b), b.encrypted, b.badSig)
	}
	keys := attachedKeys(b.keys, h.from)
	if len(keys) != 1 || keys[0].key.GetFingerprint() != citizen.Key.GetFingerprint() {
		t.Fatalf("attached keys: %d", len(keys))
	}
	// With the attached key the signature verifies.
	e, _, _ = readMail([]byte(raw), portalAddr)
	p.verify = []*crypto.Key{keys[0].key}
	if b, _ = p.parse(e); b.signer != citizen.Key.GetFingerprint() || b.badSig {
		t.Fatalf("signer %q badSig %v", b.signer, b.badSig)
	}

	// A clear-signed inline text verifies too.
	signed, err := helper.SignCleartextMessage(citizen.Ring, "heute\nist Montag  \n")
	if err != nil {
		t.Fatal(err)
	}
	raw = "From: erika@example.org\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(strings.ReplaceAll(signed, "\r\n", "\n"), "\n", "\r\n")
	e, _, _ = readMail([]byte(raw), portalAddr)
	if b, _ = p.parse(e); b.signer != citizen.Key.GetFingerprint() || bodyText(b) != "heute\nist Montag" {
		t.Fatalf("clear-signed: signer %q text %q", b.signer, bodyText(b))
	}
}

func TestSignedMailRoundTrip(t *testing.T) {
	// The channel's own multipart/signed output verifies with its parser,
	// and a changed byte breaks it.
	key, _ := crypto.GenerateKey("Portal", portalAddr, "x25519", 0)
	ring, _ := crypto.NewKeyRing(key)
	ct, signed, err := signedBody(entity("Grüße\nzweite Zeile \n", nil, nil), ring)
	if err != nil {
		t.Fatal(err)
	}
	raw := "From: " + portalAddr + "\r\nContent-Type: " + ct + "\r\n\r\n" + string(signed)
	check := func(raw string) *body {
		e, _, err := readMail([]byte(raw), "other@example.org")
		if err != nil {
			t.Fatal(err)
		}
		p := &parser{verify: []*crypto.Key{key}, maxAttach: 1 << 20, now: time.Now()}
		b, err := p.parse(e)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := check(raw)
	if b.signer != key.GetFingerprint() || strings.Join(b.text, "") != "Grüße\r\nzweite Zeile \r\n" && strings.Join(b.text, "") != "Grüße\nzweite Zeile \n" {
		t.Fatalf("signer %q text %q", b.signer, strings.Join(b.text, ""))
	}
	// LF line ends (a mail stored by a Unix tool) still verify.
	if b := check(strings.ReplaceAll(raw, "\r\n", "\n")); b.signer == "" {
		t.Fatal("LF-only copy does not verify")
	}
	if b := check(strings.Replace(raw, "zweite", "dritte", 1)); b.signer != "" || !b.badSig {
		t.Fatal("a changed text still verifies")
	}
}

func TestPastedKey(t *testing.T) {
	c := newCitizen(t, "erika@example.org")
	armored, _ := c.Key.GetArmoredPublicKey()
	raw := "From: erika@example.org\r\nContent-Type: text/plain\r\n\r\nMein Schlüssel:\r\n" + armored + "\r\nheute\r\n"
	e, h, err := readMail([]byte(raw), portalAddr)
	if err != nil {
		t.Fatal(err)
	}
	b, err := (&parser{maxAttach: 1 << 20, now: time.Now()}).parse(e)
	if err != nil {
		t.Fatal(err)
	}
	if keys := attachedKeys(b.keys, h.from); len(keys) != 1 || bodyText(b) != "Mein Schlüssel:\n\nheute" {
		t.Fatalf("keys %d text %q", len(keys), bodyText(b))
	}
}

func TestSplitSigned(t *testing.T) {
	body := "preamble\r\n--b\r\nA: 1\r\n\r\nfirst\r\n--b  \r\nsecond\r\n--bb\r\nnot a delimiter\r\n--b--\r\nepilogue"
	first, second, err := splitSigned([]byte(body), "b")
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != "A: 1\r\n\r\nfirst" || string(second) != "second\r\n--bb\r\nnot a delimiter" {
		t.Fatalf("first %q second %q", first, second)
	}
	if _, _, err := splitSigned([]byte("--b\r\nonly\r\n--b--"), "b"); err == nil {
		t.Fatal("one part accepted")
	}
}

func TestAutocryptHeader(t *testing.T) {
	c := newCitizen(t, "erika@example.org")
	pub, _ := c.Key.GetPublicKey()
	v := formatAutocrypt("Erika@example.org", pub)
	a, ok := parseAutocrypt(strings.ReplaceAll(v, "\r\n", ""))
	if !ok || a.addr != "erika@example.org" || !bytes.Equal(a.key, pub) {
		t.Fatalf("round trip failed: %v", ok)
	}
	if _, ok := parseAutocrypt("addr=a@b; critical=1; keydata=AAAA"); ok {
		t.Fatal("unknown critical attribute accepted")
	}
	if _, ok := parseAutocrypt("addr=a@b; _opt=1; keydata=AAAA"); !ok {
		t.Fatal("non-critical attribute rejected")
	}
	if k := autocryptKey([]string{v}, "someone@example.org"); k != nil {
		t.Fatal("an Autocrypt key for another address was taken")
	}
}

func TestPick(t *testing.T) {
	opts := []channels.Option{{Value: "submit", Label: "Absenden"}, {Value: "cancel", Label: "Abbrechen"}}
	for in, want := range map[string]string{"1": "submit", "2.": "cancel", "Nr. 2": "cancel", "absenden": "submit", "cancel": "cancel"} {
		if o, ok := pick(opts, in); !ok || o.Value != want {
			t.Errorf("pick(%q) = %v %v", in, o, ok)
		}
	}
	for _, in := range []string{"3", "0", "1234567", "1\n2"} {
		if _, ok := pick(opts, in); ok {
			t.Errorf("pick(%q) picked", in)
		}
	}
}

func TestAnswerLine(t *testing.T) {
	text := "12.345,6\n\nErika Mustermann\nMusterstraße 1"
	if got := answerLine(text, &channels.Field{Type: "decimal"}); got != "12.345,6" {
		t.Fatalf("decimal: %q", got)
	}
	if got := answerLine(text, &channels.Field{Type: "text"}); got != text {
		t.Fatalf("text: %q", got)
	}
	if got := answerLine(text, nil); got != text {
		t.Fatalf("no field: %q", got)
	}
}

func TestLoops(t *testing.T) {
	for name, hdr := range map[string]string{
		"auto-submitted": "Auto-Submitted: auto-generated\r\n",
		"precedence":     "Precedence: bulk\r\n",
		"list":           "List-Unsubscribe: <mailto:x@example.org>\r\n",
		"report":         "Content-Type: multipart/report; report-type=delivery-status; boundary=x\r\n",
		"null sender":    "Return-Path: <>\r\n",
		"outlook oof":    "X-Auto-Response-Suppress: All\r\n",
	} {
		_, h, err := readMail([]byte("From: erika@example.org\r\n"+hdr+"\r\nbody"), portalAddr)
		if err != nil || h.auto == "" {
			t.Errorf("%s: not recognised as automatic (%v)", name, err)
		}
	}
	_, h, _ := readMail([]byte("From: erika@example.org\r\nAuto-Submitted: no\r\n\r\nbody"), portalAddr)
	if h.auto != "" {
		t.Fatal("Auto-Submitted: no is a person's mail")
	}
	_, h, _ = readMail([]byte("From: "+portalAddr+"\r\n\r\nbody"), portalAddr)
	if h.auto == "" {
		t.Fatal("own mail not recognised")
	}
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// TestDecryptRefusesUnencryptedAndBombs: a "multipart/encrypted" mail whose
// payload is not encrypted does not pass for encrypted, and a compressed
// message that unpacks beyond the limit is refused, not read into memory.
func TestDecryptRefusesUnencryptedAndBombs(t *testing.T) {
	_, portal := testKey(t, "portal.key.asc")
	p := &parser{ring: portal, maxMail: 1 << 20, now: time.Now()}

	var lit bytes.Buffer
	w, err := packet.SerializeLiteral(nopCloser{&lit}, true, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("Content-Type: text/plain\r\n\r\nnicht verschlüsselt"))
	_ = w.Close()
	if _, _, _, err := p.decrypt(lit.Bytes(), p.mailLimit()); !errors.Is(err, errDecrypt) {
		t.Fatalf("unencrypted literal: err %v", err)
	}

	bomb, err := portal.EncryptWithCompression(crypto.NewPlainMessage(make([]byte, 8<<20)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(bomb.GetBinary()); n > 100<<10 {
		t.Fatalf("the bomb is not compressed: %d bytes", n)
	}
	if _, _, _, err := p.decrypt(bomb.GetBinary(), p.mailLimit()); !errors.Is(err, errTooLarge) {
		t.Fatalf("bomb: err %v", err)
	}
	small, _ := portal.EncryptWithCompression(crypto.NewPlainMessage([]byte("ok")), nil)
	p.used = 0
	if plain, _, _, err := p.decrypt(small.GetBinary(), p.mailLimit()); err != nil || string(plain) != "ok" {
		t.Fatalf("small message: %q %v", plain, err)
	}
}

// A file name with a bidirectional override (RFC 2231-encoded, as a mail
// client writes it) loses it: "Bescheid\u202Efdp.exe" must not show as
// "Bescheidexe.pdf" in the staff console.
func TestAttachmentNameLosesFormatCharacters(t *testing.T) {
	raw := "From: erika@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nAnbei.\r\n" +
		"--b\r\nContent-Type: application/pdf\r\n" +
		"Content-Disposition: attachment; filename*=UTF-8''Bescheid%E2%80%AEfdp%E2%80%8B.pdf\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n" +
		"--b--\r\n"
	_, b, err := parseRaw(t, raw, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.attachments) != 1 || b.attachments[0].Name != "Bescheidfdp.pdf" {
		t.Fatalf("attachments = %+v", b.attachments)
	}
}
