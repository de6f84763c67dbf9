package email

import (
	"encoding/base64"
	"strings"
)

// autocrypt is a parsed Autocrypt header (Autocrypt Level 1, section 2.1).
type autocrypt struct {
	addr string
	key  []byte // binary public key
}

// parseAutocrypt reads an Autocrypt header value. A header with an unknown
// critical attribute (one not starting with '_') must be ignored.
func parseAutocrypt(v string) (autocrypt, bool) {
	var a autocrypt
	for _, attr := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(attr), "=")
		if !ok {
			continue
		}
		switch k = strings.ToLower(strings.TrimSpace(k)); k {
		case "addr":
			a.addr = strings.ToLower(strings.TrimSpace(val))
		case "prefer-encrypt":
		case "keydata":
			clean := strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
					return -1
				}
				return r
			}, val)
			b, err := base64.StdEncoding.DecodeString(clean)
			if err != nil {
				return autocrypt{}, false
			}
			a.key = b
		default:
			if !strings.HasPrefix(k, "_") {
				return autocrypt{}, false
			}
		}
	}
	return a, a.addr != "" && len(a.key) > 0
}

// formatAutocrypt returns the Autocrypt header value announcing key for
// addr, the key data in pieces of 72 characters with a space before each:
// the header writer folds the value at these spaces.
func formatAutocrypt(addr string, key []byte) string {
	data := base64.StdEncoding.EncodeToString(key)
	var b strings.Builder
	b.WriteString("addr=" + addr + "; prefer-encrypt=mutual; keydata=")
	for len(data) > 0 {
		n := min(len(data), 72)
		b.WriteString(" ")
		b.WriteString(data[:n])
		data = data[n:]
	}
	return b.String()
}
