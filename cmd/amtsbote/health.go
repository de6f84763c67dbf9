package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"amtsbote/config"
)

// runHealth is `amtsbote health`: exit 0 when the local server's /readyz
// answers 200, else 1 with the reason on stderr. For the Dockerfile's
// HEALTHCHECK, as the distroless image has no curl.
func runHealth(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs, s := newCommand(ctx, "health", stdout, stderr)
	target := fs.String("url", "", "the URL to ask (default: /readyz on addr of the configuration, 0.0.0.0 and :: asked on loopback)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
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
	if err := checkReady(ctx, u); err != nil {
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
func checkReady(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("bad URL %q: %w", u, err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // local probe, see above
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", u, resp.Status, string(body))
	}
	return nil
}
