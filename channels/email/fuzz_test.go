package email

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
)

// The keys in testdata are test keys without a passphrase: the portal's
// (buergerservice@stadt.example) and a citizen's (erika@example.org). The
// samples in testdata/mail were made with them.

func testKey(t testing.TB, name string) (*crypto.Key, *crypto.KeyRing) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.NewKeyFromArmored(string(b))
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return k, r
}

// sampleParser reads mail as the channel does for erika@example.org.
func sampleParser(t testing.TB) *parser {
	_, portal := testKey(t, "portal.key.asc")
	citizen, _ := testKey(t, "citizen.key.asc")
	return &parser{ring: portal, verify: []*crypto.Key{citizen}, maxAttach: 1 << 16, maxMail: 1 << 18,
		accept: DefaultAttachmentTypes, now: time.Now()}
}

// compressedSeeds are PGP/MIME bodies and inline PGP, by Content-Type,
// whose encrypted parts are compressed OpenPGP (ZLIB nested in ZIP) that
// unpacks beyond the sample parser's limits, and some within them.
func compressedSeeds(t testing.TB) [][2]string {
	_, portal := testKey(t, "portal.key.asc")
	armor := func(b []byte) string {
		a, err := crypto.NewPGPMessage(b).GetArmored()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	big := bomb(t, portal, 1<<20)   // over the attachment limit and the mail's budget
	small := bomb(t, portal, 4<<10) // within both; 80 of them are over the budget
	inner, err := portal.EncryptWithCompression(crypto.NewPlainMessage([]byte(
		"Content-Type: multipart/mixed; boundary=mix\r\n\r\n"+bombParts(small, 80))), nil)
	if err != nil {
		t.Fatal(err)
	}
	const mixed = "multipart/mixed; boundary=mix"
	var seeds [][2]string
	for _, armored := range []string{armor(big), armor(small), armor(inner.GetBinary())} {
		ct, body := pgpMIMEBody(armored)
		seeds = append(seeds, [2]string{ct, body}, [2]string{"text/plain", "Guten Tag\r\n" + armored})
	}
	return append(seeds, [2]string{mixed, bombParts(big, 1)}, [2]string{mixed, bombParts(small, 3)},
		[2]string{mixed, bombParts(small, 80)})
}

// checkLimits fails when what the parser read broke its limits.
func checkLimits(t *testing.T, p *parser, b *body) {
	t.Helper()
	if p.used > p.mailLimit()+1 {
		t.Fatalf("%d bytes decrypted, the limit is %d", p.used, p.mailLimit())
	}
	for _, a := range b.attachments {
		if int64(len(a.Data)) > p.maxAttach {
			t.Fatalf("attachment of %d bytes kept, the limit is %d", len(a.Data), p.maxAttach)
		}
	}
}

func TestSampleMails(t *testing.T) {
	p := sampleParser(t)
	for file, want := range map[string]struct {
		text      string
		err       error
		auto      bool
		encrypted bool
		signed    bool
		atts      int
		refused   int
		keys      int
	}{
		"plain-latin1-qp.eml":          {text: "Guten Tag,\n\nder Zählerstand ist 12.345,6 m³."},
		"html-gmail-reply.eml":         {text: "Z-4711"},
		"alternative-related.eml":      {text: "Ich möchte meinen Zählerstand melden."},
		"attachments.eml":              {text: "Anbei der Nachweis.", atts: 1, refused: 1},
		"autoreply.eml":                {auto: true},
		"bounce.eml":                   {auto: true},
		"smime.eml":                    {err: errSMIME},
		"broken-multipart.eml":         {text: "Zählerstand melden", atts: 1},
		"pgpmime-encrypted-signed.eml": {text: "Zählerstand melden", encrypted: true, signed: true, atts: 1},
		"pgpmime-signed-with-key.eml":  {text: "heute", signed: true, keys: 1},
		"inline-pgp.eml":               {text: "Zählerstand melden", encrypted: true, signed: true},
		"encrypted-other-key.eml":      {err: errDecrypt},
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "mail", file))
		if err != nil {
			t.Fatal(err)
		}
		e, h, err := readMail(raw, portalAddr)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if (h.auto != "") != want.auto {
			t.Errorf("%s: automatic %q", file, h.auto)
		}
		if want.auto {
			continue
		}
		b, err := p.parse(e)
		if want.err != nil {
			if !errors.Is(err, want.err) {
				t.Errorf("%s: err %v, want %v", file, err, want.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if got := newText(strings.Join(b.text, "\n")); got != want.text {
			t.Errorf("%s: text %q, want %q", file, got, want.text)
		}
		if b.encrypted != want.encrypted || (b.signer != "") != want.signed || len(b.attachments) != want.atts ||
			len(b.refused) != want.refused || len(b.keys) != want.keys {
			t.Errorf("%s: encrypted %v signed %v attachments %d refused %d keys %d", file, b.encrypted,
				b.signer != "", len(b.attachments), len(b.refused), len(b.keys))
		}
		if file == "attachments.eml" && (b.attachments[0].Name != "Zähler.pdf" || b.attachments[0].MediaType != "application/pdf" ||
			b.refused[0].Name != "setup.exe") {
			t.Errorf("%s: %+v %+v", file, b.attachments[0], b.refused)
		}
		if file == "pgpmime-encrypted-signed.eml" && b.subject != "Zählerstand" {
			t.Errorf("%s: protected subject %q", file, b.subject)
		}
	}
}

// seedMails are the samples and a few mails made by the channel itself.
func seedMails(f *testing.F) [][]byte {
	var seeds [][]byte
	files, _ := filepath.Glob(filepath.Join("testdata", "mail", "*.eml"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	for _, c := range compressedSeeds(f) {
		seeds = append(seeds, []byte("From: a@example.org\r\nContent-Type: "+c[0]+"\r\n\r\n"+c[1]))
	}
	seeds = append(seeds,
		[]byte("From: a@example.org\r\n\r\nhallo"),
		[]byte("From: a@example.org\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=y\r\n\r\n--y\r\n\r\ntext\r\n--y--\r\n--x--\r\n"),
		[]byte("From: a@example.org\r\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=s\r\n\r\n--s\r\n\r\nsigned\r\n--s\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\nAAAA\r\n-----END PGP SIGNATURE-----\r\n--s--\r\n"),
	)
	return seeds
}

// FuzzParseMail: no mail makes the parser panic, and what it returns is
// valid UTF-8 that cannot break the header of a reply.
func FuzzParseMail(f *testing.F) {
	for _, s := range seedMails(f) {
		f.Add(s)
	}
	p := sampleParser(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		e, h, err := readMail(raw, portalAddr)
		if err != nil {
			return
		}
		if strings.ContainsAny(h.subject, "\r\n") || !utf8.ValidString(h.subject) {
			t.Fatalf("subject %q", h.subject)
		}
		_ = autocryptKey(h.autocrypt, h.from)
		b, err := p.parse(e)
		checkLimits(t, p, b)
		if err != nil {
			return
		}
		text := newText(strings.Join(b.text, "\n"))
		if !utf8.ValidString(text) {
			t.Fatalf("text is not UTF-8: %q", text)
		}
		_ = attachedKeys(b.keys, h.from)
		if s := replySubject(h.subject, text, "Ihre Nachricht"); strings.ContainsAny(encodeWord(s), "\r\n") {
			t.Fatalf("reply subject %q", s)
		}
		for _, a := range b.attachments {
			if strings.ContainsAny(a.Name, "/\\\r\n") {
				t.Fatalf("attachment name %q", a.Name)
			}
		}
	})
}

// FuzzPGPMIME: no PGP/MIME structure (multipart/encrypted, multipart/signed,
// inline PGP) makes the parser panic.
func FuzzPGPMIME(f *testing.F) {
	_, portal := testKey(f, "portal.key.asc")
	_, citizen := testKey(f, "citizen.key.asc")
	inner := entity("Zählerstand melden\n", nil, nil)
	if ct, body, err := encryptedBody(inner, portal, citizen); err == nil {
		f.Add(ct, body)
	}
	if ct, body, err := signedBody(inner, citizen); err == nil {
		f.Add(ct, body)
	}
	f.Add(`multipart/signed; protocol="application/pgp-signature"; boundary=b`, []byte("--b\r\n\r\nx\r\n--b\r\n\r\nsig\r\n--b--"))
	f.Add(`multipart/encrypted; protocol="application/pgp-encrypted"; boundary=b`,
		[]byte("--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n-----BEGIN PGP MESSAGE-----\r\n\r\nwV4D\r\n-----END PGP MESSAGE-----\r\n--b--"))
	f.Add("text/plain", []byte("-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nheute\r\n-----BEGIN PGP SIGNATURE-----\r\n\r\nAAAA\r\n-----END PGP SIGNATURE-----\r\n"))
	f.Add("text/plain", []byte("-----BEGIN PGP MESSAGE-----\r\n\r\nhQEMA\r\n-----END PGP MESSAGE-----"))
	for _, c := range compressedSeeds(f) {
		f.Add(c[0], []byte(c[1]))
	}
	p := sampleParser(f)
	f.Fuzz(func(t *testing.T, contentType string, data []byte) {
		var h message.Header
		h.Set("Content-Type", contentType)
		if _, params, err := h.ContentType(); err == nil {
			_, _, _ = splitSigned(data, params["boundary"])
		}
		e, err := message.New(h, bytes.NewReader(data))
		if e == nil {
			return
		}
		_ = err
		out := &body{}
		p.used = 0
		_ = p.entity(e, out, 0, false)
		checkLimits(t, p, out)
		for _, s := range out.text {
			if !utf8.ValidString(s) {
				t.Fatalf("text is not UTF-8: %q", s)
			}
		}
	})
}

// TestCompressedSeedsReachTheLimits: the compressed seeds of the fuzz
// targets do reach the limits, so fuzzing starts from there.
func TestCompressedSeedsReachTheLimits(t *testing.T) {
	p := sampleParser(t)
	tooLarge, read := 0, 0
	for _, c := range compressedSeeds(t) {
		var h message.Header
		h.Set("Content-Type", c[0])
		e, err := message.New(h, strings.NewReader(c[1]))
		if e == nil {
			t.Fatal(err)
		}
		out := &body{}
		p.used = 0
		switch err := p.entity(e, out, 0, false); {
		case errors.Is(err, errTooLarge):
			tooLarge++
		case err == nil && out.encrypted:
			read++
		default:
			t.Errorf("%s: %v", c[0], err)
		}
		checkLimits(t, p, out)
	}
	if tooLarge != 5 || read != 4 {
		t.Fatalf("%d seeds too large, %d read; want 5 and 4", tooLarge, read)
	}
}
