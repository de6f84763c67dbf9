package mailtest

import (
	"crypto/tls"
	"errors"
	"io"
	"log"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mail is one mail the SMTP server accepted: its envelope and its data.
type Mail struct {
	From string   // MAIL FROM
	To   []string // RCPT TO, in order
	Data []byte   // the message as sent (RFC 5322)
}

// SMTP is a running SMTP submission server that records every mail it
// accepts. It requires AUTH PLAIN with SMTPUser and SMTPPassword.
type SMTP struct {
	// Addr is the server's host:port.
	Addr     string
	implicit bool

	mu   sync.Mutex
	got  []Mail
	next int           // index of the mail Next returns next
	fail error         // answer DATA with this error
	wake chan struct{} // closed (and replaced) when a mail arrives
}

// StartSMTP starts an SMTP server without TLS that accepts plaintext AUTH.
func StartSMTP(t testing.TB) *SMTP { return StartSMTPTLS(t, nil, false) }

// StartSMTPTLS starts an SMTP server with TLS config tc: implicit TLS (as
// smtps://), or offered by STARTTLS, and then AUTH only after TLS. A nil tc
// means no TLS, as StartSMTP.
func StartSMTPTLS(t testing.TB, tc *tls.Config, implicit bool) *SMTP {
	t.Helper()
	rec := &SMTP{implicit: tc != nil && implicit, wake: make(chan struct{})}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{rec: rec}, nil
	}))
	s.Domain = "localhost"
	s.AllowInsecureAuth = tc == nil
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, serverTLS := listen(t, tc, implicit)
	s.TLSConfig = serverTLS
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	rec.Addr = ln.Addr().String()
	return rec
}

// URL is the server's URL with the account, as the email channel takes it:
// smtp://portal:secret@127.0.0.1:port (smtps:// with implicit TLS).
func (s *SMTP) URL() string {
	return scheme("smtp", s.implicit) + "://" + SMTPUser + ":" + SMTPPassword + "@" + s.Addr
}

// Mails returns every mail accepted so far, in order.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

// FailWith makes the server answer every DATA with err (for example an
// *smtp.SMTPError with code 451) and record nothing; nil accepts again.
func (s *SMTP) FailWith(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

// WaitFor waits until at least n mails were accepted in all and returns
// every mail so far; it fails the test after timeout.
func (s *SMTP) WaitFor(t testing.TB, n int, timeout time.Duration) []Mail {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		got, wake := slices.Clone(s.got), s.wake
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-wake:
		case <-deadline.C:
			t.Fatalf("mailtest: waited %v for %d mails, got %d", timeout, n, len(s.Mails()))
		}
	}
}

// Next returns the oldest mail that Next has not returned yet, waiting for
// it up to timeout; it fails the test after timeout.
func (s *SMTP) Next(t testing.TB, timeout time.Duration) Mail {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.next < len(s.got) {
			m := s.got[s.next]
			s.next++
			s.mu.Unlock()
			return m
		}
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-deadline.C:
			t.Fatalf("mailtest: no new mail within %v", timeout)
		}
	}
}

// session is one SMTP connection's transaction state.
type session struct {
	rec    *SMTP
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != SMTPUser || pass != SMTPPassword {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.rec.mu.Lock()
	defer s.rec.mu.Unlock()
	if s.rec.fail != nil {
		return s.rec.fail
	}
	s.rec.got = append(s.rec.got, Mail{From: s.from, To: slices.Clone(s.to), Data: b})
	close(s.rec.wake)
	s.rec.wake = make(chan struct{})
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }
