package gateway

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
	"time"
)

func testMAC(key string) LinkMAC {
	return func(parts ...string) []byte {
		h := hmac.New(sha256.New, []byte(key))
		h.Write([]byte(strings.Join(parts, "\x00")))
		return h.Sum(nil)
	}
}

func TestLinkCodes(t *testing.T) {
	l := NewLinks(testMAC("k1"), 30*time.Minute)
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	conv := "0123456789abcdef0123456789abcdef"
	code := l.LinkCode(conv, now)
	if len(code) > 64 || strings.ContainsAny(code, "+/=") {
		t.Fatalf("code %q does not fit a Telegram /start payload", code)
	}
	if got, ok, _ := l.resolve(code, now.Add(29*time.Minute)); !ok || got != conv {
		t.Fatalf("resolve: %q %v", got, ok)
	}
	if _, ok, _ := l.resolve(code, now.Add(32*time.Minute)); ok {
		t.Fatal("an expired code resolved")
	}
	if _, ok, _ := NewLinks(testMAC("other"), time.Hour).resolve(code, now); ok {
		t.Fatal("a code resolved under another key")
	}
	forged := []byte(code)
	forged[3] ^= 1
	if _, ok, _ := l.resolve(string(forged), now); ok {
		t.Fatal("a changed code resolved")
	}
	if l.LinkCode("not-hex", now) != "" {
		t.Fatal("a code for a malformed id")
	}
}
