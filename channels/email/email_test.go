package email

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/channels/email/wkd"
	"amtsbote/internal/mailtest"
)

// personal is what must never appear in the channel's logs.
var personal = []string{"erika", "example.org", "Zählerstand", "1234567", "Mustermann", "Z-4711"}

func checkLogs(t *testing.T, e *env) {
	t.Helper()
	logs := e.logs.String()
	for _, p := range personal {
		if strings.Contains(strings.ToLower(logs), strings.ToLower(p)) {
			t.Errorf("the channel logged personal data (%q):\n%s", p, logs)
		}
	}
}

// TestEncryptedDialogByMail: a citizen with an OpenPGP key reports a meter
// reading by mail, reply by reply, and every answer comes back threaded,
// encrypted to the citizen and signed by the portal.
func TestEncryptedDialogByMail(t *testing.T) {
	e := newEnv(t, nil)
	e.start()
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(e.logs.String())
		}
	})
	c := newCitizen(t, "erika@example.org")
	portal := e.portalPub()

	raw, firstID := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden\n\nViele Grüße\nErika",
		EncryptTo: portal, Sign: true, Autocrypt: true})
	e.imap.Append(t, "INBOX", raw)

	got := e.smtp.WaitFor(t, 1, mailWait)
	r := c.Open(t, got[0].Data, portal)
	if !strings.Contains(r.Text, "Kundennummer") || !strings.Contains(r.Text, "Guten Tag") {
		t.Fatalf("first answer (the turn's replies in one mail) = %q", r.Text)
	}
	checkThread(t, r, firstID, []string{firstID}, "Re: Zählerstand")
	if got[0].To[0] != c.Addr || got[0].From != portalAddr {
		t.Fatalf("envelope %s → %v", got[0].From, got[0].To)
	}
	if v := r.Header.Get("Auto-Submitted"); v != "auto-replied" {
		t.Fatalf("Auto-Submitted = %q", v)
	}
	if ac := r.Header.Get("Autocrypt"); !strings.Contains(ac, "addr="+portalAddr) || !strings.Contains(ac, "keydata=") {
		t.Fatalf("Autocrypt = %q", ac)
	}
	if strings.Contains(string(got[0].Data), "Kundennummer") {
		t.Fatal("the reply's text is readable outside the encryption")
	}

	steps := []struct{ answer, want string }{
		{"1234567", "Zählernummer"},
		{"Z-4711", "Zählerstand zeigt"},
		{"12.345,6", "abgelesen"},
		{"heute", "Vor- und Nachname"},
		{"Erika Mustermann", "E-Mail-Adresse"},
		{"überspringen", "Bitte prüfen"},
	}
	refs := []string{firstID}
	last, prev := r, firstID
	for i, s := range steps {
		raw, id := c.Mail(t, mailtest.MailSpec{Subject: "Re: Zählerstand", Body: quote(s.answer, last.Text),
			InReplyTo: prev, References: refs, EncryptTo: portal, Sign: true})
		e.imap.Append(t, "INBOX", raw)
		got = e.smtp.WaitFor(t, i+2, mailWait)
		last = c.Open(t, got[i+1].Data, portal)
		if !strings.Contains(last.Text, s.want) {
			t.Fatalf("answer to %q = %q, want it to contain %q", s.answer, last.Text, s.want)
		}
		refs = append(refs, id)
		checkThread(t, last, id, refs, "Re: Zählerstand")
		prev = id
	}
	if !strings.Contains(last.Text, "1) Absenden") || !strings.Contains(last.Text, "Antworten Sie mit") {
		t.Fatalf("the summary's options are not a numbered list: %q", last.Text)
	}

	raw, _ = c.Mail(t, mailtest.MailSpec{Subject: "Re: Zählerstand", Body: quote("1", last.Text),
		InReplyTo: prev, References: refs, EncryptTo: portal, Sign: true})
	e.imap.Append(t, "INBOX", raw)
	got = e.smtp.WaitFor(t, len(steps)+2, mailWait)
	done := c.Open(t, got[len(steps)+1].Data, portal)
	if !strings.Contains(done.Text, "AB-2026-000001") {
		t.Fatalf("answer to the submission = %q", done.Text)
	}
	if s, _ := done.Header.Subject(); s != "Re: Zählerstand [AB-2026-000001]" {
		t.Fatalf("subject = %q", s)
	}

	_, entries, err := e.core.History.History(context.Background(), Name, c.Addr, 0)
	if err != nil {
		t.Fatal(err)
	}
	var inbound []*channels.Inbound
	for _, en := range entries {
		if en.Inbound != nil {
			inbound = append(inbound, en.Inbound)
		}
	}
	if len(inbound) != len(steps)+2 {
		t.Fatalf("%d inbound messages stored, want %d", len(inbound), len(steps)+2)
	}
	for _, in := range inbound {
		if in.Mail == nil || !in.Mail.Encrypted || !in.Mail.Signed || !strings.EqualFold(in.Mail.SignedBy, c.Key.GetFingerprint()) {
			t.Fatalf("inbound security = %+v", in.Mail)
		}
	}
	if in := inbound[1]; in.Text != "1234567" {
		t.Fatalf("quote and signature not stripped: %q", in.Text)
	}
	if in := inbound[len(inbound)-1]; in.Choice != "submit" {
		t.Fatalf("answer 1 to the summary: choice %q, want submit", in.Choice)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(e.smtp.Mails()); n != len(steps)+2 {
		t.Fatalf("%d mails sent, want one a turn: %d", n, len(steps)+2)
	}
	for _, f := range e.imap.Flags("INBOX") {
		if !hasFlag(f, ProcessedKeyword) || !hasFlag(f, `\Seen`) {
			t.Fatalf("a read mail is not flagged: %v", f)
		}
	}
	checkLogs(t, e)
}

