package pgp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// NextKeyFile holds a new portal key while a rotation is under way.
const NextKeyFile = "portal-key.next.asc"

// Info describes the portal key.
type Info struct {
	Fingerprint string
	KeyID       string
	Created     time.Time
	Algorithm   string
	UserID      string
}

// Info returns facts about the portal key for `amtsbote keys show`.
func (p *Portal) Info() Info {
	e := p.key.GetEntity()
	info := Info{Fingerprint: p.key.GetFingerprint(), KeyID: p.key.GetHexKeyID(), Created: e.PrimaryKey.CreationTime}
	switch e.PrimaryKey.PubKeyAlgo {
	case 22:
		info.Algorithm = "EdDSA (Ed25519) with an X25519 encryption subkey"
	default:
		info.Algorithm = fmt.Sprintf("OpenPGP algorithm %d", e.PrimaryKey.PubKeyAlgo)
	}
	for name := range e.Identities {
		info.UserID = name
		break
	}
	return info
}

// GenerateNext makes a new portal key locked with the same passphrase and
// writes it to NextKeyFile; CommitNext puts it in place once the store is
// re-wrapped to it.
func GenerateNext(opts Options, current *Portal) (*Portal, error) {
	pass, err := passphrase(opts)
	if err != nil {
		return nil, err
	}
	info := current.Info()
	key, err := crypto.GenerateKey("Amtsbote", emailOf(info.UserID), "x25519", 0)
	if err != nil {
		return nil, fmt.Errorf("pgp: generate key: %w", err)
	}
	locked, err := key.Lock(pass)
	if err != nil {
		return nil, fmt.Errorf("pgp: lock key: %w", err)
	}
	armored, err := locked.Armor()
	if err != nil {
		return nil, fmt.Errorf("pgp: armor key: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(opts.Dir, NextKeyFile), []byte(armored)); err != nil {
		return nil, fmt.Errorf("pgp: write next key: %w", err)
	}
	return newPortal(key)
}

// LoadNext unlocks the key of an interrupted rotation, if there is one.
func LoadNext(opts Options) (*Portal, error) {
	armored, err := os.ReadFile(filepath.Join(opts.Dir, NextKeyFile))
	if err != nil {
		return nil, fmt.Errorf("pgp: next key: %w", err)
	}
	pass, err := passphrase(opts)
	if err != nil {
		return nil, err
	}
	return unlock(string(armored), pass)
}

// CommitNext retires the current key file (kept as
// portal-key.retired-<time>.asc, for old backups) and makes the next key
// the portal key.
func CommitNext(dir string, now time.Time) (retired string, err error) {
	cur := filepath.Join(dir, KeyFile)
	retired = filepath.Join(dir, "portal-key.retired-"+now.UTC().Format("20060102T150405Z")+".asc")
	if err := os.Rename(cur, retired); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("pgp: retire key: %w", err)
	}
	if err := os.Rename(filepath.Join(dir, NextKeyFile), cur); err != nil {
		return "", fmt.Errorf("pgp: install next key: %w", err)
	}
	return retired, syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func passphrase(opts Options) ([]byte, error) {
	if len(opts.Passphrase) > 0 {
		return opts.Passphrase, nil
	}
	return readPassphrase(filepath.Join(opts.Dir, PassphraseFile))
}

func emailOf(userID string) string {
	for i := len(userID) - 1; i >= 0; i-- {
		if userID[i] == '<' {
			if j := len(userID) - 1; userID[j] == '>' {
				return userID[i+1 : j]
			}
		}
	}
	return "amtsbote@localhost"
}
