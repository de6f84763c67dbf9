package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"amtsbote/channels"
)

const (
	imapTimeout = 2 * time.Minute // one IMAP command
	searchBatch = 100             // mails read per search
	maxBackoff  = 5 * time.Minute
)

// Run reads the mailbox and hands every mail to d until ctx ends. It
// connects, reads what is waiting, then waits for new mail (IDLE where the
// server has it, else polling) and reconnects with backoff after a failure.
func (c *Channel) Run(ctx context.Context, d channels.Deliverer) error {
	wait := time.Second
	for {
		start := time.Now()
		err := c.session(ctx, d)
		if ctx.Err() != nil {
			return nil
		}
		if time.Since(start) > 2*time.Minute {
			wait = time.Second
		}
		wait += time.Duration(rand.Int64N(int64(wait)/5 + 1))
		c.log.Warn("IMAP session ended; reconnecting", "err", err, "retry_in", wait.Round(time.Millisecond))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
		wait = min(wait*2, maxBackoff)
	}
}

// session is one IMAP connection: it returns on the first error.
func (c *Channel) session(ctx context.Context, d channels.Deliverer) error {
	cl, err := c.dialIMAP(ctx)
	if err != nil {
		return err
	}
	updates := make(chan client.Update, 32)
	wake := make(chan struct{}, 1)
	cl.Updates = updates
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // drains updates until the client's reader has stopped
		defer wg.Done()
		for u := range updates {
			if _, ok := u.(*client.MailboxUpdate); ok {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		}
	}()
	stop := context.AfterFunc(ctx, func() { _ = cl.Terminate() })
	defer func() {
		stop()
		if ctx.Err() == nil {
			cl.Timeout = 5 * time.Second
			_ = cl.Logout()
		}
		_ = cl.Terminate()
		<-cl.LoggedOut()
		close(updates)
		wg.Wait()
	}()

	if err := cl.Login(c.imap.user, c.imap.pass); err != nil {
		return fmt.Errorf("email: IMAP login: %w", err)
	}
	mb, err := c.prepare(cl)
	if err != nil {
		return err
	}
	idle, _ := cl.Support("IDLE")
	c.log.Info("reading the mailbox", "idle", idle, "keywords", mb.keywords, "move", c.opts.ProcessedMailbox != "")
	later := map[uint32]time.Time{} // mails to try again, not before then
	for {
		if err := c.readWaiting(ctx, cl, d, mb, later); err != nil {
			return err
		}
		if err := c.waitForMail(ctx, cl, idle, wake); err != nil {
			return err
		}
	}
}

// dialIMAP connects and secures the connection as the URL says. To a
// loopback host without STARTTLS it stays in plaintext.
func (c *Channel) dialIMAP(ctx context.Context) (*client.Client, error) {
	d := &net.Dialer{Timeout: 30 * time.Second}
	tc := c.imap.tlsConfig(c.opts.TLSConfig)
	var conn net.Conn
	var err error
	if c.imap.implicitTLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tc}).DialContext(ctx, "tcp", c.imap.addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", c.imap.addr)
	}
	if err != nil {
		return nil, fmt.Errorf("email: IMAP connect: %w", err)
	}
	_ = conn.SetDeadline(time.Now().Add(imapTimeout)) // the greeting
	cl, err := client.New(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("email: IMAP greeting: %w", err)
	}
	cl.ErrorLog = log.New(io.Discard, "", 0) // it would print server responses: mail content
	cl.Timeout = imapTimeout
	if !c.imap.implicitTLS {
		ok, err := cl.SupportStartTLS()
		switch {
		case err != nil:
			cl.Terminate()
			return nil, fmt.Errorf("email: IMAP capabilities: %w", err)
		case ok:
			if err := cl.StartTLS(tc); err != nil {
				cl.Terminate()
				return nil, fmt.Errorf("email: IMAP STARTTLS: %w", err)
			}
		case !c.imap.loopback:
			cl.Terminate()
			return nil, errNoStartTLS
		}
	}
	return cl, nil
}

// mailbox is how the selected mailbox marks processed mail.
type mailbox struct {
	keywords bool // the server keeps custom keywords; otherwise \Seen marks done
}

