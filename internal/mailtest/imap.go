package mailtest

import (
	"bytes"
	"crypto/tls"
	"io"
	"log"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/backend"
	"github.com/emersion/go-imap/backend/memory"
	imapserver "github.com/emersion/go-imap/server"
)

// IMAP is a running IMAP server with one account (IMAPUser, IMAPPassword)
// whose INBOX starts empty. It is go-imap's memory backend behind one lock
// (the backend is not safe for concurrent connections), with MOVE. It has
// IDLE but pushes no updates (go-imap's server reads connection state
// unsynchronized when it does), so a client finds new mail by polling.
type IMAP struct {
	// Addr is the server's host:port.
	Addr     string
	implicit bool
	be       *lockedBackend
}

// StartIMAP starts an IMAP server without TLS that accepts plaintext logins.
func StartIMAP(t testing.TB) *IMAP { return StartIMAPTLS(t, nil, false) }

// StartIMAPTLS starts an IMAP server with TLS config tc: implicit TLS (as
// imaps://), or offered by STARTTLS, and then logins only after TLS. A nil
// tc means no TLS, as StartIMAP.
func StartIMAPTLS(t testing.TB, tc *tls.Config, implicit bool) *IMAP {
	t.Helper()
	mem := memory.New()
	u, err := mem.Login(nil, IMAPUser, IMAPPassword)
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := u.GetMailbox("INBOX")
	if err != nil {
		t.Fatal(err)
	}
	inbox.(*memory.Mailbox).Messages = nil // the backend's sample mail
	be := &lockedBackend{be: mem}
	s := imapserver.New(be)
	s.AllowInsecureAuth = tc == nil
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, serverTLS := listen(t, tc, implicit)
	s.TLSConfig = serverTLS
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return &IMAP{Addr: ln.Addr().String(), implicit: tc != nil && implicit, be: be}
}

// URL is the server's URL with the account, as the email channel takes it:
// imap://username:password@127.0.0.1:port (imaps:// with implicit TLS).
func (s *IMAP) URL() string {
	return scheme("imap", s.implicit) + "://" + IMAPUser + ":" + IMAPPassword + "@" + s.Addr
}

// Append puts a raw mail (RFC 5322, CRLF line ends) into an existing
// mailbox, as the city's mail server would deliver it.
func (s *IMAP) Append(t testing.TB, mailbox string, raw []byte) {
	t.Helper()
	u, err := s.be.Login(nil, IMAPUser, IMAPPassword)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := u.GetMailbox(mailbox)
	if err != nil {
		t.Fatalf("mailtest: mailbox %q: %v", mailbox, err)
	}
	if err := mb.CreateMessage(nil, time.Now(), bytes.NewBuffer(raw)); err != nil {
		t.Fatal(err)
	}
}

// Flags returns the flags of every mail in a mailbox, in order; nil when
// the mailbox does not exist.
func (s *IMAP) Flags(mailbox string) [][]string {
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	u, err := s.be.be.Login(nil, IMAPUser, IMAPPassword)
	if err != nil {
		return nil
	}
	mb, err := u.GetMailbox(mailbox)
	if err != nil {
		return nil
	}
	var out [][]string
	for _, m := range mb.(*memory.Mailbox).Messages {
		out = append(out, slices.Clone(m.Flags))
	}
	return out
}

// lockedBackend serializes every call into the memory backend.
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

// MoveMessages is MOVE (RFC 6851) as copy, flag \Deleted and expunge.
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
