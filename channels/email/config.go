package email

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// server is a parsed IMAP or SMTP URL. Its password never reaches a log or
// an error message.
type server struct {
	scheme      string
	host        string // without port
	addr        string // host:port
	user, pass  string
	implicitTLS bool // imaps, smtps; otherwise STARTTLS
	loopback    bool // plaintext is allowed when the server offers no STARTTLS
}

// parseServer reads imaps://user:pass@host:993, imap://… (STARTTLS),
// smtps://…:465 and smtp://…:587 (STARTTLS). want is "imap" or "smtp".
func parseServer(raw, want string) (*server, error) {
	if raw == "" {
		return nil, fmt.Errorf("email: no %s URL configured", strings.ToUpper(want))
	}
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the URL, password included, in its error.
		return nil, fmt.Errorf("email: the %s URL cannot be parsed", strings.ToUpper(want))
	}
	s := &server{scheme: u.Scheme, host: u.Hostname()}
	var port string
	switch u.Scheme {
	case want + "s":
		s.implicitTLS = true
		port = map[string]string{"imap": "993", "smtp": "465"}[want]
	case want:
		port = map[string]string{"imap": "143", "smtp": "587"}[want]
	default:
		return nil, fmt.Errorf("email: the %s URL must start with %s:// or %ss://", strings.ToUpper(want), want, want)
	}
	if s.host == "" {
		return nil, fmt.Errorf("email: the %s URL has no host", strings.ToUpper(want))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return nil, fmt.Errorf("email: the %s URL has a bad port", strings.ToUpper(want))
		}
		port = p
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if want == "imap" && s.user == "" {
		return nil, errors.New("email: the IMAP URL needs a user name (imaps://user:password@host)")
	}
	s.loopback = isLoopback(s.host)
	return s, nil
}

// isLoopback reports whether host names this machine without a DNS lookup.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tlsConfig returns the TLS settings for s, based on the configured ones.
func (s *server) tlsConfig(base *tls.Config) *tls.Config {
	var c *tls.Config
	if base != nil {
		c = base.Clone()
	} else {
		c = &tls.Config{}
	}
	if c.ServerName == "" {
		c.ServerName = s.host
	}
	if c.MinVersion == 0 {
		c.MinVersion = tls.VersionTLS12
	}
	return c
}

// errNoStartTLS is returned when a server that is not on this machine
// offers no STARTTLS: the password would travel in plaintext.
var errNoStartTLS = errors.New("email: the server offers no STARTTLS; refusing to log in without TLS (plaintext is allowed only to a loopback host)")
