package wkd

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestDialGuardTable: only public unicast addresses may be dialled.
func TestDialGuardTable(t *testing.T) {
	g := newDialGuard()
	for addr, public := range map[string]bool{
		"8.8.8.8":                  true,
		"1.1.1.1":                  true,
		"93.184.215.14":            true,
		"100.63.255.255":           true,
		"100.128.0.0":              true,
		"172.32.0.1":               true,
		"2606:4700:4700::1111":     true,
		"2a00:1450:4001:80b::200e": true,
		"::ffff:8.8.8.8":           true,
		"127.0.0.1":                false,
		"127.255.255.254":          false,
		"10.0.0.1":                 false,
		"172.16.0.1":               false,
		"172.31.255.255":           false,
		"192.168.1.1":              false,
		"169.254.169.254":          false,
		"100.64.0.1":               false,
		"100.127.255.255":          false,
		"0.0.0.0":                  false,
		"0.1.2.3":                  false,
		"224.0.0.1":                false,
		"239.255.255.250":          false,
		"240.0.0.1":                false,
		"255.255.255.255":          false,
		"192.0.0.8":                false,
		"192.0.2.1":                false,
		"198.18.0.1":               false,
		"198.51.100.1":             false,
		"203.0.113.1":              false,
		"::":                       false,
		"::1":                      false,
		"::ffff:127.0.0.1":         false,
		"::ffff:10.0.0.1":          false,
		"::ffff:169.254.169.254":   false,
		"::ffff:100.64.0.1":        false,
		"::127.0.0.1":              false,
		"::ffff:0:a00:1":           false,
		"fe80::1":                  false,
		"fe80::1%eth0":             false,
		"fc00::1":                  false,
		"fd12:3456:789a::1":        false,
		"fec0::1":                  false,
		"ff02::1":                  false,
		"ff0e::1":                  false,
		"64:ff9b::a00:1":           false,
		"64:ff9b:1::1":             false,
		"100::1":                   false,
		"2001:db8::1":              false,
		"2001:0:4136:e378::1":      false,
		"2002:7f00:1::1":           false,
		"3fff::1":                  false,
	} {
		hostport := net.JoinHostPort(addr, "443")
		err := g.control("tcp", hostport, nil)
		if public && err != nil {
			t.Errorf("%s refused: %v", hostport, err)
		}
		if !public && !errors.Is(err, ErrRefusedAddress) {
			t.Errorf("%s allowed", hostport)
		}
	}
	if err := g.control("tcp", "not an address", nil); !errors.Is(err, ErrRefusedAddress) {
		t.Errorf("unparsable address allowed: %v", err)
	}
}

// countingListener accepts on 127.0.0.1 and records who connected.
type countingListener struct {
	ln  net.Listener
	mu  sync.Mutex
	got []string // remote addresses accepted
	own int      // connections made by connections itself
}

func listenCounting(t *testing.T, addr string) *countingListener {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	l := &countingListener{ln: ln}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			l.mu.Lock()
			l.got = append(l.got, c.RemoteAddr().String())
			l.mu.Unlock()
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return l
}

func (l *countingListener) port() string {
	return strconv.Itoa(l.ln.Addr().(*net.TCPAddr).Port)
}

// connections returns how many connections others made before now: it
// dials once itself and waits until the listener has accepted that one,
// which it does after every earlier one.
func (l *countingListener) connections(t *testing.T) int {
	t.Helper()
	c, err := net.Dial("tcp", l.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	me := c.LocalAddr().String()
	c.Close()
	l.own++
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		l.mu.Lock()
		n := len(l.got)
		seen := slices.Contains(l.got, me)
		l.mu.Unlock()
		if seen {
			return n - l.own
		}
	}
	t.Fatal("the listener did not accept the test's own connection")
	return 0
}

