package web

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"time"

	"amtsbote/channels"
)

// A resume token is 32 bytes, base64url without padding (43 characters):
// 24 random bytes and the first 8 bytes of their HMAC under the server's
// token key. The MAC lets the server keep a token it issued itself although
// the store does not know it yet (no message sent); any other unknown token
// is replaced by a fresh one.
const (
	tokenRandom = 24
	tokenMAC    = 8
	tokenLen    = 43
)

// b64 decodes strictly: a token has one spelling only.
var b64 = base64.RawURLEncoding.Strict()

// keys are the channel's secrets, derived from Options.Secret.
type keys struct {
	token []byte      // HMAC key of issued tokens
	links cipher.AEAD // seals download links
}

func newKeys(secret []byte) keys {
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
	}
	derive := func(label string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("amtsbote web links"))
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return keys{token: derive("amtsbote web tokens"), links: aead}
}

// newToken issues a fresh resume token.
func (k keys) newToken() string {
	b := make([]byte, tokenRandom, tokenRandom+tokenMAC)
	_, _ = rand.Read(b)
	return b64.EncodeToString(append(b, k.mac(b)...))
}

func (k keys) mac(random []byte) []byte {
	m := hmac.New(sha256.New, k.token)
	m.Write(random)
	return m.Sum(nil)[:tokenMAC]
}

// issued reports whether token is well-formed and was issued with these keys.
func (k keys) issued(token string) bool {
	b, err := b64.DecodeString(token)
	if err != nil || len(b) != tokenRandom+tokenMAC {
		return false
	}
	return hmac.Equal(b[tokenRandom:], k.mac(b[:tokenRandom]))
}

// wellFormed reports whether token looks like a resume token at all.
func wellFormed(token string) bool {
	if len(token) != tokenLen {
		return false
	}
	b, err := b64.DecodeString(token)
	return err == nil && len(b) == tokenRandom+tokenMAC
}

// scope is a short, one-way name of a token, prefixed to the client's
// message ids: the core de-duplicates by message id across the whole
// channel, so ids of different citizens must never collide.
func scope(token string) string {
	h := sha256.Sum256([]byte("amtsbote web scope\x00" + token))
	return b64.EncodeToString(h[:9]) + ":"
}

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// link is what a download link grants: one attachment of one message of the
// conversation of token, until expires.
type link struct {
	token   string
	message string
	index   int
	expires time.Time
}

// sealLink makes the opaque key of a download link (?k=...): the link
// names the token without revealing it, and works for a limited time.
func (k keys) sealLink(l link) string {
	plain := make([]byte, 0, 12+len(l.message)+1+len(l.token))
	plain = binary.BigEndian.AppendUint64(plain, uint64(l.expires.Unix()))
	plain = binary.BigEndian.AppendUint32(plain, uint32(l.index))
	plain = append(plain, l.message...)
	plain = append(plain, 0)
	plain = append(plain, l.token...)
	nonce := make([]byte, k.links.NonceSize(), k.links.NonceSize()+len(plain)+k.links.Overhead())
	_, _ = rand.Read(nonce)
	return b64.EncodeToString(k.links.Seal(nonce, nonce, plain, nil))
}

var errBadLink = errors.New("web: invalid or expired download link")

// openLink reads a download link's key; it fails for a forged, damaged or
// expired one.
func (k keys) openLink(s string, now time.Time) (link, error) {
	b, err := b64.DecodeString(s)
	ns := k.links.NonceSize()
	if err != nil || len(b) < ns+k.links.Overhead() {
		return link{}, errBadLink
	}
	plain, err := k.links.Open(nil, b[:ns], b[ns:], nil)
	if err != nil || len(plain) < 13 {
		return link{}, errBadLink
	}
	l := link{expires: time.Unix(int64(binary.BigEndian.Uint64(plain)), 0),
		index: int(binary.BigEndian.Uint32(plain[8:]))}
	rest := plain[12:]
	for i, ch := range rest {
		if ch == 0 {
			l.message, l.token = string(rest[:i]), string(rest[i+1:])
			break
		}
	}
	if l.token == "" || !now.Before(l.expires) {
		return link{}, errBadLink
	}
	return l, nil
}

// StateStore keeps a channel's small values: ChannelState returns an error
// wrapping channels.ErrNotFound for an unset one (gateway.NewChannelState
// adapts store/bolt's DB).
type StateStore interface {
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
}

// LoadSecret returns the channel's secret kept in st (for Options.Secret),
// making a random one on first use, so that issued tokens and download
// links outlive a restart.
func LoadSecret(ctx context.Context, st StateStore) ([]byte, error) {
	v, err := st.ChannelState(Name, "secret")
	if err == nil && len(v) == 32 {
		return v, nil
	}
	if err != nil && !errors.Is(err, channels.ErrNotFound) {
		return nil, fmt.Errorf("web: secret: %w", err)
	}
	v = make([]byte, 32)
	_, _ = rand.Read(v)
	if err := st.SetChannelState(ctx, Name, "secret", v); err != nil {
		return nil, fmt.Errorf("web: secret: %w", err)
	}
	return v, nil
}
