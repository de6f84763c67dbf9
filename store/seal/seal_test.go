package seal

import (
	"encoding/hex"
	"testing"
)

// The look-up keys are stored: a change of the scheme would orphan every
// binding, dedupe key and access code of every store. These vectors pin it
// (HMAC-SHA256 of kind, then each part after a zero byte).
func TestMACVectors(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	x := NewIndex(key)
	for _, c := range []struct {
		name string
		got  []byte
		want string
	}{
		{"endpoint", x.MAC("ep", "web", "Adresse"), "44291a73606c0ffec9adce46335de02de001b3218924f00e73c0668e3135325f"},
		{"case secret typed loosely", x.CaseSecret("AB-2026-000001", " k7x-4qp"), "64534faeeaebdc5e3b81518e7202af2e4b6951606ddc05e3e5567f062deb595d"},
		{"link without parts", x.Link(), "bbcfe98718a94edde3695c7fc410bab7a49cb954b8243329c7b05eb192795230"},
	} {
		if hex.EncodeToString(c.got) != c.want {
			t.Errorf("%s: %x, want %s", c.name, c.got, c.want)
		}
	}
	if string(x.MAC("ep", "a", "bc")) == string(x.MAC("ep", "ab", "c")) {
		t.Error("parts are not kept apart")
	}
}
