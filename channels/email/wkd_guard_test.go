package email

import (
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/channels/email/wkd"
	"amtsbote/internal/mailtest"
)

// TestWKDAddressLiteralSenderNoConnection: a mail From: x@127.0.0.1 makes
// the channel connect nowhere (here: nothing reaches 127.0.0.1:443).
func TestWKDAddressLiteralSenderNoConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:443")
	if err != nil {
		t.Skipf("127.0.0.1:443 not available: %v", err)
	}
	var mu sync.Mutex
	var got []string
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			got = append(got, c.RemoteAddr().String())
			mu.Unlock()
			c.Close()
		}
	}()
	defer func() { ln.Close(); <-done }()

	e := newEnv(t, func(o *Options) { o.NoWKD = false })
	e.start()
	c := newCitizen(t, "x@127.0.0.1")
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	e.smtp.WaitFor(t, 1, mailWait)

	// A connection of our own, accepted after any earlier one.
	probe, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	me := probe.LocalAddr().String()
	probe.Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		mu.Lock()
		seen, n := slices.Contains(got, me), len(got)
		mu.Unlock()
		if seen {
			if n != 1 {
				t.Fatalf("127.0.0.1:443 accepted %d connections from the channel", n-1)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the probe connection was not accepted")
		}
	}
}

// TestWKDBaseRedirectToOtherHostRefused: the configured wkd_base_url may be
// on loopback, but its redirect to another host is not followed: the key
// there is not fetched and the citizen gets the notice.
func TestWKDBaseRedirectToOtherHostRefused(t *testing.T) {
	c := newCitizen(t, "joe.doe@example.org")
	pub, _ := c.Key.GetPublicKey()
	h, err := wkd.NewHandler(c.Addr, pub)
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		h.ServeHTTP(w, r)
	}))
	defer other.Close()
	elsewhere := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	dir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere+r.URL.RequestURI(), http.StatusFound)
	}))
	defer dir.Close()

	e := newEnv(t, func(o *Options) { o.NoWKD = false; o.WKDBaseURL = dir.URL })
	e.start()
	raw, _ := c.Mail(t, mailtest.MailSpec{Subject: "Frage", Body: "Zählerstand melden"})
	e.imap.Append(t, "INBOX", raw)
	r := c.Open(t, e.smtp.WaitFor(t, 1, mailWait)[0].Data, e.portalPub())
	if n := asked.Load(); n != 0 {
		t.Fatalf("the redirect target was asked %d times", n)
	}
	if r.Encrypted {
		t.Fatal("the answer was encrypted to a key fetched through a redirect")
	}
}
