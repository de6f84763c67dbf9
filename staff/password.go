package staff

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"amtsbote/store"
)

// ArgonParams are the argon2id cost parameters for new password hashes;
// each stored hash keeps its own, so they can be raised later.
type ArgonParams struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultArgon follows RFC 9106's second recommended option: 3 passes over
// 64 MiB with 4 lanes.
var DefaultArgon = ArgonParams{Time: 3, Memory: 64 * 1024, Threads: 4}

const (
	saltBytes = 16
	keyBytes  = 32

	// MinPasswordChars is the shortest password accepted for an account.
	MinPasswordChars = 12
	maxPasswordBytes = 1024
)

// ErrWeakPassword is returned for a password shorter than MinPasswordChars.
var ErrWeakPassword = fmt.Errorf("the password needs at least %d characters", MinPasswordChars)

// HashPassword makes an argon2id hash of password with a new random salt.
func HashPassword(password string, p ArgonParams) (store.PasswordHash, error) {
	if utf8.RuneCountInString(password) < MinPasswordChars {
		return store.PasswordHash{}, ErrWeakPassword
	}
	if len(password) > maxPasswordBytes {
		return store.PasswordHash{}, errors.New("the password is too long")
	}
	salt := make([]byte, saltBytes)
	if _, err := rand.Read(salt); err != nil {
		return store.PasswordHash{}, err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyBytes)
	return store.PasswordHash{Time: p.Time, Memory: p.Memory, Threads: p.Threads, Salt: salt, Key: key}, nil
}

// CheckPassword reports whether password matches h, comparing in constant time.
func CheckPassword(h store.PasswordHash, password string) bool {
	if len(h.Key) == 0 || h.Time == 0 || h.Threads == 0 || len(password) > maxPasswordBytes {
		return false
	}
	key := argon2.IDKey([]byte(password), h.Salt, h.Time, h.Memory, h.Threads, uint32(len(h.Key)))
	return subtle.ConstantTimeCompare(key, h.Key) == 1
}

// checkPassword runs c.verify (CheckPassword) with at most cap(c.hashing)
// running at once: each takes Argon.Memory of RAM. With no account (h zero)
// it checks against a hash no password matches, so a login does not tell
// which usernames exist. The error is the context's, when the client went
// away before the check ran.
func (c *Console) checkPassword(ctx context.Context, h store.PasswordHash, password string) (bool, error) {
	select {
	case c.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-c.hashing }()
	if len(h.Key) == 0 {
		p := c.opts.Argon
		_ = c.verify(store.PasswordHash{Time: p.Time, Memory: p.Memory, Threads: p.Threads,
			Salt: make([]byte, saltBytes), Key: make([]byte, keyBytes)}, password)
		return false, nil
	}
	return c.verify(h, password), nil
}
