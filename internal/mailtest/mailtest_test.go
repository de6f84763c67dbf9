package mailtest

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const sample = "From: erika@example.org\r\nTo: buergerservice@stadt.example\r\nSubject: Hallo\r\n\r\nGuten Tag\r\n"

// TestIMAP: an appended mail is read over IMAP; flags set by a client show.
func TestIMAP(t *testing.T) {
	s := StartIMAP(t)
	if !strings.HasPrefix(s.URL(), "imap://username:password@127.0.0.1:") {
		t.Fatalf("URL = %s", s.URL())
	}
	s.Append(t, "INBOX", []byte(sample))
	c, err := client.Dial(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Logout()
	if err := c.Login(IMAPUser, IMAPPassword); err != nil {
		t.Fatal(err)
	}
	mb, err := c.Select("INBOX", false)
	if err != nil {
		t.Fatal(err)
	}
	if mb.Messages != 1 {
		t.Fatalf("%d mails in INBOX, want 1 (the backend's sample must be gone)", mb.Messages)
	}
	set := new(imap.SeqSet)
	set.AddNum(1)
	section := &imap.BodySectionName{}
	msgs := make(chan *imap.Message, 1)
	if err := c.Fetch(set, []imap.FetchItem{section.FetchItem()}, msgs); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll((<-msgs).GetBody(section))
	if string(body) != sample {
		t.Fatalf("fetched %q", body)
	}
	if err := c.Store(set, imap.FormatFlagsOp(imap.AddFlags, true), []any{imap.SeenFlag}, nil); err != nil {
		t.Fatal(err)
	}
	if f := s.Flags("INBOX"); len(f) != 1 || !slices.Contains(f[0], imap.SeenFlag) {
		t.Fatalf("flags %v", f)
	}
	if f := s.Flags("Nowhere"); f != nil {
		t.Fatalf("flags of a missing mailbox: %v", f)
	}
}

// submit sends a mail over plaintext SMTP with AUTH PLAIN.
func submit(addr, pass, to string) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", SMTPUser, pass)); err != nil {
		return err
	}
	if err := c.SendMail("buergerservice@stadt.example", []string{to}, strings.NewReader(sample)); err != nil {
		return err
	}
	return c.Quit()
}

// TestSMTP: mails are recorded with their envelope; Next and WaitFor see
// them; FailWith refuses mail; a wrong password is refused.
func TestSMTP(t *testing.T) {
	s := StartSMTP(t)
	if !strings.HasPrefix(s.URL(), "smtp://portal:secret@127.0.0.1:") {
		t.Fatalf("URL = %s", s.URL())
	}
	sent := make(chan error, 1)
	go func() { sent <- submit(s.Addr, SMTPPassword, "erika@example.org") }()
	m := s.Next(t, 5*time.Second) // waits for the mail sent meanwhile
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if m.From != "buergerservice@stadt.example" || !slices.Equal(m.To, []string{"erika@example.org"}) {
		t.Fatalf("envelope %s → %v", m.From, m.To)
	}
	if string(m.Data) != sample {
		t.Fatalf("data %q", m.Data)
	}
	if err := submit(s.Addr, SMTPPassword, "jan@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := s.WaitFor(t, 2, 5*time.Second); len(got) != 2 || got[1].To[0] != "jan@example.org" {
		t.Fatalf("WaitFor: %+v", got)
	}
	if m := s.Next(t, time.Second); m.To[0] != "jan@example.org" {
		t.Fatalf("Next returned the mail to %v", m.To)
	}

	s.FailWith(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	var se *smtp.SMTPError
	if err := submit(s.Addr, SMTPPassword, "erika@example.org"); !errors.As(err, &se) || se.Code != 451 {
		t.Fatalf("refused submission: %v", err)
	}
	s.FailWith(nil)
	if err := submit(s.Addr, "wrong", "erika@example.org"); err == nil {
		t.Fatal("a wrong password was accepted")
	}
	if n := len(s.Mails()); n != 2 {
		t.Fatalf("%d mails recorded, want 2", n)
	}
}
