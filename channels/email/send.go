package email

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"amtsbote/channels"
)

// groupTTL is how long the channel remembers which replies form one turn.
const groupTTL = time.Hour

// group says that an outbox reply is not the last of its turn: the turn's
// replies go out as one mail when the last one (last) is sent.
type group struct {
	last string
	at   time.Time
}

// Send delivers a reply. The replies of one turn become one mail: every
// reply but the last is held durably in the state store and the last one
// sends them all. The mail is encrypted to the citizen's key when known,
// otherwise a signed notice (or, with AllowPlaintext, the signed text).
func (c *Channel) Send(ctx context.Context, d channels.Delivery) error {
	addr, err := mail.ParseAddress(d.Address)
	if err != nil {
		return channels.Permanent(errors.New("email: the recipient is not an email address"))
	}
	to := strings.ToLower(addr.Address)
	if d.Message.Mail != nil {
		return c.sendStandalone(ctx, to, d)
	}
	if err := c.awaitInbound(ctx, to); err != nil {
		return err
	}
	c.mu.Lock()
	g, held := c.groups[d.ID]
	c.mu.Unlock()

	var waiting []heldReply
	if _, err := c.load(stateHeld, to, &waiting); err != nil {
		return err
	}
	if held && g.last != d.ID {
		return c.hold(ctx, to, waiting, d)
	}

	msgs := make([]channels.Outbound, 0, len(waiting)+1)
	human := d.Message.From == channels.FromStaff
	for _, h := range waiting {
		if h.ID == d.ID {
			continue // held before a crash, then handed over again
		}
		msgs = append(msgs, h.Message)
		human = human || h.Message.From == channels.FromStaff
	}
	msgs = append(msgs, d.Message)

	var th thread
	if _, err := c.load(stateThread, to, &th); err != nil {
		return err
	}
	key, err := c.citizenKeyFor(to)
	if err != nil {
		return err
	}
	raw, mode, pr, err := c.compose(outgoing{to: to, th: th, messages: msgs, id: d.ID, human: human}, key, c.opts.AllowPlaintext)
	if err != nil {
		return channels.Permanent(err)
	}
	// What the mail asks is kept before it leaves: the answer may be quick.
	var prValue any
	if len(pr.Options) > 0 || pr.Field != nil {
		prValue = pr
	}
	if err := c.save(ctx, statePrompt, to, prValue); err != nil {
		return err
	}
	if err := c.submit(ctx, to, raw); err != nil {
		c.log.Info("mail not sent", "outbox_id", d.ID, "err", err)
		return err
	}
	c.log.Info("mail sent", "outbox_id", d.ID, "mode", mode, "replies", len(msgs))

	// The mail is out; what follows only tidies up and must not make the
	// outbox send it again.
	bg := context.WithoutCancel(ctx)
	if len(waiting) > 0 {
		if err := c.save(bg, stateHeld, to, nil); err != nil {
			c.log.Warn("clearing held replies failed; they may be sent again", "err", err)
		}
	}
	c.mu.Lock()
	for id, gr := range c.groups {
		if gr.last == d.ID {
			delete(c.groups, id)
		}
	}
	c.mu.Unlock()
	return nil
}

// hold keeps a reply until the last reply of its turn is sent.
func (c *Channel) hold(ctx context.Context, to string, waiting []heldReply, d channels.Delivery) error {
	for _, h := range waiting {
		if h.ID == d.ID {
			return nil
		}
	}
	waiting = append(waiting, heldReply{ID: d.ID, Message: d.Message})
	if err := c.save(ctx, stateHeld, to, waiting); err != nil {
		return err
	}
	c.mu.Lock()
	delete(c.groups, d.ID)
	c.mu.Unlock()
	return nil
}

// awaitInbound waits while the inbound turn of addr is being delivered, so
// the replies it produced are known as one group before they are sent.
func (c *Channel) awaitInbound(ctx context.Context, addr string) error {
	c.mu.Lock()
	ch := c.inflight[addr]
	c.mu.Unlock()
	if ch == nil {
		return nil
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// beginInbound marks addr's turn as being delivered; the returned function
// records the turn's replies (outbox ids, in order) and ends the mark.
func (c *Channel) beginInbound(addr string) func(replies []string) {
	ch := make(chan struct{})
	c.mu.Lock()
	c.inflight[addr] = ch
	c.mu.Unlock()
	return func(replies []string) {
		now := c.opts.Now()
		c.mu.Lock()
		for id, g := range c.groups {
			if now.Sub(g.at) > groupTTL {
				delete(c.groups, id)
			}
		}
		if n := len(replies); n > 1 {
			for _, id := range replies[:n-1] {
				c.groups[id] = group{last: replies[n-1], at: now}
			}
		}
		delete(c.inflight, addr)
		c.mu.Unlock()
		close(ch)
	}
}

// sendNote mails the sender a short message from the channel itself (an
// attachment refused, a mail that could not be decrypted). It is signed,
// and encrypted when the citizen's key is known; without a key it carries
// no personal content.
func (c *Channel) sendNote(ctx context.Context, to string, th thread, id string, withKey, withoutKey string) error {
	key, err := c.citizenKeyFor(to)
	if err != nil {
		return err
	}
	text := withoutKey
	if key != nil {
		text = withKey
	}
	msg := channels.Outbound{From: channels.FromSystem, Text: text}
	raw, mode, _, err := c.compose(outgoing{to: to, th: th, messages: []channels.Outbound{msg}, id: "note:" + id}, key, true)
	if err != nil {
		return err
	}
	if err := c.submit(ctx, to, raw); err != nil {
		return fmt.Errorf("email: note: %w", err)
	}
	c.log.Info("note sent", "mode", mode)
	return nil
}
