package staff

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

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
	ee := &emailEnv{imap: mailtest.StartIMAP(t), smtp: mailtest.StartSMTP(t), portal: mailtest.PublicRing(t, portal)}
	l := &late{}
	ch, err := email.New(email.Options{Address: emailPortal, IMAPURL: ee.imap.URL(), SMTPURL: ee.smtp.URL(),
		PollInterval: 50 * time.Millisecond, NoWKD: true, NoticeURL: "https://stadt.example/", Portal: portal}, lateState{l}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	feed := NewFeed()
	core := harness.Start(t, harness.Options{Dir: dir, Gate: gateway.Config{Observers: []gateway.Observer{feed},
		RetryBase: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}}, ch)
	l.set(core)
	e := &env{t: t, core: core}
	e.console = New(Options{Argon: cheapArgon, Log: quiet},
		Deps{Store: core.DB, Forms: dialogForms{}, Deliverer: core.Gateway, History: core.History, Catalog: core.Catalog, Feed: feed})
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
	return c.State.ChannelState(channel, key)
}

func (s lateState) SetChannelState(ctx context.Context, channel, key string, v []byte) error {
	c, err := s.db()
	if err != nil {
		return err
	}
	return c.DB.SetChannelState(ctx, channel, key, v)
}

// TestStaffReplyOverRealEmail: a citizen asks for a person by mail; the
// conversation shows in the queue, an agent claims it and answers, and the
// citizen gets the joined notice and the answer as encrypted mail in their
// thread; their answer by mail reaches the console.
func TestStaffReplyOverRealEmail(t *testing.T) {
	e := startEmailEnv(t)
	e.account("anna", "stadtwerke", store.RoleAgent)
	cit := mailtest.NewCitizen(t, emailCitizen, emailPortal)

	ask, askID := cit.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Ich möchte mit einem Menschen sprechen", Autocrypt: true})
	e.imap.Append(t, "INBOX", ask)
	first := e.smtp.Next(t, mailWait)
	if first.From != emailPortal || len(first.To) != 1 || first.To[0] != emailCitizen {
		t.Fatalf("envelope %s → %v", first.From, first.To)
	}
	if r := cit.Open(t, first.Data, e.portal); !r.Encrypted || !strings.Contains(r.Text, "Mitarbeiterin oder einen Mitarbeiter") {
		t.Fatalf("the bot's answer (encrypted %v): %q", r.Encrypted, r.Text)
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
	if r := cit.Open(t, joined.Data, e.portal); !r.Encrypted || !strings.Contains(r.Text, "Anna") || !strings.Contains(r.Text, "für Sie da") {
		t.Fatalf("joined notice by mail (encrypted %v): %q", r.Encrypted, r.Text)
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
	r := cit.Open(t, reply.Data, e.portal)
	if !r.Encrypted || !strings.Contains(r.Text, answer) {
		t.Fatalf("the agent's answer by mail (encrypted %v): %q", r.Encrypted, r.Text)
	}
	h := r.Header
	if to := h.Get("To"); !strings.Contains(to, emailCitizen) {
		t.Fatalf("To: %s", to)
	}
	if irt := h.Get("In-Reply-To"); irt != "<"+askID+">" {
		t.Fatalf("In-Reply-To: %q, not in the citizen's thread", irt)
	}
	if h.Get("Auto-Submitted") != "" {
		t.Fatal("a person's answer is marked Auto-Submitted")
	}

	// The citizen answers in the thread: it reaches the console, not the bot.
	const back = "Danke! Mein Zähler ist kaputt."
	replyID, err := h.MessageID()
	if err != nil || replyID == "" {
		t.Fatalf("the answer's Message-ID: %q, %v", replyID, err)
	}
	answered, _ := cit.Mail(t, mailtest.MailSpec{Subject: "Re: Frage", Body: back, Autocrypt: true,
		InReplyTo: replyID, References: []string{askID, replyID}})
	e.imap.Append(t, "INBOX", answered)
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
