package pgp

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// OpenPGP packet tags (RFC 9580, section 5) written by sealSEIPD.
const (
	tagLiteral = 11 // literal data
	tagSEIPD   = 18 // symmetrically encrypted and integrity protected data
	tagMDC     = 19 // modification detection code
)

// aesBlock is the key schedule of an AES session key, made once per key and
// reused by every Seal (a cipher.Block is safe for concurrent use); nil for
// other ciphers, which Seal leaves to gopenpgp.
func aesBlock(algo packet.CipherFunction, key []byte) cipher.Block {
	switch algo {
	case packet.CipherAES128, packet.CipherAES192, packet.CipherAES256:
	default:
		return nil
	}
	if len(key) != algo.KeySize() {
		return nil
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	return b
}

// sealSEIPD writes what gopenpgp's SessionKey.Encrypt writes, save the length
// encoding, in one pass into one buffer: a version 1 SEIPD packet (OpenPGP CFB without
// resynchronisation, a random prefix, an MDC) holding an uncompressed binary
// literal data packet with no file name. Lengths are definite instead of
// gopenpgp's partial lengths; readers take both (RFC 9580, 4.2.1).
func sealSEIPD(block cipher.Block, plaintext []byte, now time.Time) ([]byte, error) {
	bs := block.BlockSize()
	litBody := 1 + 1 + 4 + len(plaintext) // format, name length, time, data
	lit := headerLen(litBody) + litBody
	seipdBody := 1 + bs + 2 + lit + 2 + sha1.Size // version, prefix, literal, MDC packet
	out := make([]byte, 0, headerLen(seipdBody)+seipdBody)
	out = appendHeader(out, tagSEIPD, seipdBody)
	out = append(out, 1) // SEIPD version 1

	// OpenPGP CFB without resynchronisation is CFB with a zero IV over the
	// random prefix (a block, its last two bytes repeated) and the rest.
	start := len(out)
	out = out[:start+bs]
	if _, err := rand.Read(out[start:]); err != nil {
		return nil, fmt.Errorf("pgp: seal: %w", err)
	}
	out = append(out, out[start+bs-2], out[start+bs-1])
	out = appendHeader(out, tagLiteral, litBody)
	out = append(out, 'b', 0)
	out = binary.BigEndian.AppendUint32(out, uint32(now.Unix()))
	out = append(out, plaintext...)
	out = append(out, 0xC0|tagMDC, sha1.Size)
	mdc := sha1.Sum(out[start:]) // prefix, literal packet and the MDC header
	out = append(out, mdc[:]...)
	var zero [aes.BlockSize]byte
	cipher.NewCFBEncrypter(block, zero[:bs]).XORKeyStream(out[start:], out[start:])
	return out, nil
}

// headerLen is the length of a new-format packet header for a body of n bytes.
func headerLen(n int) int {
	switch {
	case n < 192:
		return 2
	case n < 8384:
		return 3
	default:
		return 6
	}
}

// appendHeader appends a new-format packet header with a definite length.
func appendHeader(b []byte, tag byte, n int) []byte {
	b = append(b, 0xC0|tag)
	switch {
	case n < 192:
		return append(b, byte(n))
	case n < 8384:
		n -= 192
		return append(b, byte(n>>8)+192, byte(n))
	default:
		return binary.BigEndian.AppendUint32(append(b, 0xFF), uint32(n))
	}
}
