package pgp

import (
	"fmt"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// SessionKey is one conversation's symmetric key. A conversation's stored
// records are OpenPGP symmetrically encrypted data packets under it; together
// with the wrapped key (a public-key encrypted session key packet) each forms
// a complete OpenPGP message.
type SessionKey struct{ sk *crypto.SessionKey }

// NewSessionKey generates a random AES-256 session key.
func NewSessionKey() (*SessionKey, error) {
	sk, err := crypto.GenerateSessionKey()
	if err != nil {
		return nil, fmt.Errorf("pgp: session key: %w", err)
	}
	return &SessionKey{sk: sk}, nil
}

// Wrap encrypts the session key to the portal key (a PKESK packet).
func (p *Portal) Wrap(k *SessionKey) ([]byte, error) {
	packet, err := p.ring.EncryptSessionKey(k.sk)
	if err != nil {
		return nil, fmt.Errorf("pgp: wrap session key: %w", err)
	}
	return packet, nil
}

// Unwrap decrypts a session key packet made by Wrap.
func (p *Portal) Unwrap(packet []byte) (*SessionKey, error) {
	sk, err := p.ring.DecryptSessionKey(packet)
	if err != nil {
		return nil, fmt.Errorf("pgp: unwrap session key: %w", err)
	}
	return &SessionKey{sk: sk}, nil
}

// Seal encrypts plaintext under the session key (an SEIPD data packet).
func (k *SessionKey) Seal(plaintext []byte) ([]byte, error) {
	data, err := k.sk.Encrypt(crypto.NewPlainMessage(plaintext))
	if err != nil {
		return nil, fmt.Errorf("pgp: seal: %w", err)
	}
	return data, nil
}

// Open decrypts a data packet made by Seal and checks its integrity.
func (k *SessionKey) Open(packet []byte) ([]byte, error) {
	msg, err := k.sk.Decrypt(packet)
	if err != nil {
		return nil, fmt.Errorf("pgp: open: %w", err)
	}
	return msg.GetBinary(), nil
}