// prepare selects the mailbox and creates the folders mail is moved to.
func (c *Channel) prepare(cl *client.Client) (mailbox, error) {
	for _, name := range []string{c.opts.ProcessedMailbox, c.opts.QuarantineMailbox} {
		if name == "" {
			continue
		}
		if _, err := cl.Status(name, []imap.StatusItem{imap.StatusMessages}); err != nil {
			if err := cl.Create(name); err != nil {
				return mailbox{}, fmt.Errorf("email: IMAP create mailbox: %w", err)
			}
		}
	}
	st, err := cl.Select(c.opts.Mailbox, false)
	if err != nil {
		return mailbox{}, fmt.Errorf("email: IMAP select: %w", err)
	}
	mb := mailbox{keywords: slices.Contains(st.PermanentFlags, `\*`) || slices.Contains(st.PermanentFlags, ProcessedKeyword)}
	c.taken.reset(st.UidValidity)
	if !mb.keywords {
		c.log.Warn("the mailbox keeps no custom keywords: a mail whose handling crashes is read again after a restart")
	}
	return mb, nil
}

// readWaiting reads every mail not yet processed, oldest first.
func (c *Channel) readWaiting(ctx context.Context, cl *client.Client, d channels.Deliverer, mb mailbox, later map[uint32]time.Time) error {
	// Mail that was moved is gone; mail kept in place (unreadable mail, or
	// any mail without a processed folder) carries the flags mark sets.
	crit := imap.NewSearchCriteria()
	crit.WithoutFlags = []string{imap.DeletedFlag, imap.SeenFlag}
	if mb.keywords {
		crit.WithoutFlags = []string{imap.DeletedFlag, ProcessedKeyword}
	}
	uids, err := cl.UidSearch(crit)
	if err != nil {
		return fmt.Errorf("email: IMAP search: %w", err)
	}
	slices.Sort(uids)
	now := time.Now()
	n := 0
	for _, uid := range uids {
		if t, ok := later[uid]; ok && now.Before(t) {
			continue
		}
		if ctx.Err() != nil || n == searchBatch {
			return nil
		}
		n++
		v, err := c.readOne(ctx, cl, d, uid, mb)
		if err != nil {
			return err
		}
		if v == retry {
			later[uid] = now.Add(c.opts.PollInterval)
			if err := c.release(cl, uid, mb); err != nil {
				return err
			}
			continue
		}
		delete(later, uid)
		if c.beforeMark != nil {
			if err := c.beforeMark(uid); err != nil {
				return err
			}
		}
		if err := c.mark(cl, uid, v, mb); err != nil {
			return err
		}
	}
	return nil
}

// readOne marks one mail taken, fetches it (only its header when it is too
// large) and handles it. A mail an earlier process took and never finished
// is quarantined unread.
func (c *Channel) readOne(ctx context.Context, cl *client.Client, d channels.Deliverer, uid uint32, mb mailbox) (verdict, error) {
	meta, err := fetchOne(cl, uid, []imap.FetchItem{imap.FetchUid, imap.FetchFlags, imap.FetchRFC822Size, imap.FetchInternalDate})
	if err != nil || meta == nil {
		return retry, fmt.Errorf("email: IMAP fetch: %w", errOr(err, "message vanished"))
	}
	if c.crashed(uid, meta.Flags, mb) {
		c.log.Warn("mail was being handled when the process stopped; quarantined for staff, not read again", "uid", uid)
		return unreadable, nil
	}
	if err := c.take(cl, uid, mb); err != nil {
		return retry, err
	}
	section := &imap.BodySectionName{Peek: true}
	tooLarge := int64(meta.Size) > c.opts.MaxMessageBytes
	if tooLarge {
		section.Specifier = imap.HeaderSpecifier
	}
	msg, err := fetchOne(cl, uid, []imap.FetchItem{section.FetchItem()})
	if err != nil || msg == nil {
		return retry, fmt.Errorf("email: IMAP fetch: %w", errOr(err, "message vanished"))
	}
	lit := msg.GetBody(section)
	if lit == nil {
		return retry, errors.New("email: IMAP fetch: no body")
	}
	raw, err := io.ReadAll(io.LimitReader(lit, c.opts.MaxMessageBytes+1))
	if err != nil {
		return retry, fmt.Errorf("email: IMAP read: %w", err)
	}
	if c.afterFetch != nil {
		if err := c.afterFetch(uid); err != nil {
			return retry, err
		}
	}
	if tooLarge {
		return c.handleTooLarge(ctx, uid, raw, int64(meta.Size)), nil
	}
	return c.handle(ctx, d, uid, raw, meta.InternalDate)
}

