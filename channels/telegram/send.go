package telegram

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
)

const (
	maxText      = 4096     // a message's length limit, in UTF-16 units
	maxUpload    = 50 << 20 // sendDocument's limit
	progressKeep = 24 * time.Hour
)

// sendableTypes are the attachments a reply may carry: PDFs (documents,
// permits) and iCalendar files (appointments), by media type or extension.
var sendableTypes = map[string]string{"application/pdf": ".pdf", "text/calendar": ".ics"}

// part is one API call of a reply: a text, with the keyboard on the last
// text, or a document.
type part struct {
	text     string
	keyboard *tgbotapi.InlineKeyboardMarkup
	doc      *channels.Attachment
}

// Send delivers one reply of the outbox: its text (split at Telegram's
// length limit) with the options as an inline keyboard, then each PDF or
// iCalendar attachment as a document. Each message waits for its slot in
// the pacing. A reply of several messages that fails half-way continues
// where it stopped when the outbox tries again, so no part is sent twice
// (within one process; across a restart delivery is at least once).
func (c *Channel) Send(ctx context.Context, d channels.Delivery) error {
	chat, err := chatID(d.Address)
	if err != nil {
		return channels.Permanent(err)
	}
	parts, err := c.parts(ctx, d.Message)
	if err != nil {
		return err
	}
	for i := c.progress.done(d.ID); i < len(parts); i++ {
		if err := c.sendPart(ctx, chat, parts[i]); err != nil {
			if channels.IsPermanent(err) {
				c.progress.forget(d.ID)
			} else {
				c.progress.set(d.ID, i)
			}
			return err
		}
	}
	c.progress.forget(d.ID)
	return nil
}

// chatID reads an address: a chat id in decimal.
func chatID(address string) (int64, error) {
	id, err := strconv.ParseInt(address, 10, 64)
	if err != nil || id == 0 {
		return 0, errors.New("telegram: the address is not a chat id")
	}
	return id, nil
}

// parts splits a reply into the messages it takes.
func (c *Channel) parts(ctx context.Context, msg channels.Outbound) ([]part, error) {
	text := msg.Text
	var docs []part
	var refused []string
	for i := range msg.Attachments {
		a := &msg.Attachments[i]
		if sendable(*a) {
			docs = append(docs, part{doc: a})
		} else {
			refused = append(refused, a.Name)
		}
	}
	if len(refused) > 0 {
		text = strings.TrimSpace(text + "\n\n" + refusedNote(refused))
	}
	kb, err := c.keyboard(ctx, msg.Options, msg.Links)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" && kb != nil {
		text = "…" // a keyboard needs a message to hang on
	}
	var parts []part
	for _, chunk := range splitText(text, maxText) {
		parts = append(parts, part{text: chunk})
	}
	if len(parts) > 0 {
		parts[len(parts)-1].keyboard = kb
	}
	return append(parts, docs...), nil
}

// sendable reports whether an attachment may go out as a document.
func sendable(a channels.Attachment) bool {
	if len(a.Data) == 0 || len(a.Data) > maxUpload {
		return false
	}
	mt, _, _ := mime.ParseMediaType(a.MediaType)
	ext := strings.ToLower(path.Ext(a.Name))
	for t, e := range sendableTypes {
		if mt == t || ext == e {
			return true
		}
	}
	return false
}

func refusedNote(names []string) string {
	return "(Anhang nicht über Telegram verfügbar / attachment not available on Telegram: " +
		strings.Join(names, ", ") + ")"
}

// documentName is the file name a document is sent with.
func documentName(a channels.Attachment) string {
	if n := path.Base(strings.ReplaceAll(a.Name, "\\", "/")); n != "" && n != "." && n != "/" {
		return n
	}
	mt, _, _ := mime.ParseMediaType(a.MediaType)
	if ext, ok := sendableTypes[mt]; ok {
		return "dokument" + ext
	}
	return "dokument"
}

// splitText cuts s into pieces of at most max UTF-16 units, at a line
// break or space where there is one in the second half.
func splitText(s string, max int) []string {
	var out []string
	for s != "" {
		cut, n := len(s), 0
		for i, r := range s {
			w := 1
			if r >= 0x10000 {
				w = 2
			}
			if n+w > max {
				cut = i
				break
			}
			n += w
		}
		if cut < len(s) {
			if j := strings.LastIndexAny(s[:cut], "\n "); j > cut/2 {
				cut = j + 1
			}
		}
		if chunk := strings.TrimSpace(s[:cut]); chunk != "" {
			out = append(out, chunk)
		}
		s = s[cut:]
	}
	return out
}

// sendPart waits for the chat's slot and makes one API call.
func (c *Channel) sendPart(ctx context.Context, chat int64, p part) error {
	done, err := c.pace.wait(ctx, chat)
	if err != nil {
		return fmt.Errorf("telegram: waiting for a slot: %w", err)
	}
	defer done()
	if p.doc != nil {
		cfg := tgbotapi.NewDocument(chat, tgbotapi.FileBytes{Name: documentName(*p.doc), Bytes: p.doc.Data})
		_, err = c.call(ctx, "sendDocument", cfg)
	} else {
		cfg := tgbotapi.NewMessage(chat, p.text)
		if p.keyboard != nil {
			cfg.ReplyMarkup = p.keyboard
		}
		_, err = c.call(ctx, "sendMessage", cfg)
	}
	if err != nil {
		return c.sendError(chat, err)
	}
	return nil
}

// sendError sorts a failed send: 429 waits as long as Telegram asks (the
// chat is paused meanwhile), other refusals of the message (400, 403 "bot
// was blocked by the user") are permanent, while a refused token (401, 404)
// or a server or network failure is worth retrying.
func (c *Channel) sendError(chat int64, err error) error {
	var ae *apiError
	if !errors.As(err, &ae) {
		return err
	}
	switch {
	case ae.code == http.StatusTooManyRequests:
		after := max(ae.retryAfter, time.Second)
		c.pace.pause(chat, after)
		c.log.Warn("Telegram asks to slow down", "retry_after", after)
		return &channels.RetryAfterError{After: after, Err: err}
	case ae.code == http.StatusUnauthorized || ae.code == http.StatusNotFound:
		c.log.Error("Telegram refused the bot token", "err", err)
		return err
	case ae.code >= 400 && ae.code < 500:
		return channels.Permanent(err)
	}
	return err
}

// notify sends a message of the channel's own (not a reply of the core),
// paced like every other message.
func (c *Channel) notify(ctx context.Context, chat int64, text string, kb *tgbotapi.InlineKeyboardMarkup) error {
	return c.sendPart(ctx, chat, part{text: text, keyboard: kb})
}

// progress remembers how many parts of a reply were sent when it failed.
type progress struct {
	mu sync.Mutex
	m  map[string]progressEntry
}

type progressEntry struct {
	next int
	at   time.Time
}

func newProgress() *progress { return &progress{m: map[string]progressEntry{}} }

func (p *progress) done(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[id].next
}

func (p *progress) set(id string, next int) {
	if next == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if len(p.m) > 1024 {
		for k, e := range p.m {
			if now.Sub(e.at) > progressKeep {
				delete(p.m, k)
			}
		}
	}
	p.m[id] = progressEntry{next: next, at: now}
}

func (p *progress) forget(id string) {
	p.mu.Lock()
	delete(p.m, id)
	p.mu.Unlock()
}
