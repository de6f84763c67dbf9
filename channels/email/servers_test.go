package email

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"log"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/backend"
	"github.com/emersion/go-imap/backend/memory"
	imapserver "github.com/emersion/go-imap/server"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The in-process IMAP server: go-imap's memory backend behind one lock
// (the memory backend is not safe for concurrent connections), with MOVE.
// It has IDLE but pushes no updates (go-imap's server reads connection
// state unsynchronized when it does), so the channel finds new mail by its
// poll interval.

type lockedBackend struct {
	mu sync.Mutex
	be *memory.Backend
}

func (b *lockedBackend) Login(ci *imap.ConnInfo, user, pass string) (backend.User, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	u, err := b.be.Login(ci, user, pass)
	if err != nil {
		return nil, err
	}
	return &lockedUser{b: b, u: u}, nil
}

type lockedUser struct {
	b *lockedBackend
	u backend.User
}

func (u *lockedUser) Username() string { return u.u.Username() }
func (u *lockedUser) ListMailboxes(sub bool) ([]backend.Mailbox, error) {
	u.b.mu.Lock()
	defer u.b.mu.Unlock()
	list, err := u.u.ListMailboxes(sub)
	for i, m := range list {
		list[i] = &lockedMailbox{b: u.b, m: m}
	}
	return list, err
}
func (u *lockedUser) GetMailbox(name string) (backend.Mailbox, error) {
	u.b.mu.Lock()
	defer u.b.mu.Unlock()
	m, err := u.u.GetMailbox(name)
	if err != nil {
		return nil, err
	}
	return &lockedMailbox{b: u.b, m: m}, nil
}
func (u *lockedUser) CreateMailbox(name string) error {
	u.b.mu.Lock()
	defer u.b.mu.Unlock()
	return u.u.CreateMailbox(name)
}
func (u *lockedUser) DeleteMailbox(name string) error {
	u.b.mu.Lock()
	defer u.b.mu.Unlock()
	return u.u.DeleteMailbox(name)
}
func (u *lockedUser) RenameMailbox(a, b string) error {
	u.b.mu.Lock()
	defer u.b.mu.Unlock()
	return u.u.RenameMailbox(a, b)
}
func (u *lockedUser) Logout() error { return nil }

type lockedMailbox struct {
	b *lockedBackend
	m backend.Mailbox
}

func (m *lockedMailbox) Name() string { return m.m.Name() }
func (m *lockedMailbox) Info() (*imap.MailboxInfo, error) {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.Info()
}
func (m *lockedMailbox) Status(items []imap.StatusItem) (*imap.MailboxStatus, error) {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.Status(items)
}
func (m *lockedMailbox) SetSubscribed(s bool) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.SetSubscribed(s)
}
func (m *lockedMailbox) Check() error { return nil }
func (m *lockedMailbox) ListMessages(uid bool, set *imap.SeqSet, items []imap.FetchItem, ch chan<- *imap.Message) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.ListMessages(uid, set, items, ch)
}
func (m *lockedMailbox) SearchMessages(uid bool, c *imap.SearchCriteria) ([]uint32, error) {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.SearchMessages(uid, c)
}
func (m *lockedMailbox) CreateMessage(flags []string, date time.Time, body imap.Literal) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.CreateMessage(flags, date, body)
}
func (m *lockedMailbox) UpdateMessagesFlags(uid bool, set *imap.SeqSet, op imap.FlagsOp, flags []string) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.UpdateMessagesFlags(uid, set, op, flags)
}
func (m *lockedMailbox) CopyMessages(uid bool, set *imap.SeqSet, dest string) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.CopyMessages(uid, set, dest)
}
func (m *lockedMailbox) Expunge() error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	return m.m.Expunge()
}
func (m *lockedMailbox) MoveMessages(uid bool, set *imap.SeqSet, dest string) error {
	m.b.mu.Lock()
	defer m.b.mu.Unlock()
	if err := m.m.CopyMessages(uid, set, dest); err != nil {
		return err
	}
	if err := m.m.UpdateMessagesFlags(uid, set, imap.AddFlags, []string{imap.DeletedFlag}); err != nil {
		return err
	}
	return m.m.Expunge()
}

