package gateway

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// LinkMAC is a keyed MAC over the parts of a link code (the store's index
// key, so codes survive restarts and nothing needs storing).
type LinkMAC func(parts ...string) []byte

// Links makes and checks the codes with which a citizen continues a
// conversation on another channel: the conversation id, an expiry and a
// MAC, base64url (38 characters, within Telegram's /start payload limit).
// It implements dialog.LinkCodes and the Telegram channel's Linker.
type Links struct {
	mac LinkMAC
	ttl time.Duration
}

// NewLinks makes codes valid for ttl.
func NewLinks(mac LinkMAC, ttl time.Duration) *Links { return &Links{mac: mac, ttl: ttl} }

const linkMACBytes = 8

// LinkCode returns a code for conversation valid from now for the ttl.
func (l *Links) LinkCode(conversation string, now time.Time) string {
	id, err := hex.DecodeString(conversation)
	if err != nil || len(id) != 16 {
		return ""
	}
	exp := uint32(now.Add(l.ttl).Unix() / 60)
	b := append(id, binary.BigEndian.AppendUint32(nil, exp)...)
	b = append(b, l.mac(string(b))[:linkMACBytes]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Resolve returns the conversation a code names, if it is genuine and not
// expired.
func (l *Links) Resolve(_ context.Context, code string) (string, bool, error) {
	return l.resolve(code, time.Now())
}

func (l *Links) resolve(code string, now time.Time) (string, bool, error) {
	b, err := base64.RawURLEncoding.DecodeString(code)
	if err != nil || len(b) != 16+4+linkMACBytes {
		return "", false, nil
	}
	body, sum := b[:20], b[20:]
	if !hmac.Equal(sum, l.mac(string(body))[:linkMACBytes]) {
		return "", false, nil
	}
	if int64(binary.BigEndian.Uint32(body[16:]))*60 < now.Unix() {
		return "", false, nil
	}
	return hex.EncodeToString(body[:16]), true, nil
}
