package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"amtsbote/config"
)

// runHealth is `amtsbote health`: exit 0 when the local server's /readyz
// answers 200, else 1 with the reason on stderr. For the Dockerfile's
// HEALTHCHECK, as the distroless image has no curl.
func runHealth(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "health", stdout, stderr)
	target := fs.String("url", "", s.say.T("cli.flag.health.url"))
	timeout := fs.Duration("timeout", 5*time.Second, s.say.T("cli.flag.health.timeout"))
	c, ok := s.parse(args)
	if !ok {
		return s.exit
	}
	if fs.NArg() > 0 {
		return s.refuse("cli.arg.none")
	}
	u := *target
	if u == "" {
		u = readyURL(c)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := checkReady(ctx, s.say, u); err != nil {
		fmt.Fprintln(stderr, "amtsbote: health:", err)
		return 1
	}
	fmt.Fprintln(stdout, s.say.T("cli.health.ready", "url", u))
	return 0
}

// readyURL is /readyz of the server configured by c, asked locally.
func readyURL(c config.Config) string {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		host, port = "127.0.0.1", "8080"
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	scheme := "http"
	if c.TLS.Cert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/readyz"
}

// checkReady asks u and wants 200. A local probe does not verify the TLS
// certificate (it names the public host, not loopback); it sends nothing
// secret and only reads the status.
func checkReady(ctx context.Context, say say, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", say.T("cli.health.bad_url", "url", strconv.Quote(u)), err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // local probe, see above
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return errors.New(say.T("cli.health.not_ready", "url", u, "status", resp.Status, "body", string(body)))
	}
	return nil
}
