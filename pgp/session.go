package pgp

import (
	"crypto/cipher"
	"fmt"
	"time"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// SessionKey is one conversation's symmetric key. A conversation's stored
// records are OpenPGP symmetrically encrypted data packets under it; together
// with the wrapped key (a public-key encrypted session key packet) each forms
// a complete OpenPGP message.
type SessionKey struct {
	sk    *crypto.SessionKey
	block cipher.Block // the AES key schedule, made once (seipd.go); nil: gopenpgp seals
}

func newSessionKey(sk *crypto.SessionKey) *SessionKey {
	k := &SessionKey{sk: sk}
	if algo, err := sk.GetCipherFunc(); err == nil && !sk.V6 {
		k.block = aesBlock(algo, sk.Key)
	}
	return k
}

// NewSessionKey generates a random AES-256 session key.
func NewSessionKey() (*SessionKey, error) {
	sk, err := crypto.GenerateSessionKey()
	if err != nil {
		return nil, fmt.Errorf("pgp: session key: %w", err)
	}
	return newSessionKey(sk), nil
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
	return newSessionKey(sk), nil
}

// Seal encrypts plaintext under the session key (an SEIPD data packet).
// With an AES key (all this package makes) the packet is written directly
// (seipd.go), as gopenpgp would write it; Open and any OpenPGP reader take it.
func (k *SessionKey) Seal(plaintext []byte) ([]byte, error) {
	if k.block != nil {
		return sealSEIPD(k.block, plaintext, time.Now())
	}
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
