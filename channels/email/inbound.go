package email

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"

	"amtsbote/channels"
)

// verdict says what becomes of a mail on the server after it was read.
type verdict int

const (
	done       verdict = iota // committed or not to be answered: flag or move it
	unreadable                // kept for staff: flag it unreadable or move it to quarantine
	retry                     // leave it; it is read again later
)

// handle reads one mail and hands it to the core. It never panics: a mail
// that breaks the parser is kept for staff.
func (c *Channel) handle(ctx context.Context, d channels.Deliverer, uid uint32, raw []byte, received time.Time) (v verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("reading a mail failed unexpectedly; kept in the mailbox for staff", "uid", uid, "panic", fmt.Sprintf("%T", r))
			v, err = unreadable, nil
		}
	}()
	e, h, err := readMail(raw, c.opts.Address)
	if err != nil {
		c.log.Warn("mail cannot be read; kept in the mailbox for staff", "uid", uid, "reason", reason(err))
		return unreadable, nil
	}
	if h.auto != "" {
		c.log.Info("automatic mail not answered", "uid", uid, "reason", h.auto)
		return done, nil
	}
	th := thread{MessageID: cleanID(h.messageID), Subject: h.subject}
	for _, id := range append(h.references, h.inReplyTo...) {
		if id = cleanID(id); id != "" && !contains(th.References, id) {
			th.References = append(th.References, id)
		}
	}

	known, err := c.citizenKeyFor(h.from)
	if err != nil {
		return retry, err
	}
	offered := []offeredKey{}
	if ac := autocryptKey(h.autocrypt, h.from); ac != nil {
		offered = append(offered, *ac)
	}
	b, err := c.parseBody(e, known, offered)
	if err == nil && b.badSig {
		// The signing key may be attached: read the mail again with it.
		if extra := attachedKeys(b.keys, h.from); len(extra) > 0 {
			if e2, _, rerr := readMail(raw, c.opts.Address); rerr == nil {
				if b2, err2 := c.parseBody(e2, known, append(offered, extra...)); err2 == nil {
					b = b2
				}
			}
		}
	}
	if err != nil {
		c.log.Warn("mail cannot be read; kept in the mailbox for staff", "uid", uid, "reason", reason(err))
		c.noteUnreadable(ctx, h, th, err)
		return unreadable, nil
	}
	offered = append(offered, attachedKeys(b.keys, h.from)...)
	c.learnKey(ctx, h.from, known, offered, b.signer)

	if b.subject != "" && (th.Subject == "" || th.Subject == "...") {
		th.Subject = b.subject
	}
	in := channels.Inbound{Channel: Name, Address: h.from, MessageID: h.messageID, Received: received,
		Text: newText(strings.Join(b.text, "\n")), Attachments: b.attachments,
		Mail: &channels.MailSecurity{Encrypted: b.encrypted, Signed: b.signer != "", SignedBy: b.signer}}
	if in.MessageID == "" {
		sum := sha256.Sum256(raw)
		in.MessageID = "sha256:" + hex.EncodeToString(sum[:16])
	}
	if in.Text == "" && len(in.Attachments) == 0 && !replyPrefix.MatchString(th.Subject) {
		in.Text = th.Subject // "Zählerstand melden" in the subject only
	}
	var pr prompt
	if _, err := c.load(statePrompt, h.from, &pr); err != nil {
		return retry, err
	}
	in.Text = answerLine(in.Text, pr.Field)
	if o, ok := pick(pr.Options, in.Text); ok && len(in.Attachments) == 0 {
		in.Choice, in.Text = o.Value, o.Label
	}
	if err := c.save(ctx, stateThread, h.from, th); err != nil {
		return retry, err
	}

	if in.Text != "" || len(in.Attachments) > 0 {
		end := c.beginInbound(h.from)
		rc, err := d.Deliver(ctx, in)
		end(rc.Replies)
		if err != nil {
			return retry, fmt.Errorf("email: deliver: %w", err)
		}
		c.log.Info("mail received", "uid", uid, "encrypted", b.encrypted, "signed", b.signer != "",
			"attachments", len(in.Attachments), "refused", len(b.refused), "duplicate", rc.Duplicate, "replies", len(rc.Replies))
	} else {
		c.log.Info("mail without text or attachments not delivered", "uid", uid, "refused", len(b.refused))
	}
	if len(b.refused) > 0 {
		for _, r := range b.refused {
			c.log.Info("attachment refused", "uid", uid, "too_large", r.TooLarge, "media_type", r.MediaType, "size", r.Size)
		}
		withKey, withoutKey := c.refusalText(b.refused)
		if err := c.sendNote(ctx, h.from, th, in.MessageID, withKey, withoutKey); err != nil {
			// Not flagged: the mail is read again, the core drops it as a
			// duplicate and the note is tried once more.
			c.log.Warn("the note about refused attachments was not sent; will retry", "uid", uid, "err", err)
			return retry, nil
		}
	}
	return done, nil
}

