package email

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-smtp"

	"amtsbote/channels"
	"amtsbote/channels/email/wkd"
	"amtsbote/internal/mailtest"
)

// inbound returns what the core stored from addr.
func inbound(t *testing.T, e *env, addr string) []*channels.Inbound {
	t.Helper()
	_, entries, err := e.core.History.History(context.Background(), Name, addr, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []*channels.Inbound
	for _, en := range entries {
		if en.Inbound != nil {
			out = append(out, en.Inbound)
		}
	}
	return out
}

// TestCrashWhileHandlingQuarantines: a mail is marked taken before it is
// parsed. When the process dies while handling it (after the fetch, or
// after the core committed its turn) the mail is quarantined at the next
// start, not parsed again: a mail that crashes the server cannot crash it
// in a loop. A session that only failed (the process lives on) reads the
// mail again as before.
func TestCrashWhileHandlingQuarantines(t *testing.T) {
	for _, tc := range []struct {
		when       string
		quarantine string
		crash      bool
		turns      int
		answers    int
	}{
		{when: "after fetch", quarantine: "Unlesbar", crash: true, turns: 0, answers: 0},
		{when: "after commit", crash: true, turns: 1, answers: 1},
		{when: "after commit", crash: false, turns: 1, answers: 1},
	} {
		t.Run(fmt.Sprintf("%s crash=%v", tc.when, tc.crash), func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.QuarantineMailbox = tc.quarantine })
			crashed := make(chan struct{})
			var once sync.Once
			fail := func(uint32) error {
				first := false
				once.Do(func() { close(crashed); first = true })
				if !first && !tc.crash {
					return nil
				}
				return errors.New("simulated crash")
			}
			e.hooks = func(ch *Channel) {
				if tc.when == "after fetch" {
					ch.afterFetch = fail
				} else {
					ch.beforeMark = fail
				}
			}
			e.start()
			c := newCitizen(t, "erika@example.org")
			raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden",
				EncryptTo: e.portalPub(), Sign: true, Autocrypt: true})
			e.imap.Append(t, "INBOX", raw)
			select {
			case <-crashed:
			case <-time.After(10 * time.Second):
				t.Fatal("the mail was never fetched")
			}
			if tc.answers > 0 {
				e.smtp.WaitFor(t, tc.answers, mailWait) // the committed turn's answer went out
			}
			if tc.crash {
				e.crash()
				if f := e.imap.Flags("INBOX"); len(f) != 1 || !hasFlag(f[0], TakenKeyword) || hasFlag(f[0], ProcessedKeyword) {
					t.Fatalf("flags after the crash: %v", f)
				}
				e.hooks = nil
				e.start()
			}
			box := "INBOX"
			if tc.quarantine != "" {
				box = tc.quarantine
			}
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if f := e.imap.Flags(box); len(f) == 1 && hasFlag(f[0], ProcessedKeyword) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			f := e.imap.Flags(box)
			if len(f) != 1 || !hasFlag(f[0], ProcessedKeyword) || hasFlag(f[0], UnreadableKeyword) != tc.crash {
				t.Fatalf("flags in %s: %v (want quarantined: %v)", box, f, tc.crash)
			}
			time.Sleep(300 * time.Millisecond)
			if n := len(e.smtp.Mails()); n != tc.answers {
				t.Fatalf("%d mails sent, want %d", n, tc.answers)
			}
			if tc.answers > 0 {
				if r := c.Open(t, e.smtp.Mails()[0].Data, e.portalPub()); !strings.Contains(r.Text, "Kundennummer") {
					t.Fatalf("answer = %q", r.Text)
				}
			}
			if in := inbound(t, e, c.Addr); len(in) != tc.turns {
				t.Fatalf("%d turns stored, want %d", len(in), tc.turns)
			}
			if logs := e.logs.String(); strings.Contains(logs, "not read again") != tc.crash {
				t.Fatalf("quarantine after a crash logged: %v", !tc.crash)
			}
			checkLogs(t, e)
		})
	}
}

