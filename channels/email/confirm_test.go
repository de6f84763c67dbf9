package email

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"amtsbote/channels"
	"amtsbote/channels/email/wkd"
	"amtsbote/internal/mailtest"
)

// webSink stands for the web chat: it takes the conversation's replies.
type webSink struct{}

func (webSink) Name() string                                  { return "web" }
func (webSink) Send(context.Context, channels.Delivery) error { return nil }

// submitMeterReading reports a meter reading in the web chat with
// confirmation address addr, through the core's gateway.
func submitMeterReading(t *testing.T, e *env, lang, addr string) {
	t.Helper()
	first := "Zählerstand melden"
	if lang == "en" {
		first = "I want to report my meter reading"
	}
	for i, m := range []string{first, "1234567", "Z-4711", "345", "29.11.2026", "Erika Mustermann", addr, "absenden"} {
		_, err := e.core.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: "browser-1",
			MessageID: "m" + string(rune('a'+i)), Text: m, Received: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestConfirmationMailSignedWithoutKey: a citizen of the web chat who gave
// an address the portal has never seen gets a new, signed mail that holds
// the reference, the service and the date, but none of the answers.
func TestConfirmationMailSignedWithoutKey(t *testing.T) {
	e := newEnv(t, nil)
	e.others = []channels.Sender{webSink{}}
	e.start()
	c := newCitizen(t, "erika@example.org")
	submitMeterReading(t, e, "de", c.Addr)

	got := e.smtp.WaitFor(t, 1, mailWait)
	if got[0].To[0] != c.Addr {
		t.Fatalf("mail to %v", got[0].To)
	}
	r := c.Open(t, got[0].Data, e.portalPub())
	if r.Encrypted || !r.Signed {
		t.Fatalf("encrypted %v signed %v", r.Encrypted, r.Signed)
	}
	subject, _ := r.Header.Subject()
	if r.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted %q", r.Header.Get("Auto-Submitted"))
	}
	if !strings.HasPrefix(subject, "Eingangsbestätigung AB-") || r.Header.Get("In-Reply-To") != "" {
		t.Fatalf("subject %q, In-Reply-To %q: not a mail of its own", subject, r.Header.Get("In-Reply-To"))
	}
	for _, w := range []string{"Referenznummer: AB-", "Zählerstand melden", today(t, "02.01.2006")} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("confirmation lacks %q:\n%s", w, r.Text)
		}
	}
	for _, answer := range []string{"1234567", "Z-4711", "Mustermann", "345"} {
		if strings.Contains(string(got[0].Data), answer) {
			t.Errorf("the unencrypted confirmation holds the answer %q", answer)
		}
	}
	checkLogs(t, e)
}

// TestConfirmationMailEncryptedToWKDKey: with the citizen's key in the
// Web Key Directory, the confirmation is encrypted and signed, holds the
// answers too, and is in the citizen's language.
func TestConfirmationMailEncryptedToWKDKey(t *testing.T) {
	c := newCitizen(t, "joe.doe@example.org")
	pub, _ := c.Key.GetPublicKey()
	h, err := wkd.NewHandler(c.Addr, pub)
	if err != nil {
		t.Fatal(err)
	}
	dir := httptest.NewServer(h)
	defer dir.Close()
	e := newEnv(t, func(o *Options) { o.NoWKD = false; o.WKDBaseURL = dir.URL })
	e.others = []channels.Sender{webSink{}}
	e.start()
	submitMeterReading(t, e, "en", c.Addr)

	got := e.smtp.WaitFor(t, 1, mailWait)
	r := c.Open(t, got[0].Data, e.portalPub())
	if !r.Encrypted {
		t.Fatal("the confirmation is not encrypted to the key in the directory")
	}
	for _, w := range []string{"Reference number: AB-", "Report a meter reading", today(t, "2 January 2006"), "Z-4711", "Erika Mustermann"} {
		if !strings.Contains(r.Text, w) {
			t.Errorf("confirmation lacks %q:\n%s", w, r.Text)
		}
	}
	if strings.Contains(string(got[0].Data), "Z-4711") {
		t.Error("the answers are readable outside the encryption")
	}
}

// TestConfirmationMailRetried: the SMTP server refuses the first attempt;
// the outbox tries again and the confirmation arrives.
func TestConfirmationMailRetried(t *testing.T) {
	e := newEnv(t, nil)
	e.smtp.FailWith(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"})
	e.others = []channels.Sender{webSink{}}
	e.start()
	c := newCitizen(t, "erika@example.org")
	submitMeterReading(t, e, "de", c.Addr)
	time.Sleep(300 * time.Millisecond)
	e.smtp.FailWith(nil)
	got := e.smtp.WaitFor(t, 1, mailWait)
	if r := c.Open(t, got[0].Data, e.portalPub()); !strings.Contains(r.Text, "Referenznummer") {
		t.Fatalf("confirmation %q", r.Text)
	}
}

// today is the date in the city's time zone (the harness's Berlin).
func today(t *testing.T, layout string) string {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return time.Now().In(loc).Format(layout)
}

// TestTranscriptByMailOnRequest: a citizen with a key asks for the
// transcript by mail and gets it as an attached text file in an encrypted
// reply, in the language of the conversation.
func TestTranscriptByMailOnRequest(t *testing.T) {
	e := newEnv(t, nil)
	e.start()
	c := newCitizen(t, "erika@example.org")
	portal := e.portalPub()
	raw, first := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden",
		EncryptTo: portal, Sign: true, Autocrypt: true})
	e.imap.Append(t, "INBOX", raw)
	r := c.Open(t, e.smtp.WaitFor(t, 1, mailWait)[0].Data, portal)
	raw, _ = c.Mail(t, mailtest.MailSpec{Subject: "Re: Zählerstand", Body: quote("Gesprächsverlauf", r.Text),
		InReplyTo: first, References: []string{first}, EncryptTo: portal, Sign: true})
	e.imap.Append(t, "INBOX", raw)
	got := e.smtp.WaitFor(t, 2, mailWait)
	r = c.Open(t, got[1].Data, portal)
	if !r.Encrypted || !strings.Contains(r.Text, "Verlauf unseres Gesprächs") {
		t.Fatalf("encrypted %v, text %q", r.Encrypted, r.Text)
	}
	var file []byte
	for name, data := range r.Files {
		if strings.HasPrefix(name, "gespraech-") && strings.HasSuffix(name, ".txt") {
			file = data
		}
	}
	for _, w := range []string{"Gespräch mit dem digitalen Assistenten", "Sie:\nZählerstand melden", "Kundennummer"} {
		if !strings.Contains(string(file), w) {
			t.Errorf("transcript lacks %q:\n%s (files %v)", w, file, len(r.Files))
		}
	}
	if strings.Contains(string(got[1].Data), "Kundennummer") {
		t.Error("the transcript is readable outside the encryption")
	}
}
