package email

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"amtsbote/internal/mailtest"
)

func TestParseServer(t *testing.T) {
	for raw, want := range map[string]server{
		"imaps://u%40x:p%3Ass@mail.example:993": {scheme: "imaps", host: "mail.example", addr: "mail.example:993", user: "u@x", pass: "p:ss", implicitTLS: true},
		"imap://u:p@mail.example":               {scheme: "imap", host: "mail.example", addr: "mail.example:143", user: "u", pass: "p"},
		"imap://u:p@127.0.0.1:1143":             {scheme: "imap", host: "127.0.0.1", addr: "127.0.0.1:1143", user: "u", pass: "p", loopback: true},
		"imap://u:p@[::1]:1143":                 {scheme: "imap", host: "::1", addr: "[::1]:1143", user: "u", pass: "p", loopback: true},
	} {
		got, err := parseServer(raw, "imap")
		if err != nil || *got != want {
			t.Errorf("%s: %+v %v", raw, got, err)
		}
	}
	for raw, want := range map[string]server{
		"smtps://u:p@mail.example":       {scheme: "smtps", host: "mail.example", addr: "mail.example:465", user: "u", pass: "p", implicitTLS: true},
		"smtp://mail.example":            {scheme: "smtp", host: "mail.example", addr: "mail.example:587"},
		"smtp://u:p@localhost:2525":      {scheme: "smtp", host: "localhost", addr: "localhost:2525", user: "u", pass: "p", loopback: true},
		"smtp://u:p@127.0.0.2.nip.io:25": {scheme: "smtp", host: "127.0.0.2.nip.io", addr: "127.0.0.2.nip.io:25", user: "u", pass: "p"},
	} {
		got, err := parseServer(raw, "smtp")
		if err != nil || *got != want {
			t.Errorf("%s: %+v %v", raw, got, err)
		}
	}
	for _, raw := range []string{"", "http://u:p@x", "imap://x", "imap://u:p@:993", "imap://u:secret@x:99999", "imap://u:secret@x\x7f"} {
		_, err := parseServer(raw, "imap")
		if err == nil {
			t.Errorf("%q accepted", raw)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("%q: the error shows the password: %v", raw, err)
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a client config that
// trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

// TestTLS: IMAP with STARTTLS and SMTP with implicit TLS (and the other
// way round); the servers accept a login only over TLS.
func TestTLS(t *testing.T) {
	for _, implicitIMAP := range []bool{false, true} {
		srv, cli := selfSigned(t)
		e := newEnv(t, nil)
		e.imap = mailtest.StartIMAPTLS(t, srv, implicitIMAP)
		e.smtp = mailtest.StartSMTPTLS(t, srv, !implicitIMAP)
		e.opts.IMAPURL, e.opts.SMTPURL = e.imap.URL(), e.smtp.URL() // imaps:// or smtps:// for implicit TLS
		e.opts.TLSConfig = cli
		e.start()
		c := newCitizen(t, "erika@example.org")
		raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Zählerstand", Body: "Zählerstand melden", Autocrypt: true})
		e.imap.Append(t, "INBOX", raw)
		if r := c.Open(t, e.smtp.WaitFor(t, 1, mailWait)[0].Data, e.portalPub()); !strings.Contains(r.Text, "Kundennummer") {
			t.Fatalf("answer = %q", r.Text)
		}
		e.crash()
	}
}

// TestNoPlaintextToRemoteHosts: a server that is not on this machine and
// offers no STARTTLS gets no password.
func TestNoPlaintextToRemoteHosts(t *testing.T) {
	e := newEnv(t, nil)
	ch, err := New(e.withPortal(), &lateStore{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ch.imap.loopback, ch.smtp.loopback = false, false // as if the test servers were remote
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := ch.dialIMAP(ctx); !errors.Is(err, errNoStartTLS) {
		t.Fatalf("IMAP: %v", err)
	}
	if err := ch.submit(ctx, "erika@example.org", []byte("x")); !errors.Is(err, errNoStartTLS) {
		t.Fatalf("SMTP: %v", err)
	}
	if n := len(e.smtp.Mails()); n != 0 {
		t.Fatal("mail went out in plaintext")
	}
}
