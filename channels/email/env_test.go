package email

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"amtsbote/gateway"
	"amtsbote/internal/harness"
	"amtsbote/internal/mailtest"
	"amtsbote/pgp"
)

const portalAddr = "buergerservice@stadt.example"

// mailWait bounds the wait for the portal's mail.
const mailWait = 15 * time.Second

// lateStore lets the channel exist before the core that owns the store:
// harness.Start needs the channel to register it as a sender.
type lateStore struct {
	mu sync.RWMutex
	st StateStore
}

func (l *lateStore) set(st StateStore) {
	l.mu.Lock()
	l.st = st
	l.mu.Unlock()
}

func (l *lateStore) get() (StateStore, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.st == nil {
		return nil, errors.New("store not open yet")
	}
	return l.st, nil
}

func (l *lateStore) ChannelState(ch, key string) ([]byte, error) {
	st, err := l.get()
	if err != nil {
		return nil, err
	}
	return st.ChannelState(ch, key)
}

func (l *lateStore) SetChannelState(ctx context.Context, ch, key string, v []byte) error {
	st, err := l.get()
	if err != nil {
		return err
	}
	return st.SetChannelState(ctx, ch, key, v)
}

// logSink collects the channel's log lines, to check they carry no
// personal data.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// env is a running core with the email channel, an IMAP and an SMTP server.
type env struct {
	t       *testing.T
	dir     string
	imap    *mailtest.IMAP
	smtp    *mailtest.SMTP
	opts    Options
	logs    *logSink
	core    *harness.Core
	ch      *Channel
	stopRun func()
	hooks   func(*Channel) // set test hooks on every new channel
}

func newEnv(t *testing.T, adjust func(*Options)) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), imap: mailtest.StartIMAP(t), smtp: mailtest.StartSMTP(t), logs: &logSink{}}
	e.opts = Options{
		Address:      portalAddr,
		IMAPURL:      e.imap.URL(),
		SMTPURL:      e.smtp.URL(),
		PollInterval: 50 * time.Millisecond,
		NoWKD:        true,
		NoticeURL:    "https://stadt.example/chat",
	}
	if adjust != nil {
		adjust(&e.opts)
	}
	return e
}

func (e *env) portal() *pgp.Portal {
	e.t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: e.dir, Passphrase: []byte("test"), Email: portalAddr,
		Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// start builds the channel and the core on e.dir and runs both.
func (e *env) start() {
	e.t.Helper()
	st := &lateStore{}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ch, err := New(e.opts, st, e.portal(), log)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.hooks != nil {
		e.hooks(ch)
	}
	core := harness.Start(e.t, harness.Options{Dir: e.dir,
		Gate: gateway.Config{RetryBase: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}}, ch)
	st.set(core.DB)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ch.Run(ctx, core.Gateway)
	}()
	var once sync.Once
	e.stopRun = func() { once.Do(func() { cancel(); <-done }) }
	e.t.Cleanup(e.stopRun)
	e.core, e.ch = core, ch
}

// crash stops the channel and the core the hard way: nothing is drained.
func (e *env) crash() {
	e.stopRun()
	e.core.Stop()
}

