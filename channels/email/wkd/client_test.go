package wkd

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// hits counts requests per first path segment.
type hits struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *hits) add(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")[0]]++
}

func (h *hits) get(seg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[seg]
}

func (h *hits) total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, v := range h.n {
		n += v
	}
	return n
}

// tlsClient returns a Client whose base is srv and that trusts srv's certificate.
func tlsClient(t *testing.T, srv *httptest.Server, base string, opts Options) *Client {
	t.Helper()
	opts.BaseURL = base
	opts.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBaseRedirectToOtherHostRefused: the explicit base may be loopback,
// but a redirect from it to another host or scheme is not followed; one
// within its origin is.
func TestBaseRedirectToOtherHostRefused(t *testing.T) {
	key := newKey(t, "joe@same.example")
	pub, _ := key.GetPublicKey()
	var other hits
	otherTLS := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		w.Write(pub)
	}))
	defer otherTLS.Close()
	otherPlain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		w.Write(pub)
	}))
	defer otherPlain.Close()

	var base *httptest.Server
	base = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/host.example/"): // another host name, another port
			http.Redirect(w, r, strings.Replace(otherTLS.URL, "127.0.0.1", "localhost", 1)+"/x", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/port.example/"): // the same host, another port
			http.Redirect(w, r, otherTLS.URL+"/x", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/scheme.example/"): // http
			http.Redirect(w, r, otherPlain.URL+"/x", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/same.example/"): // within the origin
			http.Redirect(w, r, base.URL+"/served", http.StatusFound)
		case r.URL.Path == "/served":
			w.Write(pub)
		default:
			http.NotFound(w, r)
		}
	}))
	defer base.Close()
	c := tlsClient(t, base, base.URL+"/{domain}", Options{})

	for _, addr := range []string{"joe@host.example", "joe@port.example", "joe@scheme.example"} {
		if _, err := c.Lookup(context.Background(), addr); !errors.Is(err, ErrRedirect) {
			t.Errorf("%s: err = %v, want ErrRedirect", addr, err)
		}
	}
	if n := other.total(); n != 0 {
		t.Fatalf("the other servers got %d requests", n)
	}
	got, err := c.Lookup(context.Background(), "joe@same.example")
	if err != nil || !bytes.Equal(got, pub) {
		t.Fatalf("redirect within the base's origin: %v", err)
	}
}

// TestAnswerSizeLimit: an answer above the limit is refused unread.
func TestAnswerSizeLimit(t *testing.T) {
	key := newKey(t, "joe@big.example")
	pub, _ := key.GetPublicKey()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/big.example/"):
			w.Write(bytes.Repeat([]byte{0x99}, DefaultMaxBytes+1))
		case strings.HasPrefix(r.URL.Path, "/fits.example/"):
			w.Write(pub)
		}
	}))
	defer srv.Close()
	c := tlsClient(t, srv, srv.URL+"/{domain}", Options{})
	if _, err := c.Lookup(context.Background(), "joe@big.example"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("an answer of %d bytes: err = %v, want ErrTooLarge", DefaultMaxBytes+1, err)
	}
	small := tlsClient(t, srv, srv.URL+"/{domain}", Options{MaxBytes: int64(len(pub)) - 1})
	if _, err := small.Lookup(context.Background(), "joe@fits.example"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("MaxBytes below the key: err = %v, want ErrTooLarge", err)
	}
	exact := tlsClient(t, srv, srv.URL+"/{domain}", Options{MaxBytes: int64(len(pub))})
	if _, err := exact.Lookup(context.Background(), "joe@fits.example"); errors.Is(err, ErrTooLarge) {
		t.Fatalf("MaxBytes equal to the key: %v", err)
	}
}

// TestRequestTimeout: a directory that never answers, or never finishes
// the TLS handshake, costs at most the timeout, not the caller's deadline.
func TestRequestTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	silent := listenSilent(t)

	for name, base := range map[string]string{"no answer": srv.URL, "no handshake": "https://" + silent} {
		c := tlsClient(t, srv, base, Options{Timeout: 300 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		_, err := c.Lookup(ctx, "joe@slow.example")
		callerDeadline := ctx.Err() != nil
		cancel()
		if err == nil || callerDeadline {
			t.Errorf("%s: err = %v, want the client's timeout", name, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: the lookup took %v", name, d)
		}
	}
}

// TestRateLimitPerDomain: a domain is asked Burst times, then not at all
// until its bucket refills; other domains are not affected.
func TestRateLimitPerDomain(t *testing.T) {
	var seen hits
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.add(r)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	c := tlsClient(t, srv, srv.URL+"/{domain}", Options{Burst: 2, Every: time.Hour})
	for i, addr := range []string{"a@one.example", "b@one.example", "c@One.example", "d@one.example"} {
		_, err := c.Lookup(context.Background(), addr)
		if limited := errors.Is(err, ErrRateLimited); limited != (i >= 2) {
			t.Errorf("lookup %d (%s): err = %v", i+1, addr, err)
		}
	}
	if n := seen.get("one.example"); n != 2 {
		t.Fatalf("one.example was asked %d times, want 2", n)
	}
	if _, err := c.Lookup(context.Background(), "a@two.example"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("another domain: err = %v, want ErrNotFound", err)
	}
	if n := seen.get("two.example"); n != 1 {
		t.Fatalf("two.example was asked %d times, want 1", n)
	}
}

// TestLimitersBounded: the limiters kept are bounded; idle ones are
// forgotten to make room.
func TestLimitersBounded(t *testing.T) {
	l := newLimiters(time.Second, 1)
	now := time.Now()
	for i := range maxDomains {
		if !l.allow(strconv.Itoa(i)+".example", now) {
			t.Fatalf("domain %d refused", i)
		}
	}
	if l.allow("one-too-many.example", now) {
		t.Fatal("a domain beyond the bound was allowed while all are busy")
	}
	if !l.allow("one-too-many.example", now.Add(2*time.Second)) {
		t.Fatal("a domain was refused after the others went idle")
	}
	if len(l.m) != 1 {
		t.Fatalf("%d limiters kept, want 1", len(l.m))
	}
}

// listenSilent returns the address of a listener that accepts connections
// and never writes to them.
func listenSilent(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}
