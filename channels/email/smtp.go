package email

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"amtsbote/channels"
)

// smtpTimeout bounds one submission when the context has no deadline.
const smtpTimeout = 2 * time.Minute

// submit hands one mail to the SMTP server (submission with STARTTLS or
// implicit TLS, and AUTH PLAIN when the URL has a user). A 5xx answer is a
// permanent error; anything else may be retried.
func (c *Channel) submit(ctx context.Context, to string, msg []byte) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, smtpTimeout)
		defer cancel()
	}
	cl, err := c.dialSMTP(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	if dl, ok := ctx.Deadline(); ok {
		cl.CommandTimeout = max(time.Until(dl), time.Second)
		cl.SubmissionTimeout = cl.CommandTimeout
	}
	stop := context.AfterFunc(ctx, func() { _ = cl.Close() })
	defer stop()

	if c.smtp.user != "" {
		if err := cl.Auth(sasl.NewPlainClient("", c.smtp.user, c.smtp.pass)); err != nil {
			return smtpError("auth", err)
		}
	}
	if err := cl.Mail(c.opts.Address, nil); err != nil {
		return smtpError("MAIL", err)
	}
	if err := cl.Rcpt(to, nil); err != nil {
		return smtpError("RCPT", err)
	}
	// Once the content goes out it is finished (bounded by the connection's
	// deadline): cancelling halfway would leave the server with the mail
	// and the outbox without the record, and the citizen would get it twice.
	if !stop() {
		return ctx.Err()
	}
	dl, _ := ctx.Deadline()
	guard := time.AfterFunc(time.Until(dl), func() { _ = cl.Close() })
	defer guard.Stop()
	w, err := cl.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("DATA", err)
	}
	if err := cl.Quit(); err != nil {
		c.log.Debug("SMTP QUIT failed after the mail was accepted", "err_kind", "quit")
	}
	return nil
}

// dialSMTP connects and secures the connection as the URL says. To a
// loopback host without STARTTLS it stays in plaintext.
func (c *Channel) dialSMTP(ctx context.Context) (*smtp.Client, error) {
	d := &net.Dialer{Timeout: 30 * time.Second}
	tc := c.smtp.tlsConfig(c.opts.TLSConfig)
	dial := func() (net.Conn, error) {
		var conn net.Conn
		var err error
		if c.smtp.implicitTLS {
			conn, err = (&tls.Dialer{NetDialer: d, Config: tc}).DialContext(ctx, "tcp", c.smtp.addr)
		} else {
			conn, err = d.DialContext(ctx, "tcp", c.smtp.addr)
		}
		if err != nil {
			return nil, fmt.Errorf("email: SMTP connect: %w", err)
		}
		if dl, ok := ctx.Deadline(); ok {
			_ = conn.SetDeadline(dl)
		}
		return conn, nil
	}
	conn, err := dial()
	if err != nil {
		return nil, err
	}
	if c.smtp.implicitTLS {
		return smtp.NewClient(conn), nil
	}
	cl, err := smtp.NewClientStartTLS(conn, tc)
	if err == nil {
		return cl, nil
	}
	if !strings.Contains(err.Error(), "doesn't support STARTTLS") {
		return nil, smtpError("STARTTLS", err)
	}
	if !c.smtp.loopback {
		return nil, errNoStartTLS
	}
	// A local server without TLS (a relay on this machine, a test server).
	if conn, err = dial(); err != nil {
		return nil, err
	}
	return smtp.NewClient(conn), nil
}

// smtpError keeps an SMTP error's code but not its text (servers quote
// addresses in it), and marks 5xx answers permanent.
func smtpError(step string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		e := fmt.Errorf("email: SMTP %s: server answered %d %d.%d.%d", step, se.Code,
			se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
		if se.Code >= 500 && se.Code < 600 && step != "auth" {
			return channels.Permanent(e)
		}
		return e
	}
	return fmt.Errorf("email: SMTP %s: %w", step, err)
}
