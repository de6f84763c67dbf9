// Package pgp holds the portal's OpenPGP key and the per-conversation session
// keys that everything stored is encrypted with (gopenpgp/v2).
package pgp

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// File names of the portal key in the data directory.
const (
	KeyFile        = "portal-key.asc"  // the private key, locked with the passphrase
	PassphraseFile = "portal-key.pass" // a generated passphrase, when none is configured
)

// Portal is the portal's unlocked OpenPGP key, kept in memory.
type Portal struct {
	key  *crypto.Key
	ring *crypto.KeyRing
}

// Options say where the key lives and how it is unlocked.
type Options struct {
	Dir        string // data directory
	Passphrase []byte // from AMTSBOTE_KEY_PASSPHRASE; empty means use or create PassphraseFile
	Name       string // user id name for a new key
	Email      string // user id email for a new key
	Log        *slog.Logger
}

// ErrWrongPassphrase is returned when the key file cannot be unlocked.
var ErrWrongPassphrase = errors.New("the portal key cannot be unlocked with the configured passphrase")

// LoadOrCreate unlocks the portal key in opts.Dir, generating a Curve25519 key
// (and, when no passphrase is configured, a random passphrase in a 0600 file)
// on first start.
func LoadOrCreate(opts Options) (*Portal, error) {
	log := opts.Log
	if log == nil {
		log = slog.Default()
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("pgp: create data dir: %w", err)
	}
	keyPath := filepath.Join(opts.Dir, KeyFile)
	passPath := filepath.Join(opts.Dir, PassphraseFile)
	armored, err := os.ReadFile(keyPath)
	switch {
	case err == nil:
		pass := opts.Passphrase
		if len(pass) == 0 {
			pass, err = readPassphrase(passPath)
			if err != nil {
				return nil, err
			}
		}
		return unlock(string(armored), pass)
	case errors.Is(err, os.ErrNotExist):
		return create(opts, keyPath, passPath, log)
	default:
		return nil, fmt.Errorf("pgp: read %s: %w", keyPath, err)
	}
}

func readPassphrase(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("pgp: the portal key is locked and neither AMTSBOTE_KEY_PASSPHRASE nor %s is there", path)
	}
	if err != nil {
		return nil, fmt.Errorf("pgp: read passphrase file: %w", err)
	}
	return []byte(strings.TrimSpace(string(b))), nil
}

func unlock(armored string, pass []byte) (*Portal, error) {
	locked, err := crypto.NewKeyFromArmored(armored)
	if err != nil {
		return nil, fmt.Errorf("pgp: portal key file is not an OpenPGP key: %w", err)
	}
	key, err := locked.Unlock(pass)
	if err != nil {
		return nil, fmt.Errorf("pgp: %w", ErrWrongPassphrase)
	}
	return newPortal(key)
}

func create(opts Options, keyPath, passPath string, log *slog.Logger) (*Portal, error) {
	pass := opts.Passphrase
	if len(pass) == 0 {
		raw := make([]byte, 24)
		if _, err := rand.Read(raw); err != nil {
			return nil, fmt.Errorf("pgp: random passphrase: %w", err)
		}
		pass = []byte(hex.EncodeToString(raw))
		if err := writeFileAtomic(passPath, append(append([]byte{}, pass...), '\n')); err != nil {
			return nil, fmt.Errorf("pgp: write passphrase file: %w", err)
		}
		log.Warn("AMTSBOTE_KEY_PASSPHRASE is not set: generated a passphrase and stored it beside the key; set the variable in production",
			"component", "pgp", "file", passPath)
	}
	name, email := opts.Name, opts.Email
	if name == "" {
		name = "Amtsbote"
	}
	if email == "" {
		email = "amtsbote@localhost"
	}
	key, err := crypto.GenerateKey(name, email, "x25519", 0)
	if err != nil {
		return nil, fmt.Errorf("pgp: generate portal key: %w", err)
	}
	locked, err := key.Lock(pass)
	if err != nil {
		return nil, fmt.Errorf("pgp: lock portal key: %w", err)
	}
	armored, err := locked.Armor()
	if err != nil {
		return nil, fmt.Errorf("pgp: armor portal key: %w", err)
	}
	if err := writeFileAtomic(keyPath, []byte(armored)); err != nil {
		return nil, fmt.Errorf("pgp: write portal key: %w", err)
	}
	log.Info("generated the portal's OpenPGP key", "component", "pgp", "fingerprint", key.GetFingerprint())
	return newPortal(key)
}

// writeFileAtomic writes data to a 0600 file next to path, syncs it and
// renames it into place, so a crash never leaves half a key.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func newPortal(key *crypto.Key) (*Portal, error) {
	ring, err := crypto.NewKeyRing(key)
	if err != nil {
		return nil, fmt.Errorf("pgp: key ring: %w", err)
	}
	return &Portal{key: key, ring: ring}, nil
}

// Fingerprint is the portal key's fingerprint in hex.
func (p *Portal) Fingerprint() string { return p.key.GetFingerprint() }

// ArmoredPublicKey returns the portal's public key, ASCII-armored.
func (p *Portal) ArmoredPublicKey() (string, error) {
	s, err := p.key.GetArmoredPublicKey()
	if err != nil {
		return "", fmt.Errorf("pgp: public key: %w", err)
	}
	return s, nil
}

// KeyRing returns the portal's unlocked key ring, for signing and decrypting mail.
func (p *Portal) KeyRing() *crypto.KeyRing { return p.ring }

// EncryptMessage encrypts data to the portal key as a complete OpenPGP message.
func (p *Portal) EncryptMessage(data []byte) ([]byte, error) {
	msg, err := p.ring.Encrypt(crypto.NewPlainMessage(data), nil)
	if err != nil {
		return nil, fmt.Errorf("pgp: encrypt: %w", err)
	}
	return msg.GetBinary(), nil
}

// DecryptMessage decrypts a complete OpenPGP message made by EncryptMessage.
func (p *Portal) DecryptMessage(data []byte) ([]byte, error) {
	msg, err := p.ring.Decrypt(crypto.NewPGPMessage(data), nil, 0)
	if err != nil {
		return nil, fmt.Errorf("pgp: decrypt: %w", err)
	}
	return msg.GetBinary(), nil
}

// SignDetached makes an armored detached signature of data with the portal key.
func (p *Portal) SignDetached(data []byte) (string, error) {
	sig, err := p.ring.SignDetached(crypto.NewPlainMessage(data))
	if err != nil {
		return "", fmt.Errorf("pgp: sign: %w", err)
	}
	armored, err := sig.GetArmored()
	if err != nil {
		return "", fmt.Errorf("pgp: sign: %w", err)
	}
	return armored, nil
}

// VerifyDetached checks an armored detached signature made by SignDetached.
func (p *Portal) VerifyDetached(data []byte, armored string) error {
	sig, err := crypto.NewPGPSignatureFromArmored(armored)
	if err != nil {
		return fmt.Errorf("pgp: verify: %w", err)
	}
	if err := p.ring.VerifyDetached(crypto.NewPlainMessage(data), sig, crypto.GetUnixTime()); err != nil {
		return fmt.Errorf("pgp: verify: %w", err)
	}
	return nil
}
