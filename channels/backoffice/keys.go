package backoffice

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// maxKeyFile bounds the size of a key file (a public key with many
// signatures is a few tens of kilobytes).
const maxKeyFile = 1 << 20

// LoadDepartmentKey reads a department's armored OpenPGP public key from
// path and checks it: one key, public only, not expired or revoked, and
// able to encrypt. It returns the key armored again, for
// Department.PublicKey.
func LoadDepartmentKey(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("backoffice: department key: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", fmt.Errorf("backoffice: department key %s: %w", path, err)
	}
	if len(data) > maxKeyFile {
		return "", fmt.Errorf("backoffice: department key %s: larger than %d bytes", path, maxKeyFile)
	}
	key, err := parsePublicKey(data)
	if err != nil {
		return "", fmt.Errorf("backoffice: department key %s: %w", path, err)
	}
	armored, err := key.GetArmoredPublicKey()
	if err != nil {
		return "", fmt.Errorf("backoffice: department key %s: %w", path, err)
	}
	return armored, nil
}

// parsePublicKey reads and checks one armored public key.
func parsePublicKey(armored []byte) (*crypto.Key, error) {
	key, err := crypto.NewKeyFromArmored(string(armored))
	if err != nil {
		return nil, fmt.Errorf("not one armored OpenPGP key: %w", err)
	}
	switch {
	case key.IsPrivate():
		return nil, errors.New("this is a private key: give the department's public key only (gpg --armor --export)")
	case key.IsRevoked():
		return nil, fmt.Errorf("key %s is revoked", key.GetFingerprint())
	case key.IsExpired():
		return nil, fmt.Errorf("key %s has expired", key.GetFingerprint())
	case !key.CanEncrypt():
		return nil, fmt.Errorf("key %s has no valid encryption subkey", key.GetFingerprint())
	}
	return key, nil
}