func checkThread(t *testing.T, r mailtest.Reply, inReplyTo string, refs []string, subject string) {
	t.Helper()
	if got, _ := r.Header.MsgIDList("In-Reply-To"); len(got) != 1 || got[0] != inReplyTo {
		t.Fatalf("In-Reply-To = %v, want %s", got, inReplyTo)
	}
	got, _ := r.Header.MsgIDList("References")
	if strings.Join(got, " ") != strings.Join(refs, " ") {
		t.Fatalf("References = %v, want %v", got, refs)
	}
	if s, _ := r.Header.Subject(); s != subject {
		t.Fatalf("Subject = %q, want %q", s, subject)
	}
}

// TestPlainMailWithoutKeyGetsNotice: without the citizen's key the answer
// is a signed notice with a link, not the content.
func TestPlainMailWithoutKeyGetsNotice(t *testing.T) {
	e := newEnv(t, nil)
	e.start()
	c := newCitizen(t, "max@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	got := e.smtp.WaitFor(t, 1, mailWait)
	r := c.Open(t, got[0].Data, e.portalPub())
	if r.Encrypted || !r.Signed {
		t.Fatalf("notice encrypted=%v signed=%v", r.Encrypted, r.Signed)
	}
	if !strings.Contains(r.Text, "Sie haben eine neue Nachricht, lesen Sie sie hier: https://stadt.example/chat") {
		t.Fatalf("notice = %q", r.Text)
	}
	if strings.Contains(string(got[0].Data), "Kundennummer") {
		t.Fatal("the notice carries the reply's content")
	}
	mt, params, _ := r.Header.ContentType()
	if mt != "multipart/signed" || params["protocol"] != "application/pgp-signature" || !strings.HasPrefix(params["micalg"], "pgp-sha") {
		t.Fatalf("Content-Type %s %v", mt, params)
	}
	checkLogs(t, e)
}

// TestAllowPlaintextSendsSignedContent: a city that allows it answers in
// signed plaintext.
func TestAllowPlaintextSendsSignedContent(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AllowPlaintext = true })
	e.start()
	c := newCitizen(t, "max@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	r := c.Open(t, e.smtp.WaitFor(t, 1, mailWait)[0].Data, e.portalPub())
	if r.Encrypted || !r.Signed || !strings.Contains(r.Text, "Kundennummer") {
		t.Fatalf("plaintext answer encrypted=%v signed=%v text=%q", r.Encrypted, r.Signed, r.Text)
	}
}

// TestAutomaticMailGetsNothing: auto-replies, bounces and list mail are
// flagged as read and never answered.
func TestAutomaticMailGetsNothing(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.AllowPlaintext = true })
	e.start()
	c := newCitizen(t, "erika@example.org")
	auto, _ := c.Mail(t, mailtest.MailSpec{Subject: "Abwesenheit", Body: "Ich bin im Urlaub.",
		Headers: []string{"Auto-Submitted: auto-replied"}})
	list, _ := c.Mail(t, mailtest.MailSpec{Subject: "Newsletter", Body: "Zählerstand melden",
		Headers: []string{"List-Id: <news.example.org>"}})
	bounce := []byte("From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: " + portalAddr +
		"\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mx.example.org>\r\n\r\nZählerstand melden\r\n")
	for _, m := range [][]byte{auto, list, bounce} {
		e.imap.Append(t, "INBOX", m)
	}
	waitFlagged(t, e, 3)
	time.Sleep(300 * time.Millisecond)
	if n := len(e.smtp.Mails()); n != 0 {
		t.Fatalf("%d mails sent to automatic mail", n)
	}
	for _, addr := range []string{"erika@example.org", "mailer-daemon@mx.example.org"} {
		conv, _, _ := e.core.History.History(context.Background(), Name, addr, 0)
		if conv != "" {
			t.Fatalf("automatic mail from %s reached the core", addr)
		}
	}
	checkLogs(t, e)
}

// hasFlag reports whether flags has f; IMAP flags are case-insensitive.
func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if strings.EqualFold(x, f) {
			return true
		}
	}
	return false
}

// waitFlagged waits until n mails in the inbox carry the processed keyword.
func waitFlagged(t *testing.T, e *env, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		k := 0
		for _, f := range e.imap.Flags("INBOX") {
			if hasFlag(f, ProcessedKeyword) {
				k++
			}
		}
		if k >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("fewer than %d mails flagged: %v", n, e.imap.Flags("INBOX"))
}

// TestWKDLookupEncryptsReply: the key of a sender who sends none is found
// in the Web Key Directory of the sender's domain.
func TestWKDLookupEncryptsReply(t *testing.T) {
	c := newCitizen(t, "Joe.Doe@example.org")
	pub, _ := c.Key.GetPublicKey()
	h, err := wkd.NewHandler(c.Addr, pub)
	if err != nil {
		t.Fatal(err)
	}
	dir := httptest.NewServer(h)
	defer dir.Close()
	e := newEnv(t, func(o *Options) { o.NoWKD = false; o.WKDBaseURL = dir.URL })
	e.start()
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	r := c.Open(t, e.smtp.WaitFor(t, 1, mailWait)[0].Data, e.portalPub())
	if !r.Encrypted || !strings.Contains(r.Text, "Kundennummer") {
		t.Fatalf("answer encrypted=%v text=%q", r.Encrypted, r.Text)
	}
}
