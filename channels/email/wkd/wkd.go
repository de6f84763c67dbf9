// Package wkd implements the OpenPGP Web Key Directory
// (draft-koch-openpgp-webkey-service): the hashed local part, looking up a
// correspondent's key over HTTPS, and serving the portal's own key.
package wkd

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"golang.org/x/net/idna"
)

// alphabet is z-base-32 (http://philzimmermann.com/docs/human-oriented-base-32-encoding.txt).
const alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"

// ErrNotFound is returned when the directory has no key for the address.
var ErrNotFound = errors.New("wkd: no key published for the address")

// ErrNotDomain is returned for an address whose domain is no DNS name a
// lookup may connect to (an address literal, a port, a single label).
var ErrNotDomain = errors.New("wkd: the address's domain is not a host name")

// Hash returns the WKD hash of an address's local part: the z-base-32
// encoded SHA-1 of the lower-cased local part (section 3.1 of the draft).
func Hash(localPart string) string {
	sum := sha1.Sum([]byte(strings.ToLower(localPart)))
	return zbase32(sum[:])
}

// zbase32 encodes b, 5 bits a character, most significant bits first.
func zbase32(b []byte) string {
	var out strings.Builder
	var acc uint32
	bits := 0
	for _, c := range b {
		acc = acc<<8 | uint32(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out.WriteByte(alphabet[(acc>>bits)&31])
		}
	}
	if bits > 0 {
		out.WriteByte(alphabet[(acc<<(5-bits))&31])
	}
	return out.String()
}

// Split returns an address's local part and its lower-cased domain.
func Split(address string) (local, domain string, err error) {
	i := strings.LastIndexByte(address, '@')
	if i <= 0 || i == len(address)-1 {
		return "", "", fmt.Errorf("wkd: not an email address")
	}
	return address[:i], strings.ToLower(address[i+1:]), nil
}

// URLs returns the URLs to try for address, in order: the advanced method
// (openpgpkey.<domain>) and the direct method (<domain>). A non-empty base
// replaces both with one direct-method URL below base (its "{domain}" is
// replaced by the address's domain), so tests can serve keys on localhost.
func URLs(address, base string) ([]string, error) {
	local, domain, err := Split(address)
	if err != nil {
		return nil, err
	}
	host, err := HostName(domain)
	if err != nil {
		return nil, err
	}
	q := "?l=" + url.QueryEscape(local)
	h := Hash(local)
	if base != "" {
		base = strings.TrimRight(strings.ReplaceAll(base, "{domain}", host), "/")
		return []string{base + "/.well-known/openpgpkey/hu/" + h + q}, nil
	}
	return []string{
		"https://openpgpkey." + host + "/.well-known/openpgpkey/" + domain + "/hu/" + h + q,
		"https://" + host + "/.well-known/openpgpkey/hu/" + h + q,
	}, nil
}

// HostName returns domain as an ASCII DNS name (IDNA) fit to be a URL's
// host, or an error wrapping ErrNotDomain: an address literal (127.0.0.1,
// [::1]), a port, a path, a single label or a numeric top-level label
// never becomes a host a lookup connects to.
func HostName(domain string) (string, error) {
	if _, err := netip.ParseAddr(strings.Trim(domain, "[]")); err == nil {
		return "", fmt.Errorf("%w: an address literal", ErrNotDomain)
	}
	host, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotDomain, err)
	}
	host = strings.ToLower(host)
	labels := strings.Split(host, ".")
	if len(host) > 253 || len(labels) < 2 {
		return "", fmt.Errorf("%w: not a public name", ErrNotDomain)
	}
	for _, l := range labels {
		if !ldhLabel(l) {
			return "", fmt.Errorf("%w: not a host name", ErrNotDomain)
		}
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return "", fmt.Errorf("%w: a numeric top-level label", ErrNotDomain)
	}
	return host, nil
}

// ldhLabel reports whether l is a DNS label of letters, digits and inner
// hyphens, 1 to 63 characters long.
func ldhLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Filter parses data (binary or armored) and returns the first key that has
// a user id with address and can encrypt, as binary public key.
func Filter(data []byte, address string) ([]byte, error) {
	var ring *crypto.KeyRing
	var err error
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")) {
		var k *crypto.Key
		if k, err = crypto.NewKeyFromArmored(string(data)); err == nil {
			ring, err = crypto.NewKeyRing(k)
		}
	} else {
		ring, err = crypto.NewKeyRingFromBinary(data)
	}
	if err != nil {
		return nil, fmt.Errorf("wkd: not an OpenPGP key: %w", err)
	}
	for _, k := range ring.GetKeys() {
		if !HasAddress(k, address) || !k.CanEncrypt() || k.IsRevoked() {
			continue
		}
		pub, err := k.GetPublicKey()
		if err != nil {
			return nil, fmt.Errorf("wkd: %w", err)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("wkd: %w (no usable key with the address)", ErrNotFound)
}

// HasAddress reports whether one of key's user ids carries address.
func HasAddress(key *crypto.Key, address string) bool {
	for _, id := range key.GetEntity().Identities {
		if id.UserId != nil && strings.EqualFold(strings.TrimSpace(id.UserId.Email), address) {
			return true
		}
	}
	return false
}