// portalPub is the portal's public key, as a citizen has it.
func (e *env) portalPub() *crypto.KeyRing {
	e.t.Helper()
	armored, err := e.portal().ArmoredPublicKey()
	if err != nil {
		e.t.Fatal(err)
	}
	k, err := crypto.NewKeyFromArmored(armored)
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// citizen writes mail to the portal and reads its answers, using gopenpgp
// and go-message directly (not the channel's code).
type citizen struct {
	addr string
	key  *crypto.Key
	ring *crypto.KeyRing
	n    int
}

func newCitizen(t *testing.T, addr string) *citizen {
	t.Helper()
	k, err := crypto.GenerateKey("Erika Mustermann", addr, "x25519", 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return &citizen{addr: addr, key: k, ring: r}
}

// mailSpec describes a mail a citizen writes.
type mailSpec struct {
	subject    string
	body       string
	inReplyTo  string
	references []string
	headers    []string        // extra header lines
	encryptTo  *crypto.KeyRing // nil: plaintext
	sign       bool            // sign inside the encryption
	autocrypt  bool            // announce the key in an Autocrypt header
	noID       bool            // no Message-ID header
}

// mail builds a mail and returns it with its Message-ID.
func (c *citizen) mail(t *testing.T, s mailSpec) ([]byte, string) {
	t.Helper()
	c.n++
	id := fmt.Sprintf("m%d.%d@example.org", c.n, time.Now().UnixNano())
	var b strings.Builder
	b.WriteString("From: Erika Mustermann <" + c.addr + ">\r\n")
	b.WriteString("To: " + portalAddr + "\r\n")
	b.WriteString("Subject: " + qword(s.subject) + "\r\n")
	b.WriteString("Date: " + time.Now().Format(time.RFC1123Z) + "\r\n")
	if !s.noID {
		b.WriteString("Message-ID: <" + id + ">\r\n")
	}
	if s.inReplyTo != "" {
		b.WriteString("In-Reply-To: <" + s.inReplyTo + ">\r\n")
		refs := ""
		for _, r := range s.references {
			refs += " <" + r + ">"
		}
		b.WriteString("References:" + refs + "\r\n")
	}
	if s.autocrypt {
		pub, _ := c.key.GetPublicKey()
		b.WriteString("Autocrypt: addr=" + c.addr + "; prefer-encrypt=mutual; keydata=\r\n " +
			base64.StdEncoding.EncodeToString(pub) + "\r\n")
	}
	for _, h := range s.headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\n")
	body := strings.ReplaceAll(s.body, "\n", "\r\n")
	if s.encryptTo == nil {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
		b.WriteString(body)
		return []byte(b.String()), id
	}
	inner := "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
	var signer *crypto.KeyRing
	if s.sign {
		signer = c.ring
	}
	msg, err := s.encryptTo.Encrypt(crypto.NewPlainMessage([]byte(inner)), signer)
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

func qword(s string) string {
	for _, r := range s {
		if r > 127 {
			return "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
		}
	}
	return s
}

// reply is an answer of the portal as the citizen's mail client sees it.
type reply struct {
	header    mail.Header
	text      string
	encrypted bool
	signed    bool // the portal's signature verified
}

// open reads a mail from the portal: decrypts and verifies it.
func (c *citizen) open(t *testing.T, raw []byte, portal *crypto.KeyRing) reply {
	t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("reply is not a mail: %v", err)
	}
	r := reply{header: mail.Header{Header: e.Header}}
	mt, params, _ := e.Header.ContentType()
	switch mt {
	case "multipart/encrypted":
		mr := e.MultipartReader()
		for {
			p, err := mr.NextPart()
			if err != nil {
				t.Fatal("no encrypted part")
			}
			if pmt, _, _ := p.Header.ContentType(); pmt != "application/octet-stream" {
				continue
			}
			armored, _ := io.ReadAll(p.Body)
			msg, err := crypto.NewPGPMessageFromArmored(string(armored))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := c.ring.Decrypt(msg, portal, crypto.GetUnixTime())
			if err != nil {
				t.Fatalf("reply does not decrypt and verify with the citizen's and portal's keys: %v", err)
			}
			r.encrypted, r.signed = true, true
			r.text = textOf(t, plain.GetBinary())
			return r
		}
	case "multipart/signed":
		raw, _ := io.ReadAll(e.Body)
		first, sig := testSplit(t, string(raw), params["boundary"])
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
		r.signed = true
		r.text = textOf(t, []byte(first))
		return r
	}
	t.Fatalf("reply is %s, neither encrypted nor signed", mt)
	return r
}

// testSplit cuts a two-part multipart body, independently of splitSigned.
func testSplit(t *testing.T, body, bd string) (string, string) {
	t.Helper()
	parts := strings.Split(body, "\r\n--"+bd)
	// parts[0] is the preamble up to the first delimiter's line.
	if len(parts) < 3 {
		t.Fatalf("multipart/signed with %d parts", len(parts)-1)
	}
	first := strings.TrimPrefix(parts[1], "\r\n")
	second := strings.TrimPrefix(parts[2], "\r\n")
	return first, second
}

// textOf returns the decoded text/plain part of a MIME entity.
func textOf(t *testing.T, entity []byte) string {
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

// quote makes a reply body: the answer on top, the quoted reply below and
// a signature, as a mail client writes it.
func quote(answer, quoted string) string {
	var b strings.Builder
	b.WriteString(answer + "\n\n")
	b.WriteString("Am 29.11.2026 um 10:00 schrieb Amtsbote <" + portalAddr + ">:\n")
	for _, l := range strings.Split(quoted, "\n") {
		b.WriteString("> " + l + "\n")
	}
	b.WriteString("\n-- \nErika Mustermann\nMusterstraße 1\n")
	return b.String()
}