// parseBody reads the content with the portal key, verifying signatures
// with the key kept for the sender and the keys the mail offers.
func (c *Channel) parseBody(e *message.Entity, known *crypto.Key, offered []offeredKey) (*body, error) {
	p := &parser{ring: c.ring, maxAttach: c.opts.MaxAttachmentBytes, maxMail: c.opts.MaxMailPlaintextBytes,
		accept: c.accept, now: c.opts.Now()}
	if known != nil {
		p.verify = append(p.verify, known)
	}
	for _, o := range offered {
		p.verify = append(p.verify, o.key)
	}
	return p.parse(e)
}

// noteUnreadable tells a person whose mail could not be read why, unless
// their mail was too broken to know who they are.
func (c *Channel) noteUnreadable(ctx context.Context, h *header, th thread, cause error) {
	var text string
	switch {
	case errors.Is(cause, errTooLarge):
		text = c.say("unreadable.too_large", "attachment", megabytes(c.opts.MaxAttachmentBytes),
			"mail", megabytes(c.opts.MaxMailPlaintextBytes))
	case errors.Is(cause, errDecrypt):
		text = c.say("unreadable.decrypt", "fingerprint", c.fingerprint())
	case errors.Is(cause, errSMIME) || errors.Is(cause, errEncryption):
		text = c.say("unreadable.smime", "fingerprint", c.fingerprint())
	default:
		text = c.say("unreadable.other")
	}
	text += " " + c.say("unreadable.kept")
	id := h.messageID
	if err := c.sendNote(ctx, h.from, th, "unreadable:"+id, text, text); err != nil {
		c.log.Warn("the note about an unreadable mail was not sent", "err", err)
	}
}

// refusalText explains refused attachments; names only in the encrypted form.
func (c *Channel) refusalText(refused []refusal) (withKey, withoutKey string) {
	var a, b strings.Builder
	a.WriteString(c.say("refused.head") + "\n")
	b.WriteString(a.String())
	for _, r := range refused {
		why := c.say("refused.type", "type", r.MediaType)
		if r.TooLarge {
			why = c.say("refused.size", "size", megabytes(r.Size), "limit", megabytes(c.opts.MaxAttachmentBytes))
		}
		fmt.Fprintf(&a, "\n- „%s“: %s", r.Name, why)
		fmt.Fprintf(&b, "\n- %s: %s", c.say("refused.unnamed"), why)
	}
	tail := "\n\n" + c.say("refused.tail")
	return a.String() + tail, b.String() + tail
}

// megabytes formats a size the German way: "12,3 MB".
func megabytes(n int64) string {
	return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
}

// reason names an error's kind for a log line, without its text.
func reason(err error) string {
	switch {
	case errors.Is(err, errNoSender):
		return "no-sender"
	case errors.Is(err, errDecrypt):
		return "cannot-decrypt"
	case errors.Is(err, errSMIME):
		return "smime"
	case errors.Is(err, errEncryption):
		return "unknown-encryption"
	case errors.Is(err, errTooDeep):
		return "too-deep"
	case errors.Is(err, errTooLarge):
		return "too-large"
	default:
		return "malformed"
	}
}

// cleanID keeps a Message-ID only when it can go back into a header as is.
func cleanID(id string) string {
	if id == "" || len(id) > 250 {
		return ""
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' || id[i] == '<' || id[i] == '>' {
			return ""
		}
	}
	return id
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
