package dialog

import (
	"crypto/rand"
	"fmt"
	"io"
	"regexp"
	"strings"
)

var (
	// refPattern finds a case reference like "AB-2026-000042" in a message.
	refPattern = regexp.MustCompile(`(?i)\b[a-z]{1,5}-[0-9]{4}-[0-9]{6}\b`)
	// secretPattern finds an access code like "K7P3-M9QX" or "k7p3m9qx".
	secretPattern = regexp.MustCompile(`(?i)\b[2-9a-hjkmnp-z]{4}-?[2-9a-hjkmnp-z]{4}\b`)
)

// findRef returns the first case reference in text, upper-cased, or "".
func findRef(text string) string {
	return strings.ToUpper(refPattern.FindString(text))
}

// findSecret returns the first access code in text outside any case
// reference, upper-cased and without its hyphen, or "". A code holds at
// least one digit, so an eight-letter word is none.
func findSecret(text string) string {
	text = refPattern.ReplaceAllString(text, " ")
	for _, m := range secretPattern.FindAllString(text, -1) {
		s := strings.ToUpper(strings.ReplaceAll(m, "-", ""))
		if strings.ContainsAny(s, "23456789") {
			return s
		}
	}
	return ""
}

// secretAlphabet has no letters or digits that are easily confused (0/O,
// 1/I/L), so a code can be read out on the phone.
const secretAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// secretLen is the number of characters of a case's access code: 31^8 ≈ 2^40.
const secretLen = 8

// newSecret draws an access code like "K7P3M9QX" with at least one digit
// (so it cannot be mistaken for a word) from r.
func newSecret(r io.Reader) (string, error) {
	buf := make([]byte, 1)
	for {
		var b strings.Builder
		digit := false
		for b.Len() < secretLen {
			if _, err := io.ReadFull(r, buf); err != nil {
				return "", fmt.Errorf("dialog: case secret: %w", err)
			}
			if int(buf[0]) >= 256/len(secretAlphabet)*len(secretAlphabet) {
				continue // rejection sampling keeps the draw uniform
			}
			c := secretAlphabet[int(buf[0])%len(secretAlphabet)]
			digit = digit || c <= '9'
			b.WriteByte(c)
		}
		if digit {
			return b.String(), nil
		}
	}
}

// showSecret groups a code for reading: "K7P3-M9QX".
func showSecret(s string) string {
	if len(s) != secretLen {
		return s
	}
	return s[:4] + "-" + s[4:]
}

// randReader is the engine's randomness: Options.Rand or crypto/rand.
func randReader(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}
