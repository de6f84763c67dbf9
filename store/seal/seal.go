// Package seal holds what every store implementation seals or keys the same
// way, whatever it keeps its bytes in: the keyed MACs that stand in for
// addresses, message ids and access codes (under an index key that is itself
// encrypted to the portal key), and the sealed parts of a conversation and
// an outbox item. A store that uses it computes the same look-up keys and
// blobs as any other, so data can move between stores without re-keying.
package seal

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"

	"amtsbote/pgp"
)

// Index computes the look-up keys of a store: HMAC-SHA256 under the store's
// index key.
type Index struct{ key []byte }

// NewIndex returns the index of a raw (opened) index key.
func NewIndex(key []byte) Index { return Index{key: key} }

// NewIndexKey makes a random index key and returns it raw and sealed to the
// portal key (what a store keeps).
func NewIndexKey(p *pgp.Portal) (raw, sealed []byte, err error) {
	raw = make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, nil, fmt.Errorf("index key: %w", err)
	}
	sealed, err = p.EncryptMessage(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("index key: %w", err)
	}
	return raw, sealed, nil
}

// OpenIndexKey opens a sealed index key with the portal key.
func OpenIndexKey(p *pgp.Portal, sealed []byte) ([]byte, error) {
	raw, err := p.DecryptMessage(sealed)
	if err != nil {
		return nil, fmt.Errorf("index key: %w", err)
	}
	return raw, nil
}

// MAC returns the look-up key for a kind of index ("ep", "msg", "state",
// …) and its parts; parts are separated so that ("a", "bc") and ("ab", "c")
// differ.
func (x Index) MAC(kind string, parts ...string) []byte {
	h := hmac.New(sha256.New, x.key)
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return h.Sum(nil)
}

// CaseSecret is the look-up form of a case's (or booking's) access code:
// upper case, hyphens and spaces removed, as citizens type it as they like.
func (x Index) CaseSecret(ref, secret string) []byte {
	code := strings.NewReplacer("-", "", " ", "").Replace(strings.ToUpper(secret))
	return x.MAC("case-secret", ref, code)
}

// Link is the keyed MAC for link codes (gateway.Links).
func (x Index) Link(parts ...string) []byte { return x.MAC("link", parts...) }

// ConvSecret is the sealed part of a conversation record.
type ConvSecret struct {
	Address string `json:"a"`
	State   []byte `json:"s"`
}

// OutboxSecret is the sealed part of an outbox item.
type OutboxSecret struct {
	Address string `json:"a"`
	Body    []byte `json:"b"`
}
