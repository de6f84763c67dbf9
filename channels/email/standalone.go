package email

import (
	"context"
	"fmt"

	"amtsbote/channels"
)

// sendStandalone mails a message of its own (Message.Mail set: a case's
// confirmation) to an address a citizen gave in a form, which may never
// have written to us: a new thread, not a reply, and no state of a mail
// conversation with that address is read or changed. The recipient's key
// is the one kept for the address, else looked up in the Web Key
// Directory; with a key the mail is encrypted and signed and carries
// Mail.Private too, without one it is signed and carries Text alone.
func (c *Channel) sendStandalone(ctx context.Context, to string, d channels.Delivery) error {
	key, err := c.citizenKeyFor(to)
	if err != nil {
		return err
	}
	if key == nil {
		c.learnKey(ctx, to, nil, nil, "")
		if key, err = c.citizenKeyFor(to); err != nil {
			return err
		}
	}
	msg := d.Message
	if key != nil && msg.Mail.Private != "" {
		msg.Text += "\n\n" + msg.Mail.Private
	}
	msg.Options, msg.Field = nil, nil // nothing to answer by number
	o := outgoing{to: to, messages: []channels.Outbound{msg}, id: d.ID, subject: msg.Mail.Subject}
	raw, mode, _, err := c.compose(o, key, true) // without a key: signed, Text only
	if err != nil {
		return channels.Permanent(err)
	}
	if err := c.submit(ctx, to, raw); err != nil {
		c.log.Info("mail not sent", "outbox_id", d.ID, "err", err)
		return fmt.Errorf("email: %w", err)
	}
	c.log.Info("mail sent", "outbox_id", d.ID, "mode", mode, "standalone", true)
	return nil
}
