package email

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"amtsbote/internal/mailtest"
	"amtsbote/text"
)

// The channel's notices come from the text catalog; a city's override
// directory rewords them without a build.
func TestNoticesFromCatalog(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "de.po"), []byte(
		"msgid \"email.refused.tail\"\nmsgstr \"Schicken Sie die Datei bitte als PDF.\"\n\n"+
			"msgid \"email.notice.new\"\nmsgstr \"Es gibt Post für Sie.\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	texts, err := text.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := &Channel{opts: Options{MaxAttachmentBytes: 1000, DisplayName: "Stadt"}, texts: texts}
	withKey, withoutKey := c.refusalText([]refusal{{Name: "x.exe", MediaType: "application/x-msdownload"}})
	for _, s := range []string{withKey, withoutKey} {
		if !strings.HasSuffix(s, "\n\nSchicken Sie die Datei bitte als PDF.") ||
			!strings.Contains(s, "Dateityp application/x-msdownload wird nicht angenommen") {
			t.Errorf("refusal: %q", s)
		}
	}
	if !strings.Contains(withoutKey, "\n- ein Anhang: Dateityp") {
		t.Errorf("refusal without key: %q", withoutKey)
	}
}

// The notice sent instead of an unencrypted reply speaks the reply's
// language, and so does the subject a mail without one gets.
func TestNoticeInTheRepliesLanguage(t *testing.T) {
	e := newEnv(t, nil)
	e.start()
	c := newCitizen(t, "mary@example.org")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "", Body: "I want to report my meter reading, please"})
	e.imap.Append(t, "INBOX", raw)
	got := e.smtp.WaitFor(t, 1, mailWait)
	r := c.Open(t, got[0].Data, e.portalPub())
	if !strings.Contains(r.Text, "You have a new message; read it here: https://stadt.example/chat") ||
		strings.Contains(r.Text, "Sie haben") {
		t.Errorf("notice = %q, want it in English", r.Text)
	}
	if s := r.Header.Get("Subject"); s != "Re: Your message" {
		t.Errorf("Subject = %q, want Re: Your message", s)
	}
}