// TestRefusedAttachmentIsExplained: an attachment too large is not handed
// to the core and the citizen is told why, in an encrypted note.
func TestRefusedAttachmentIsExplained(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxAttachmentBytes = 1000 })
	e.start()
	c := newCitizen(t, "erika@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "x", Autocrypt: true})
	big := strings.Repeat("QUFB", 500) // 1500 bytes once decoded
	body := "Content-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZählerstand melden\r\n" +
		"--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"zaehler.jpg\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" + big + "\r\n--b--\r\n"
	raw = []byte(strings.Replace(string(raw), "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nx", body, 1))
	e.imap.Append(t, "INBOX", raw)
	got := e.smtp.WaitFor(t, 2, mailWait)
	var note, answer string
	for _, m := range got {
		r := c.Open(t, m.Data, e.portalPub())
		if strings.Contains(r.Text, "zu groß") {
			note = r.Text
		} else {
			answer = r.Text
		}
	}
	if !strings.Contains(note, "„zaehler.jpg“: zu groß (0,0 MB, höchstens 0,0 MB)") {
		t.Fatalf("note = %q", note)
	}
	if !strings.Contains(answer, "Kundennummer") {
		t.Fatalf("answer = %q", answer)
	}
	if in := inbound(t, e, c.Addr); len(in) != 1 || len(in[0].Attachments) != 0 || in[0].Text != "Zählerstand melden" {
		t.Fatalf("stored: %+v", in)
	}
	checkLogs(t, e)
}

// TestUnreadableMailKeptForStaff: mail that cannot be read stays in the
// mailbox (flagged, unread) or goes to the quarantine folder; the sender is
// told when known; the channel goes on.
func TestUnreadableMailKeptForStaff(t *testing.T) {
	for _, quarantine := range []string{"", "Unlesbar"} {
		t.Run("quarantine="+quarantine, func(t *testing.T) {
			e := newEnv(t, func(o *Options) { o.QuarantineMailbox = quarantine; o.ProcessedMailbox = "Erledigt" })
			e.start()
			c := newCitizen(t, "erika@example.org")
			stranger, _ := crypto.GenerateKey("x", "x@example.org", "x25519", 0)
			strangerRing, _ := crypto.NewKeyRing(stranger)
			undecryptable, _ := c.Mail(t, mailtest.MailSpec{Subject: "Geheim", Body: "Zählerstand melden", EncryptTo: strangerRing})
			e.imap.Append(t, "INBOX", []byte("Subject: ohne Absender\r\n\r\nZählerstand melden\r\n"))
			e.imap.Append(t, "INBOX", undecryptable)
			ok, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden", NoID: true})
			e.imap.Append(t, "INBOX", ok)

			got := e.smtp.WaitFor(t, 2, mailWait) // the note and the answer to the good mail
			var note bool
			for _, m := range got {
				if r := c.Open(t, m.Data, e.portalPub()); strings.Contains(r.Text, "nicht entschlüsseln") {
					note = true
				}
			}
			if !note {
				t.Fatal("the sender of the undecryptable mail was not told")
			}
			if quarantine == "" {
				waitFlagged(t, e, 2)
				flags := e.imap.Flags("INBOX")
				for end := time.Now().Add(10 * time.Second); len(flags) > 2 && time.Now().Before(end); flags = e.imap.Flags("INBOX") {
					time.Sleep(20 * time.Millisecond) // the good mail is flagged before it is removed
				}
				if len(flags) != 2 {
					t.Fatalf("inbox %v", flags)
				}
				for _, f := range flags {
					if !hasFlag(f, UnreadableKeyword) || hasFlag(f, `\Seen`) {
						t.Fatalf("unreadable mail flags %v", f)
					}
				}
			} else {
				deadline := time.Now().Add(10 * time.Second)
				for len(e.imap.Flags(quarantine)) < 2 && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if n := len(e.imap.Flags(quarantine)); n != 2 {
					t.Fatalf("%d mails in quarantine", n)
				}
			}
			if in := inbound(t, e, c.Addr); len(in) != 1 || !strings.HasPrefix(in[0].MessageID, "sha256:") {
				t.Fatalf("stored: %+v", in)
			}
			time.Sleep(200 * time.Millisecond)
			if n := len(e.smtp.Mails()); n != 2 {
				t.Fatalf("%d mails sent, want 2 (no loop over unreadable mail)", n)
			}
			checkLogs(t, e)
		})
	}
}