// imapTestServer is a running IMAP server with one user (username/password).
type imapTestServer struct {
	addr string
	be   *lockedBackend
}

func startIMAP(t *testing.T) *imapTestServer { return startIMAPTLS(t, nil, false) }

// startIMAPTLS starts the IMAP server with TLS: implicit, or offered by
// STARTTLS, and then logins only after TLS.
func startIMAPTLS(t *testing.T, tc *tls.Config, implicit bool) *imapTestServer {
	t.Helper()
	mem := memory.New()
	u, _ := mem.Login(nil, "username", "password")
	inbox, _ := u.GetMailbox("INBOX")
	inbox.(*memory.Mailbox).Messages = nil // the backend's sample mail
	be := &lockedBackend{be: mem}
	s := imapserver.New(be)
	s.AllowInsecureAuth = tc == nil
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil && implicit {
		ln = tls.NewListener(ln, tc)
	} else {
		s.TLSConfig = tc
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return &imapTestServer{addr: ln.Addr().String(), be: be}
}

// deliver puts a mail into a mailbox, as the city's mail server would.
func (s *imapTestServer) deliver(t *testing.T, raw []byte) {
	t.Helper()
	u, err := s.be.Login(nil, "username", "password")
	if err != nil {
		t.Fatal(err)
	}
	mb, err := u.GetMailbox("INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if err := mb.CreateMessage(nil, time.Now(), bytes.NewBuffer(raw)); err != nil {
		t.Fatal(err)
	}
}

// flags returns the flags of every mail in a mailbox, in order.
func (s *imapTestServer) flags(name string) [][]string {
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	u, _ := s.be.be.Login(nil, "username", "password")
	mb, err := u.GetMailbox(name)
	if err != nil {
		return nil
	}
	var out [][]string
	for _, m := range mb.(*memory.Mailbox).Messages {
		out = append(out, slices.Clone(m.Flags))
	}
	return out
}

// The in-process SMTP server records what it is given.

type sentMail struct {
	from string
	to   []string
	data []byte
}

type smtpTestServer struct {
	addr string
	mu   sync.Mutex
	got  []sentMail
	fail error // answer DATA with this error
	news chan struct{}
}

func startSMTP(t *testing.T) *smtpTestServer { return startSMTPTLS(t, nil, false) }

// startSMTPTLS starts the SMTP server with TLS: implicit, or offered by
// STARTTLS, and then AUTH only after TLS.
func startSMTPTLS(t *testing.T, tc *tls.Config, implicit bool) *smtpTestServer {
	t.Helper()
	rec := &smtpTestServer{news: make(chan struct{}, 100)}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &smtpSession{rec: rec}, nil
	}))
	s.Domain = "localhost"
	s.AllowInsecureAuth = tc == nil
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil && implicit {
		ln = tls.NewListener(ln, tc)
	} else {
		s.TLSConfig = tc
	}
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	rec.addr = ln.Addr().String()
	return rec
}

// mails returns what was sent so far.
func (s *smtpTestServer) mails() []sentMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// waitFor waits until n mails were sent and returns them.
func (s *smtpTestServer) waitFor(t *testing.T, n int) []sentMail {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		if got := s.mails(); len(got) >= n {
			return got
		}
		select {
		case <-s.news:
		case <-deadline:
			t.Fatalf("waited for %d mails, got %d", n, len(s.mails()))
		}
	}
}

type smtpSession struct {
	rec    *smtpTestServer
	authed bool
	from   string
	to     []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "portal" || pass != "secret" {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	if s.rec.fail != nil {
		return s.rec.fail
	}
	s.rec.got = append(s.rec.got, sentMail{from: s.from, to: s.to, data: b})
	select {
	case s.rec.news <- struct{}{}:
	default:
	}
	return nil
}
func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }
