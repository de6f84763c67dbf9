package staff

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"

	"amtsbote/channels/email"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
	"amtsbote/internal/mailtest"
	"amtsbote/pgp"
	"amtsbote/store"
)

const (
	emailPortal  = "buergerservice@stadt.example"
	emailCitizen = "erika@example.org"
	mailWait     = 15 * time.Second
)

// emailEnv is the core with the real email channel against in-process IMAP
// and SMTP servers, and the console in front of it.
type emailEnv struct {
	*env
	imap   *mailtest.IMAP
	smtp   *mailtest.SMTP
	portal *crypto.KeyRing // the portal's public key, as the citizen has it
}

// startEmailEnv wires the email channel as cmd/amtsbote does: its sender
// registered with the gateway, Run reading the mailbox into the gateway,
// its state in the bolt store.
func startEmailEnv(t *testing.T) *emailEnv {
	t.Helper()
	dir := t.TempDir()
	quiet := slog.New(slog.DiscardHandler)
	// The portal key is made with the portal's address; the core loads it.
	portal, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("test"), Email: emailPortal, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ee := &emailEnv{imap: mailtest.StartIMAP(t), smtp: mailtest.StartSMTP(t), portal: publicRing(t, portal)}
	l := &late{}
	ch, err := email.New(email.Options{Address: emailPortal, IMAPURL: ee.imap.URL(), SMTPURL: ee.smtp.URL(),
		PollInterval: 50 * time.Millisecond, NoWKD: true, NoticeURL: "https://stadt.example/"}, lateState{l}, portal, quiet)
	if err != nil {
		t.Fatal(err)
	}
	feed := NewFeed()
	core := harness.Start(t, harness.Options{Dir: dir, Gate: gateway.Config{Observers: []gateway.Observer{feed},
		RetryBase: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}}, ch)
	l.set(core)
	e := &env{t: t, core: core}
	e.console = New(Options{Argon: cheapArgon, Log: quiet},
		Deps{Store: core.DB, Deliverer: core.Gateway, History: core.History, Catalog: core.Catalog, Feed: feed})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { _ = ch.Run(ctx, core.Gateway); done <- struct{}{} }()
	go func() { _ = e.console.Run(ctx); done <- struct{}{} }()
	mux := http.NewServeMux()
	mux.Handle("/staff", e.console.Handler())
	mux.Handle("/staff/", e.console.Handler())
	e.srv = httptest.NewServer(mux)
	t.Cleanup(func() { // before the core stops: registered after it
		cancel()
		<-done
		<-done
		e.srv.Close()
	})
	ee.env = e
	return ee
}

// lateState is the channel's state store: the core's, once it runs.
type lateState struct{ l *late }

func (s lateState) db() (*harness.Core, error) {
	if c := s.l.get(); c != nil {
		return c, nil
	}
	return nil, errors.New("the core is not running yet")
}

func (s lateState) ChannelState(channel, key string) ([]byte, error) {
	c, err := s.db()
	if err != nil {
		return nil, err
	}
	return c.DB.ChannelState(channel, key)
}

func (s lateState) SetChannelState(ctx context.Context, channel, key string, v []byte) error {
	c, err := s.db()
	if err != nil {
		return err
	}
	return c.DB.SetChannelState(ctx, channel, key, v)
}

