// Package mailtest runs in-process mail servers for tests: an IMAP server
// on go-imap's memory backend, into which a test puts mail as the city's
// mail server would, and an SMTP submission server that records what it is
// given. Both listen on 127.0.0.1 and stop when the test ends. A Citizen
// writes mail to the portal and reads its answers, encrypted or signed
// with OpenPGP, without the email channel's code.
package mailtest

import (
	"crypto/tls"
	"net"
	"testing"
)

// The accounts of the servers; URL puts them into the server's URL.
const (
	IMAPUser     = "username" // go-imap's memory backend has this one user
	IMAPPassword = "password"
	SMTPUser     = "portal"
	SMTPPassword = "secret"
)

// listen opens a port on 127.0.0.1. With tc and implicit the listener
// speaks TLS; with tc alone the server is to offer STARTTLS (serverTLS).
func listen(t testing.TB, tc *tls.Config, implicit bool) (ln net.Listener, serverTLS *tls.Config) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if tc != nil && implicit {
		return tls.NewListener(ln, tc), nil
	}
	return ln, tc
}

// scheme is "imap" or "smtp", with an "s" for implicit TLS.
func scheme(proto string, implicit bool) string {
	if implicit {
		return proto + "s"
	}
	return proto
}
