// Package httpx holds the HTTP plumbing shared by the server's parts: TLS
// settings, HSTS, believing X-Forwarded-* headers only from trusted
// reverse proxies, and the client key that per-client limits count by.
package httpx

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TLSConfig is a modern TLS configuration: TLS 1.2 or newer with forward
// secret AEAD ciphers only, and HTTP/2.
func TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
			tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,
		},
		CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256},
		NextProtos:       []string{"h2", "http/1.1"},
	}
}

type secureKey struct{}

// IsSecure reports whether the citizen's connection is HTTPS: TLS here, or
// TLS at a trusted proxy that said so.
func IsSecure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	v, _ := r.Context().Value(secureKey{}).(bool)
	return v
}

// Proxies is the set of reverse proxies whose forwarded headers are believed.
type Proxies []netip.Prefix

// ParseProxies reads CIDRs (or single addresses) like "127.0.0.1/32".
func ParseProxies(list []string) (Proxies, error) {
	var out Proxies
	for _, s := range list {
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", s, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (p Proxies) trusted(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, pre := range p {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// Wrap believes X-Forwarded-For and X-Forwarded-Proto only from trusted
// proxies (the client's address becomes the right-most untrusted hop), and
// sends HSTS on secure requests.
func (p Proxies) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(p) > 0 && p.trusted(r.RemoteAddr) {
			if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
				hops := strings.Split(xff, ",")
				for i := len(hops) - 1; i >= 0; i-- {
					hop := strings.TrimSpace(hops[i])
					if i == 0 || !p.trusted(hop) {
						r.RemoteAddr = net.JoinHostPort(hop, "0")
						break
					}
				}
			}
			if strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
				r = r.WithContext(context.WithValue(r.Context(), secureKey{}, true))
			}
		}
		if IsSecure(r) {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// ClientKey is the key under which per-client limits count the client of
// r: its IP address, and for IPv6 the /64 the address lies in (one
// household or phone gets a whole /64 and picks addresses in it freely).
// It reads RemoteAddr, which Wrap has already set to the forwarded client
// when the request came through a trusted proxy, so Wrap must be in front.
// Requests whose RemoteAddr is no IP address share the zero Prefix.
func ClientKey(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits) // drops a zone; cannot fail for these lengths
	return p
}
