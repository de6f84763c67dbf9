package wkd

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout  = 5 * time.Second  // one request, dial to last byte
	DefaultMaxBytes = 256 << 10        // one directory answer
	DefaultEvery    = 30 * time.Second // per domain, after the burst
	DefaultBurst    = 5                // lookups per domain at once
)

// ErrTooLarge is returned when a directory's answer exceeds Options.MaxBytes.
var ErrTooLarge = errors.New("wkd: answer too large")

// ErrRateLimited is returned when the domain was asked too often lately;
// nothing was fetched.
var ErrRateLimited = errors.New("wkd: too many lookups for the domain")

// Options configures a Client. The zero value looks keys up on the public
// internet with the defaults above.
type Options struct {
	// BaseURL replaces https://<domain> ("{domain}" in it is replaced by
	// the domain). The operator chose it, so its host may be loopback or
	// private and its scheme http, unless the host itself holds {domain}.
	BaseURL  string
	Timeout  time.Duration // one request; 0 means DefaultTimeout
	MaxBytes int64         // one answer; 0 means DefaultMaxBytes
	// Every and Burst limit lookups per domain: Burst at once, then one per
	// Every. 0 means DefaultEvery and DefaultBurst.
	Every   time.Duration
	Burst   int
	RootCAs *x509.CertPool // nil means the system's roots
}

// Client looks keys up in Web Key Directories. It connects only to public
// unicast addresses over HTTPS (BaseURL excepted), follows redirects only
// within the first request's origin, bounds time and size of every answer
// and limits lookups per domain. It is safe for concurrent use.
type Client struct {
	base     string
	http     *http.Client
	maxBytes int64
	limit    *limiters
}

// NewClient returns a Client for opts.
func NewClient(opts Options) (*Client, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.Every <= 0 {
		opts.Every = DefaultEvery
	}
	if opts.Burst <= 0 {
		opts.Burst = DefaultBurst
	}
	guard := newDialGuard()
	if opts.BaseURL != "" {
		trusted, err := trustedBase(opts.BaseURL)
		if err != nil {
			return nil, err
		}
		if trusted {
			guard = nil
		}
	}
	dialer := &net.Dialer{Timeout: opts.Timeout}
	if guard != nil {
		dialer.Control = guard.control
	}
	tr := &http.Transport{
		Proxy:                  nil, // a proxy would make the guard check the proxy, not the directory
		DialContext:            dialer.DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: opts.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
		DisableKeepAlives:      true,
	}
	return &Client{
		base:     opts.BaseURL,
		http:     &http.Client{Transport: tr, Timeout: opts.Timeout, CheckRedirect: sameOrigin},
		maxBytes: opts.MaxBytes,
		limit:    newLimiters(opts.Every, opts.Burst),
	}, nil
}

// trustedBase checks base and reports whether its host is fixed by the
// operator (true) or holds the citizen's {domain} (false).
func trustedBase(base string) (bool, error) {
	const probe = "domain.invalid"
	u, err := url.Parse(strings.ReplaceAll(base, "{domain}", probe))
	if err != nil {
		return false, fmt.Errorf("wkd: base URL: %w", err)
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return false, errors.New("wkd: base URL must be an absolute http(s) URL")
	}
	return !strings.Contains(u.Host, probe), nil
}

// Lookup fetches the key published for address and returns it (binary,
// public parts only) when it holds a user id with that address and can
// encrypt. It returns ErrNotFound when no directory has a key, and
// ErrRateLimited, without asking, when the domain was asked too often.
func (c *Client) Lookup(ctx context.Context, address string) ([]byte, error) {
	urls, err := URLs(address, c.base)
	if err != nil {
		return nil, err
	}
	_, domain, _ := Split(address)
	if !c.limit.allow(domain, time.Now()) {
		return nil, ErrRateLimited
	}
	var last error = ErrNotFound
	for _, u := range urls {
		key, err := c.fetch(ctx, u)
		if err == nil {
			return Filter(key, address)
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !errors.Is(err, ErrNotFound) {
			last = err
		}
	}
	return nil, last
}

func (c *Client) fetch(ctx context.Context, u string) ([]byte, error) {
	if c.base == "" && !strings.HasPrefix(u, "https://") {
		return nil, errors.New("wkd: only https")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("wkd: request: %w", err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// The URL names the citizen's hashed local part; keep it out of errors.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("wkd: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil, ErrNotFound
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("wkd: directory answered %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("wkd: read: %w", err)
	}
	if int64(len(b)) > c.maxBytes {
		return nil, ErrTooLarge
	}
	return b, nil
}