// handleTooLarge keeps a mail over the size limit for staff and tells its
// sender, unless it is automatic mail.
func (c *Channel) handleTooLarge(ctx context.Context, uid uint32, head []byte, size int64) verdict {
	_, h, err := readMail(head, c.opts.Address)
	c.log.Warn("mail too large; kept in the mailbox for staff", "uid", uid, "size", size)
	if err != nil || h.auto != "" {
		return unreadable
	}
	text := c.say("too_large", "size", megabytes(size), "limit", megabytes(c.opts.MaxMessageBytes))
	th := thread{MessageID: cleanID(h.messageID), Subject: h.subject}
	if err := c.sendNote(ctx, h.from, th, "too-large:"+h.messageID, text, text); err != nil {
		c.log.Warn("the note about a mail too large was not sent", "uid", uid, "err", err)
	}
	return unreadable
}

// mark records on the server what became of a mail.
func (c *Channel) mark(cl *client.Client, uid uint32, v verdict, mb mailbox) error {
	set := new(imap.SeqSet)
	set.AddNum(uid)
	var flags []interface{}
	dest := c.opts.ProcessedMailbox
	switch {
	case v == unreadable && mb.keywords:
		flags = []interface{}{ProcessedKeyword, UnreadableKeyword}
		dest = c.opts.QuarantineMailbox
	case v == unreadable:
		flags = []interface{}{imap.SeenFlag}
		dest = c.opts.QuarantineMailbox
	case mb.keywords:
		flags = []interface{}{imap.SeenFlag, ProcessedKeyword}
	default:
		flags = []interface{}{imap.SeenFlag}
	}
	if err := cl.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), flags, nil); err != nil {
		return fmt.Errorf("email: IMAP store flags: %w", err)
	}
	if dest != "" {
		if err := cl.UidMove(set, dest); err != nil {
			return fmt.Errorf("email: IMAP move: %w", err)
		}
	}
	delete(c.taken.uids, uid)
	return nil
}

// waitForMail returns when new mail may be there: the server says so
// during IDLE, or the poll interval has passed.
func (c *Channel) waitForMail(ctx context.Context, cl *client.Client, idle bool, wake <-chan struct{}) error {
	t := time.NewTimer(c.opts.PollInterval)
	defer t.Stop()
	if !idle {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
			return nil
		case <-t.C:
			return cl.Noop()
		}
	}
	cl.Timeout = c.opts.PollInterval + imapTimeout
	defer func() { cl.Timeout = imapTimeout }()
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- cl.Idle(stop, &client.IdleOptions{LogoutTimeout: -1}) }()
	select {
	case <-ctx.Done():
	case <-wake:
	case <-t.C:
	case err := <-done:
		return fmt.Errorf("email: IMAP IDLE: %w", errOr(err, "ended by the server"))
	}
	close(stop)
	if err := <-done; err != nil {
		return fmt.Errorf("email: IMAP IDLE: %w", err)
	}
	return ctx.Err()
}

// fetchOne fetches items of one message by UID.
func fetchOne(cl *client.Client, uid uint32, items []imap.FetchItem) (*imap.Message, error) {
	set := new(imap.SeqSet)
	set.AddNum(uid)
	ch := make(chan *imap.Message, 4)
	done := make(chan error, 1)
	go func() { done <- cl.UidFetch(set, items, ch) }()
	var got *imap.Message
	for m := range ch {
		if got == nil && m.Uid == uid {
			got = m
		}
	}
	return got, <-done
}

func errOr(err error, text string) error {
	if err != nil {
		return err
	}
	return errors.New(text)
}
