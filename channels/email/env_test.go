package email

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/channels"
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
	hooks   func(*Channel)    // set test hooks on every new channel
	others  []channels.Sender // channels besides this one (the web chat of a confirmation)
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

// withPortal is e.opts with the portal key of e.dir.
func (e *env) withPortal() Options {
	o := e.opts
	o.Portal = e.portal()
	return o
}

// start builds the channel and the core on e.dir and runs both.
func (e *env) start() {
	e.t.Helper()
	st := &lateStore{}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ch, err := New(e.withPortal(), st, log)
	if err != nil {
		e.t.Fatal(err)
	}
	if e.hooks != nil {
		e.hooks(ch)
	}
	core := harness.Start(e.t, harness.Options{Dir: e.dir,
		Gate: gateway.Config{RetryBase: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}}, append([]channels.Sender{ch}, e.others...)...)
	st.set(core.State)
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
	return mailtest.PublicRing(e.t, e.portal())
}

// newCitizen is a citizen at addr who writes to the portal.
func newCitizen(t *testing.T, addr string) *mailtest.Citizen {
	t.Helper()
	return mailtest.NewCitizen(t, addr, portalAddr)
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