// TestMoveToProcessedMailbox: with a processed folder, committed mail is
// moved there.
func TestMoveToProcessedMailbox(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.ProcessedMailbox = "Erledigt" })
	e.start()
	c := newCitizen(t, "erika@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	e.smtp.WaitFor(t, 1, mailWait)
	deadline := time.Now().Add(10 * time.Second)
	for len(e.imap.Flags("Erledigt")) < 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if len(e.imap.Flags("Erledigt")) != 1 || len(e.imap.Flags("INBOX")) != 0 {
		t.Fatalf("inbox %v, processed %v", e.imap.Flags("INBOX"), e.imap.Flags("Erledigt"))
	}
}

// TestKeyHandlerPublishesPortalKey: the portal's key is in its Web Key
// Directory and at /pgp-key.asc.
func TestKeyHandlerPublishesPortalKey(t *testing.T) {
	e := newEnv(t, nil)
	ch, err := New(e.withPortal(), &lateStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ch.KeyHandler())
	defer srv.Close()
	dir, err := wkd.NewClient(wkd.Options{BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	key, err := dir.Lookup(context.Background(), "Buergerservice@stadt.example")
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.NewKey(key)
	if err != nil || k.GetFingerprint() != ch.fingerprintLower() {
		t.Fatalf("WKD key: %v", err)
	}
	resp, err := http.Get(srv.URL + "/pgp-key.asc")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.HasPrefix(string(b), "-----BEGIN PGP PUBLIC KEY BLOCK-----") || strings.Contains(string(b), "PRIVATE") {
		t.Fatalf("/pgp-key.asc = %q", b)
	}
	for path, want := range map[string]int{"/.well-known/openpgpkey/policy": 200, "/.well-known/openpgpkey/hu/" + wkd.Hash("someone"): 404} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
}

func (c *Channel) fingerprintLower() string { return strings.ToLower(c.fingerprint()) }

// TestSMTPFailureIsRetried: a refused submission is tried again and the
// reply still arrives once.
func TestSMTPFailureIsRetried(t *testing.T) {
	e := newEnv(t, nil)
	e.smtp.FailWith(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	e.start()
	c := newCitizen(t, "erika@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden", Autocrypt: true})
	e.imap.Append(t, "INBOX", raw)
	waitFlagged(t, e, 1)
	time.Sleep(100 * time.Millisecond)
	e.smtp.FailWith(nil)
	got := e.smtp.WaitFor(t, 1, mailWait)
	time.Sleep(300 * time.Millisecond)
	if n := len(e.smtp.Mails()); n != 1 {
		t.Fatalf("%d mails, want 1", n)
	}
	if r := c.Open(t, got[0].Data, e.portalPub()); !strings.Contains(r.Text, "Guten Tag") || !strings.Contains(r.Text, "Kundennummer") {
		t.Fatalf("answer = %q", r.Text)
	}
}

// cutter is a TCP proxy whose connections the test can cut, as a network
// failure would.
type cutter struct {
	addr  string
	mu    sync.Mutex
	conns []net.Conn
}

func startCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{addr: ln.Addr().String()}
	t.Cleanup(func() { ln.Close(); c.cut() })
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
	return c
}

func (c *cutter) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.conns {
		conn.Close()
	}
	c.conns = nil
}

// TestReconnectsAfterConnectionLoss: when the IMAP connection breaks, the
// channel connects again (after a backoff) and reads on.
func TestReconnectsAfterConnectionLoss(t *testing.T) {
	e := newEnv(t, nil)
	proxy := startCutter(t, e.imap.Addr)
	e.opts.IMAPURL = "imap://username:password@" + proxy.addr
	e.start()
	c := newCitizen(t, "erika@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	e.smtp.WaitFor(t, 1, mailWait)
	proxy.cut()
	raw, _ = c.Mail(t, mailtest.MailSpec{Subject: "Re: Zählerstand", Body: "1234567"})
	e.imap.Append(t, "INBOX", raw)
	e.smtp.WaitFor(t, 2, mailWait)
	if !strings.Contains(e.logs.String(), "IMAP session ended; reconnecting") {
		t.Fatal("no reconnect logged")
	}
	if in := inbound(t, e, c.Addr); len(in) != 2 {
		t.Fatalf("%d turns, want 2", len(in))
	}
}
