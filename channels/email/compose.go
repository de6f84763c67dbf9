package email

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message/mail"

	"amtsbote/channels"
	"amtsbote/text"
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
	subject  string              // a mail of its own: this subject, no reply headers
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
	text, pr := c.render(o.messages)
	lang := langOf(o.messages)
	var atts []channels.Attachment
	for _, m := range o.messages {
		atts = append(atts, m.Attachments...)
	}
	subject := replySubject(o.th.Subject, text, c.sayIn(lang, "subject"))
	if o.subject != "" {
		subject = o.subject
	}
	msgID := "amtsbote." + shortHash(o.id) + "@" + c.domain
	from := []*mail.Address{{Name: c.opts.DisplayName, Address: c.opts.Address}}
	to := []*mail.Address{{Address: o.to}}

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
		var protected mail.Header // written bottom up, see mimeout.go
		protected.SetMessageID(msgID)
		protected.SetAddressList("To", to)
		protected.SetAddressList("From", from)
		protected.SetSubject(subject)
		ct, body, err = encryptedBody(entity(text, atts, &protected), ring, c.ring)
	case allowPlain:
		mode = modeSigned
		ct, body, err = signedBody(entity(text, atts, nil), c.ring)
	default:
		mode = modeNotice
		ct, body, err = signedBody(entity(c.noticeText(lang), nil, nil), c.ring)
	}
	if err != nil {
		return nil, "", pr, err
	}

	var h mail.Header // written bottom up, see mimeout.go
	h.Set("Autocrypt", formatAutocrypt(c.opts.Address, c.pubKey))
	h.Set("X-Auto-Response-Suppress", "All")
	switch {
	case o.subject != "": // a mail of its own, not an answer (RFC 3834)
		h.Set("Auto-Submitted", "auto-generated")
	case !o.human:
		h.Set("Auto-Submitted", "auto-replied")
	}
	h.Set("MIME-Version", "1.0")
	if o.th.MessageID != "" {
		h.SetMsgIDList("References", references(o.th))
		h.SetMsgIDList("In-Reply-To", []string{o.th.MessageID})
	}
	h.SetSubject(subject)
	h.SetMessageID(msgID)
	h.SetDate(c.opts.Now().UTC())
	h.SetAddressList("To", to)
	h.SetAddressList("From", from)
	raw, err := writeMail(h, ct, body)
	if err != nil {
		return nil, "", pr, err
	}
	return raw, mode, pr, nil
}

// render writes the messages of one mail as text: each message's text, its
// options as a numbered list (numbers continue across messages) and how to
// answer, then a short signature, in the language of the messages. It
// returns what the mail asks: the options by number and the last message's
// field.
func (c *Channel) render(msgs []channels.Outbound) (string, prompt) {
	var b strings.Builder
	var all []channels.Option
	var field *channels.Field
	lang := langOf(msgs)
	for i, m := range msgs {
		field = m.Field
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(strings.TrimSpace(m.Text))
		b.WriteString(channels.PlainLinks(m.Links))
		if len(m.Options) == 0 {
			continue
		}
		b.WriteString("\n")
		first := len(all) + 1
		for _, o := range m.Options {
			all = append(all, o)
			fmt.Fprintf(&b, "\n  %d) %s", len(all), o.Label)
		}
		b.WriteString("\n\n" + c.howToAnswer(lang, first, len(all)))
	}
	b.WriteString("\n\n-- \n" + c.sayIn(lang, "signature", "name", c.opts.DisplayName) + "\n")
	return b.String(), prompt{Options: all, Field: field}
}

// langOf is the language of a mail's messages: the last one's that names
// one the catalog knows, else German.
func langOf(msgs []channels.Outbound) text.Lang {
	lang := text.De
	for _, m := range msgs {
		if l, err := text.Parse(m.Lang); m.Lang != "" && err == nil {
			lang = l
		}
	}
	return lang
}

// howToAnswer says in lang which numbers the citizen can answer with.
func (c *Channel) howToAnswer(lang text.Lang, from, to int) string {
	switch {
	case from == to:
		return c.sayIn(lang, "answer.one", "n", from)
	case to-from < 4:
		nums := make([]string, 0, to-from+1)
		for n := from; n <= to; n++ {
			nums = append(nums, fmt.Sprint(n))
		}
		return c.sayIn(lang, "answer.some", "list", strings.Join(nums[:len(nums)-1], ", "), "last", nums[len(nums)-1])
	default:
		return c.sayIn(lang, "answer.range", "from", from, "to", to)
	}
}

// noticeText is the content of a notice sent instead of an unencrypted
// reply, in the reply's language.
func (c *Channel) noticeText(lang text.Lang) string {
	var b strings.Builder
	b.WriteString(c.sayIn(lang, "notice.greeting") + "\n\n")
	if c.opts.NoticeURL != "" {
		b.WriteString(c.sayIn(lang, "notice.new_link", "url", c.opts.NoticeURL) + "\n\n")
	} else {
		b.WriteString(c.sayIn(lang, "notice.new") + "\n\n")
	}
	b.WriteString(c.sayIn(lang, "notice.encrypted") + "\n\n")
	b.WriteString(c.sayIn(lang, "notice.fingerprint", "fingerprint", c.fingerprint()) + "\n")
	b.WriteString("\n-- \n" + c.opts.DisplayName + "\n")
	return b.String()
}

// say is the channel's notice key ("too_large") from the catalog, for
// the notices that answer a mail the engine never read (too large,
// unreadable, refused attachments): no conversation's language is known
// there, so they are German, the portal's language. Replies and the notice
// sent instead of them speak the reply's language (sayIn, langOf).
func (c *Channel) say(key string, args ...any) string {
	return c.sayIn(text.De, key, args...)
}

// sayIn is the email channel's text key in lang.
func (c *Channel) sayIn(lang text.Lang, key string, args ...any) string {
	c.textsOnce.Do(func() { // a Channel built without New (tests) gets the built-in texts
		if c.texts == nil {
			c.texts = text.MustBuiltin()
		}
	})
	return c.texts.Text(lang, "email."+key, args...)
}

func (c *Channel) fingerprint() string {
	if k, err := c.ring.GetKey(0); err == nil {
		return strings.ToUpper(k.GetFingerprint())
	}
	return ""
}

// replySubject is "Re: " and the citizen's subject without reply prefixes
// (yours, "Ihre Nachricht" in the reply's language, when there is none),
// with the case reference the reply mentions when the subject lacks it.
func replySubject(subject, text, yours string) string {
	base := strings.TrimSpace(replyPrefix.ReplaceAllString(subject, ""))
	if base == "" || base == "..." {
		base = yours
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
func references(th thread) []string {
	ids := append(append([]string{}, th.References...), th.MessageID)
	if len(ids) > maxReferences {
		ids = append(ids[:1], ids[len(ids)-maxReferences+1:]...)
	}
	return ids
}

// shortHash makes an id safe and short for a Message-ID.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}