// TestDialGuardRefusesLoopback: a real dial to a 127.0.0.1 listener, by
// address or by a name resolving to it, is refused unless it is the
// operator's base URL.
func TestDialGuardRefusesLoopback(t *testing.T) {
	l := listenCounting(t, "127.0.0.1:0")
	c, err := NewClient(Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://127.0.0.1:" + l.port() + "/x", "https://localhost:" + l.port() + "/x"} {
		if _, err := c.fetch(context.Background(), u); !errors.Is(err, ErrRefusedAddress) {
			t.Errorf("%s: err = %v, want ErrRefusedAddress", u, err)
		}
	}
	if n := l.connections(t); n != 0 {
		t.Fatalf("the listener accepted %d connections", n)
	}

	base, err := NewClient(Options{BaseURL: "https://127.0.0.1:" + l.port(), Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := base.fetch(context.Background(), "https://127.0.0.1:"+l.port()+"/x"); errors.Is(err, ErrRefusedAddress) {
		t.Fatalf("the explicit base was refused: %v", err)
	}
	if n := l.connections(t); n != 1 {
		t.Fatalf("the explicit base made %d connections, want 1", n)
	}
}

// TestRedirectPolicy: redirects stay within the first request's scheme,
// host and port, and are few.
func TestRedirectPolicy(t *testing.T) {
	req := func(u string) *http.Request {
		p, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Request{URL: p}
	}
	first := "https://openpgpkey.example.org/.well-known/openpgpkey/example.org/hu/x"
	for to, ok := range map[string]bool{
		"https://openpgpkey.example.org/other":     true,
		"https://OpenPGPKey.Example.org:443/other": true,
		"http://openpgpkey.example.org/other":      false,
		"https://example.org/other":                false,
		"https://openpgpkey.example.org:8443/x":    false,
		"https://127.0.0.1/x":                      false,
		"https://evil.example/x":                   false,
		"file:///etc/passwd":                       false,
	} {
		err := sameOrigin(req(to), []*http.Request{req(first)})
		if ok && err != nil {
			t.Errorf("redirect to %s refused: %v", to, err)
		}
		if !ok && !errors.Is(err, ErrRedirect) {
			t.Errorf("redirect to %s allowed", to)
		}
	}
	via := []*http.Request{req(first), req(first), req(first)}
	if err := sameOrigin(req(first), via); !errors.Is(err, ErrRedirect) {
		t.Errorf("a fourth redirect was allowed")
	}
}

// TestHostName: only DNS names become hosts; address literals, ports,
// paths and single labels do not.
func TestHostName(t *testing.T) {
	for domain, want := range map[string]string{
		"example.org":       "example.org",
		"Example.ORG":       "example.org",
		"mail-1.stadt.de":   "mail-1.stadt.de",
		"bücher.example":    "xn--bcher-kva.example",
		"127.0.0.1":         "",
		"[127.0.0.1]":       "",
		"127.0.0.1:8443":    "",
		"[::1]":             "",
		"::ffff:127.0.0.1":  "",
		"2130706433":        "",
		"0x7f.1":            "",
		"127.1":             "",
		"localhost":         "",
		"localhost:443":     "",
		"example.org:8443":  "",
		"example.org/x":     "",
		"example.org?x":     "",
		"example.org#x":     "",
		"user@example.org":  "",
		"example.org.":      "",
		"-bad.example":      "",
		"exa mple.org":      "",
		"example..org":      "",
		"":                  "",
		"a.b.c.example.com": "a.b.c.example.com",
	} {
		got, err := HostName(domain)
		if want == "" && !errors.Is(err, ErrNotDomain) {
			t.Errorf("HostName(%q) = %q, %v; want ErrNotDomain", domain, got, err)
		}
		if want != "" && (err != nil || got != want) {
			t.Errorf("HostName(%q) = %q, %v; want %q", domain, got, err, want)
		}
	}
}

// TestAddressLiteralSenderNoConnection: a sender whose domain is an address
// literal (x@127.0.0.1, with a port, in brackets) causes no connection at
// all, with or without a base URL that takes the domain as host.
func TestAddressLiteralSenderNoConnection(t *testing.T) {
	l := listenCounting(t, "127.0.0.1:0")
	var l443 *countingListener
	if ln, err := net.Listen("tcp", "127.0.0.1:443"); err == nil {
		ln.Close()
		l443 = listenCounting(t, "127.0.0.1:443")
	} else {
		t.Logf("127.0.0.1:443 not available (%v); checking the other port only", err)
	}
	public, err := NewClient(Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	template, err := NewClient(Options{BaseURL: "https://{domain}", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"x@127.0.0.1", "x@[127.0.0.1]", "x@127.0.0.1:" + l.port(),
		"x@[127.0.0.1]:" + l.port(), "x@localhost:" + l.port(), "x@[::ffff:127.0.0.1]", "x@2130706433"} {
		for name, c := range map[string]*Client{"public": public, "template base": template} {
			if _, err := c.Lookup(context.Background(), addr); !errors.Is(err, ErrNotDomain) {
				t.Errorf("%s, %s: err = %v, want ErrNotDomain", name, addr, err)
			}
		}
	}
	if n := l.connections(t); n != 0 {
		t.Errorf("127.0.0.1:%s accepted %d connections", l.port(), n)
	}
	if l443 != nil {
		if n := l443.connections(t); n != 0 {
			t.Errorf("127.0.0.1:443 accepted %d connections", n)
		}
	}
}
