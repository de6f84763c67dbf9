// Package wkd implements the OpenPGP Web Key Directory
// (draft-koch-openpgp-webkey-service): the hashed local part, looking up a
// correspondent's key over HTTPS, and serving the portal's own key.
package wkd

import (
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// alphabet is z-base-32 (http://philzimmermann.com/docs/human-oriented-base-32-encoding.txt).
const alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"

// maxKeyBytes bounds a key fetched from a directory.
const maxKeyBytes = 256 << 10

// ErrNotFound is returned when the directory has no key for the address.
var ErrNotFound = errors.New("wkd: no key published for the address")

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
	q := "?l=" + url.QueryEscape(local)
	h := Hash(local)
	if base != "" {
		base = strings.TrimRight(strings.ReplaceAll(base, "{domain}", domain), "/")
		return []string{base + "/.well-known/openpgpkey/hu/" + h + q}, nil
	}
	return []string{
		"https://openpgpkey." + domain + "/.well-known/openpgpkey/" + domain + "/hu/" + h + q,
		"https://" + domain + "/.well-known/openpgpkey/hu/" + h + q,
	}, nil
}

// Lookup fetches the key published for address and returns it (binary,
// public parts only) when it holds a user id with that address and can
// encrypt. It returns ErrNotFound when no directory has a key.
func Lookup(ctx context.Context, client *http.Client, base, address string) ([]byte, error) {
	urls, err := URLs(address, base)
	if err != nil {
		return nil, err
	}
	var last error = ErrNotFound
	for _, u := range urls {
		key, err := fetch(ctx, client, u)
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

func fetch(ctx context.Context, client *http.Client, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("wkd: request: %w", err)
	}
	resp, err := client.Do(req)
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
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxKeyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("wkd: read: %w", err)
	}
	if len(b) > maxKeyBytes {
		return nil, errors.New("wkd: key too large")
	}
	return b, nil
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
