package email

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"

	"amtsbote/channels"
)

// caseRef finds a case reference such as AB-2026-000001 in a reply.
var caseRef = regexp.MustCompile(`\b[A-Z]{2,5}-\d{4}-\d{6}\b`)

// replyPrefix matches the prefixes mail clients put before a subject.
var replyPrefix = regexp.MustCompile(`(?i)^\s*((re|aw|antw|wg|fw|fwd|sv|vs)\s*(\[\d+\])?\s*:\s*)+`)

// maxReferences bounds the References header (RFC 5322 section 3.6.4
// allows dropping the middle of a long thread).
const maxReferences = 20

// outgoing is one mail to a citizen.
type outgoing struct {
	to       string
	th       thread
	messages []channels.Outbound // its content, in order
	id       string              // makes the Message-ID: the same on every retry
	human    bool                // written by staff: not Auto-Submitted
}

// Delivery modes of a mail, for logs.
const (
	modeEncrypted = "encrypted" // PGP/MIME encrypted and signed
	modeSigned    = "signed"    // plaintext, PGP/MIME signed (AllowPlaintext, channel notices)
	modeNotice    = "notice"    // signed notice without the content
)

// compose builds the mail: encrypted to key when known, else signed in
// plaintext when allowed, else a signed notice without the content.
func (c *Channel) compose(o outgoing, key *crypto.Key, allowPlain bool) ([]byte, string, prompt, error) {
	text, pr := render(o.messages, c.opts.DisplayName)
	var atts []channels.Attachment
	for _, m := range o.messages {
		atts = append(atts, m.Attachments...)
	}
	subject := replySubject(o.th.Subject, text)
	msgID := "amtsbote." + shortHash(o.id) + "@" + c.domain
	from := (&mail.Address{Name: c.opts.DisplayName, Address: c.opts.Address}).String()
	to := (&mail.Address{Address: o.to}).String()

	fields := []headerField{
		{"From", from},
		{"To", to},
		{"Date", c.opts.Now().UTC().Format(time.RFC1123Z)},
		{"Message-ID", "<" + msgID + ">"},
		{"Subject", encodeWord(subject)},
	}
	if o.th.MessageID != "" {
		fields = append(fields, headerField{"In-Reply-To", "<" + o.th.MessageID + ">"})
		fields = append(fields, headerField{"References", references(o.th)})
	}
	fields = append(fields, headerField{"MIME-Version", "1.0"})
	if !o.human {
		fields = append(fields, headerField{"Auto-Submitted", "auto-replied"})
	}
	fields = append(fields,
		headerField{"X-Auto-Response-Suppress", "All"},
		headerField{"Autocrypt", formatAutocrypt(c.opts.Address, c.pubKey)})

	var ct string
	var body []byte
	var err error
	mode := modeEncrypted
	switch {
	case key != nil:
		ring, rerr := crypto.NewKeyRing(key)
		if rerr != nil {
			return nil, "", pr, fmt.Errorf("email: citizen key: %w", rerr)
		}
		protected := []headerField{{"Subject", encodeWord(subject)}, {"From", from}, {"To", to}, {"Message-ID", "<" + msgID + ">"}}
		ct, body, err = encryptedBody(entity(text, atts, protected), ring, c.ring)
	case allowPlain:
		mode = modeSigned
		ct, body, err = signedBody(entity(text, atts, nil), c.ring)
	default:
		mode = modeNotice
		ct, body, err = signedBody(entity(c.noticeText(), nil, nil), c.ring)
	}
	if err != nil {
		return nil, "", pr, err
	}
	fields = append(fields, headerField{"Content-Type", ct})
	var b bytes.Buffer
	writeHeader(&b, fields)
	b.Write(body)
	return b.Bytes(), mode, pr, nil
}

// render writes the messages of one mail as text: each message's text, its
// options as a numbered list (numbers continue across messages) and how to
// answer, then a short signature. It returns what the mail asks: the
// options by number and the last message's field.
func render(msgs []channels.Outbound, name string) (string, prompt) {
	var b strings.Builder
	var all []channels.Option
	var field *channels.Field
	for i, m := range msgs {
		field = m.Field
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.TrimSpace(m.Text))
		if len(m.Options) == 0 {
			continue
		}
		b.WriteString("\n")
		first := len(all) + 1
		for _, o := range m.Options {
			all = append(all, o)
			fmt.Fprintf(&b, "\n  %d) %s", len(all), o.Label)
		}
		b.WriteString("\n\n" + howToAnswer(first, len(all)))
	}
	b.WriteString("\n\n-- \n" + name + " · Antworten Sie einfach auf diese E-Mail.\n")
	return b.String(), prompt{Options: all, Field: field}
}

// howToAnswer says which numbers the citizen can answer with.
func howToAnswer(from, to int) string {
	switch {
	case from == to:
		return fmt.Sprintf("Antworten Sie mit %d.", from)
	case to-from < 4:
		nums := make([]string, 0, to-from+1)
		for n := from; n <= to; n++ {
			nums = append(nums, fmt.Sprint(n))
		}
		return "Antworten Sie mit " + strings.Join(nums[:len(nums)-1], ", ") + " oder " + nums[len(nums)-1] + "."
	default:
		return fmt.Sprintf("Antworten Sie mit einer Zahl von %d bis %d.", from, to)
	}
}

// noticeText is the content of a notice sent instead of an unencrypted reply.
func (c *Channel) noticeText() string {
	var b strings.Builder
	b.WriteString("Guten Tag,\n\n")
	if c.opts.NoticeURL != "" {
		b.WriteString("Sie haben eine neue Nachricht, lesen Sie sie hier: " + c.opts.NoticeURL + "\n\n")
	} else {
		b.WriteString("Sie haben eine neue Nachricht.\n\n")
	}
	b.WriteString("Unsere Antworten senden wir per E-Mail nur verschlüsselt. Wenn Sie uns Ihren " +
		"öffentlichen OpenPGP-Schlüssel senden (als Anhang oder mit Autocrypt) oder ihn im " +
		"Web Key Directory Ihrer Domain veröffentlichen, erhalten Sie unsere Antworten künftig " +
		"verschlüsselt direkt per E-Mail.\n\n")
	b.WriteString("Unser Schlüssel hat den Fingerabdruck " + c.fingerprint() + ".\n")
	b.WriteString("\n-- \n" + c.opts.DisplayName + "\n")
	return b.String()
}

func (c *Channel) fingerprint() string {
	if k, err := c.ring.GetKey(0); err == nil {
		return strings.ToUpper(k.GetFingerprint())
	}
	return ""
}

// replySubject is "Re: " and the citizen's subject without reply prefixes,
// with the case reference the reply mentions when the subject lacks it.
func replySubject(subject, text string) string {
	base := strings.TrimSpace(replyPrefix.ReplaceAllString(subject, ""))
	if base == "" || base == "..." {
		base = "Ihre Nachricht"
	}
	if refs := caseRef.FindAllString(text, -1); len(refs) > 0 {
		ref := refs[len(refs)-1]
		if !strings.Contains(base, ref) {
			base += " [" + ref + "]"
		}
	}
	return "Re: " + base
}

// references lists the thread's Message-IDs and the one answered.
func references(th thread) string {
	ids := append(append([]string{}, th.References...), th.MessageID)
	if len(ids) > maxReferences {
		ids = append(ids[:1], ids[len(ids)-maxReferences+1:]...)
	}
	for i, id := range ids {
		ids[i] = "<" + id + ">"
	}
	return strings.Join(ids, " ")
}

// shortHash makes an id safe and short for a Message-ID.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}