func publicRing(t *testing.T, p *pgp.Portal) *crypto.KeyRing {
	t.Helper()
	armored, err := p.ArmoredPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.NewKeyFromArmored(armored)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mailer is a citizen with an OpenPGP key, writing and reading mail with
// gopenpgp and go-message (not with the channel's code).
type mailer struct {
	t    *testing.T
	key  *crypto.Key
	ring *crypto.KeyRing
}

func newMailer(t *testing.T) *mailer {
	t.Helper()
	k, err := crypto.GenerateKey("Erika Mustermann", emailCitizen, "x25519", 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := crypto.NewKeyRing(k)
	if err != nil {
		t.Fatal(err)
	}
	return &mailer{t: t, key: k, ring: r}
}

// write makes a plaintext mail that announces the citizen's key by
// Autocrypt; thread lists the Message-IDs (with <>) it answers, the last
// one directly.
func (m *mailer) write(id, subject, body string, thread ...string) []byte {
	m.t.Helper()
	pub, err := m.key.GetPublicKey()
	if err != nil {
		m.t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: Erika Mustermann <%s>\r\nTo: %s\r\nSubject: %s\r\n", emailCitizen, emailPortal, subject)
	fmt.Fprintf(&b, "Date: %s\r\nMessage-ID: <%s>\r\n", time.Now().Format(time.RFC1123Z), id)
	if n := len(thread); n > 0 {
		fmt.Fprintf(&b, "In-Reply-To: %s\r\nReferences: %s\r\n", thread[n-1], strings.Join(thread, " "))
	}
	fmt.Fprintf(&b, "Autocrypt: addr=%s; prefer-encrypt=mutual; keydata=\r\n %s\r\n", emailCitizen,
		base64.StdEncoding.EncodeToString(pub))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(body + "\r\n")
	return []byte(b.String())
}

// read decrypts a mail of the portal with the citizen's key, checks the
// portal's signature and returns the outer header and the text.
func (m *mailer) read(raw []byte, portal *crypto.KeyRing) (message.Header, string) {
	m.t.Helper()
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil {
		m.t.Fatalf("not a mail: %v", err)
	}
	if mt, _, _ := e.Header.ContentType(); mt != "multipart/encrypted" {
		m.t.Fatalf("the mail is %s, not PGP/MIME encrypted", mt)
	}
	mr := e.MultipartReader()
	for {
		p, err := mr.NextPart()
		if err != nil {
			m.t.Fatalf("no encrypted part: %v", err)
		}
		if mt, _, _ := p.Header.ContentType(); mt != "application/octet-stream" {
			continue
		}
		armored, _ := io.ReadAll(p.Body)
		msg, err := crypto.NewPGPMessageFromArmored(string(armored))
		if err != nil {
			m.t.Fatal(err)
		}
		plain, err := m.ring.Decrypt(msg, portal, crypto.GetUnixTime())
		if err != nil {
			m.t.Fatalf("does not decrypt and verify with the citizen's and the portal's key: %v", err)
		}
		return e.Header, plainText(m.t, plain.GetBinary())
	}
}

// plainText is the first text/plain part of a MIME entity, decoded.
func plainText(t *testing.T, entity []byte) string {
	t.Helper()
	e, err := message.Read(bytes.NewReader(entity))
	if err != nil {
		t.Fatal(err)
	}
	text, found := "", false
	_ = e.Walk(func(_ []int, p *message.Entity, _ error) error {
		if mt, _, _ := p.Header.ContentType(); mt == "text/plain" && !found {
			b, _ := io.ReadAll(p.Body)
			text, found = string(b), true
		}
		return nil
	})
	if !found {
		t.Fatal("the decrypted mail has no text")
	}
	return text
}

// TestStaffReplyOverRealEmail: a citizen asks for a person by mail; the
// conversation shows in the queue, an agent claims it and answers, and the
// citizen gets the joined notice and the answer as encrypted mail in their
// thread; their answer by mail reaches the console.
func TestStaffReplyOverRealEmail(t *testing.T) {
	e := startEmailEnv(t)
	e.account("anna", "stadtwerke", store.RoleAgent)
	cit := newMailer(t)

	e.imap.Append(t, "INBOX", cit.write("frage.1@example.org", "Frage", "Ich möchte mit einem Menschen sprechen"))
	first := e.smtp.Next(t, mailWait)
	if first.From != emailPortal || len(first.To) != 1 || first.To[0] != emailCitizen {
		t.Fatalf("envelope %s → %v", first.From, first.To)
	}
	if _, text := cit.read(first.Data, e.portal); !strings.Contains(text, "Mitarbeiterin oder einen Mitarbeiter") {
		t.Fatalf("the bot's answer: %q", text)
	}

	anna := e.login("anna")
	var queue []struct {
		ID, Channel string
		ClaimedBy   string `json:"claimed_by"`
	}
	waitFor(t, "the mail in the queue", func() bool {
		anna.get("queue", &queue)
		return len(queue) == 1
	})
	q := queue[0]
	if q.Channel != email.Name || q.ClaimedBy != "" {
		t.Fatalf("queue item %+v", q)
	}
	anna.expect(http.StatusOK, "POST", "conversations/"+q.ID+"/claim", nil)
	joined := e.smtp.Next(t, mailWait)
	if _, text := cit.read(joined.Data, e.portal); !strings.Contains(text, "Anna") || !strings.Contains(text, "für Sie da") {
		t.Fatalf("joined notice by mail: %q", text)
	}

	const answer = "Guten Tag, hier ist Anna von den Stadtwerken. Wie kann ich helfen?"
	anna.expect(http.StatusCreated, "POST", "conversations/"+q.ID+"/messages", map[string]string{"text": answer})
	reply := e.smtp.Next(t, mailWait)
	if reply.From != emailPortal || len(reply.To) != 1 || reply.To[0] != emailCitizen {
		t.Fatalf("envelope %s → %v", reply.From, reply.To)
	}
	if bytes.Contains(reply.Data, []byte("hier ist Anna")) {
		t.Fatal("the answer went out in plaintext")
	}
	h, text := cit.read(reply.Data, e.portal)
	if !strings.Contains(text, answer) {
		t.Fatalf("the agent's answer by mail: %q", text)
	}
	if to := h.Get("To"); !strings.Contains(to, emailCitizen) {
		t.Fatalf("To: %s", to)
	}
	if irt := h.Get("In-Reply-To"); irt != "<frage.1@example.org>" {
		t.Fatalf("In-Reply-To: %q, not in the citizen's thread", irt)
	}
	if h.Get("Auto-Submitted") != "" {
		t.Fatal("a person's answer is marked Auto-Submitted")
	}

	// The citizen answers in the thread: it reaches the console, not the bot.
	const back = "Danke! Mein Zähler ist kaputt."
	e.imap.Append(t, "INBOX", cit.write("frage.2@example.org", "Re: Frage", back, "<frage.1@example.org>", h.Get("Message-ID")))
	var conv struct {
		ClaimedBy string `json:"claimed_by"`
		Entries   []struct{ From, Author, Text string }
	}
	waitFor(t, "the citizen's answer in the console", func() bool {
		anna.get("conversations/"+q.ID, &conv)
		n := len(conv.Entries)
		return n > 0 && conv.Entries[n-1].From == "citizen" && conv.Entries[n-1].Text == back
	})
	if conv.ClaimedBy != "anna" {
		t.Fatalf("claimed by %q", conv.ClaimedBy)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(e.smtp.Mails()); n != 3 {
		t.Fatalf("%d mails sent, want 3 (the bot keeps quiet while staff have it)", n)
	}
}
