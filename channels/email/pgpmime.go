package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/constants"
	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
)

// maxPGPBytes bounds an encrypted or signed body read into memory.
const maxPGPBytes = 64 << 20

// encrypted reads an RFC 3156 multipart/encrypted entity: a version part
// (application/pgp-encrypted) and the OpenPGP message, whose plaintext is a
// MIME entity that may carry protected headers.
func (p *parser) encrypted(e *message.Entity, params map[string]string, out *body, depth int) error {
	if !strings.EqualFold(params["protocol"], "application/pgp-encrypted") {
		return errEncryption
	}
	mr := e.MultipartReader()
	if mr == nil {
		return errEncryption
	}
	var payload []byte
	for i := 0; i < maxParts && payload == nil; i++ {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if mt, _, _ := part.Header.ContentType(); mt == "application/octet-stream" {
			b, err := io.ReadAll(io.LimitReader(part.Body, maxPGPBytes))
			if err != nil {
				return fmt.Errorf("%w: %v", errDecrypt, err)
			}
			payload = b
		}
	}
	if payload == nil {
		return fmt.Errorf("%w: no encrypted part", errDecrypt)
	}
	plain, signer, bad, err := p.decrypt(payload, p.mailLimit())
	if err != nil {
		return err
	}
	out.encrypted = true
	out.signature(signer, bad)
	inner, err := message.Read(bytes.NewReader(plain))
	if err != nil && (inner == nil || !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
		// Not a MIME entity: some clients encrypt bare text.
		out.text = append(out.text, toUTF8(plain))
		return nil
	}
	if s, err := inner.Header.Text("Subject"); err == nil && s != "" {
		out.subject = cleanLine(s)
	}
	return p.entity(inner, out, depth+1, false)
}

// decrypt decrypts an OpenPGP message (armored or binary) with the portal
// key, reading at most limit bytes of plaintext (errTooLarge beyond), and
// checks its signature against the sender's candidate keys. signer is the
// fingerprint of the key that verified; bad means a signature was there
// but verified with none of them.
func (p *parser) decrypt(payload []byte, limit int64) (plain []byte, signer string, bad bool, err error) {
	if p.ring == nil {
		return nil, "", false, errDecrypt
	}
	msg, err := pgpMessage(payload)
	if err != nil {
		return nil, "", false, fmt.Errorf("%w: %v", errDecrypt, err)
	}
	data := msg.GetBinary()
	if !encrypted(data) {
		return nil, "", false, fmt.Errorf("%w: not an encrypted message", errDecrypt)
	}
	// Verifying against the portal's own key tells "unsigned" from "signed by
	// someone we have no key for".
	plain, sigErr, err := p.open(data, p.ring, limit)
	if err != nil {
		return nil, "", false, err
	}
	if status, _ := signatureStatus(sigErr); status == constants.SIGNATURE_NOT_SIGNED {
		return plain, "", false, nil
	}
	for _, k := range p.verify {
		vr, err := crypto.NewKeyRing(k)
		if err != nil {
			continue
		}
		if p.verifies(data, vr, int64(len(plain))) {
			return plain, k.GetFingerprint(), false, nil
		}
	}
	return plain, "", true, nil
}

// mailLimit is the most plaintext the decryptions of one mail may yield.
func (p *parser) mailLimit() int64 {
	if p.maxMail > 0 {
		return p.maxMail
	}
	return DefaultMaxMailPlaintextBytes
}

// open decrypts data with the portal key and returns the plaintext and the
// outcome of verifying its signature with verify. A compressed message can
// unpack to far more than it is: open reads the plaintext through a limit,
// the smaller of limit and what is left of the mail's budget, and counts
// what it read against that budget; beyond it, the mail is too large.
func (p *parser) open(data []byte, verify *crypto.KeyRing, limit int64) (plain []byte, sigErr, err error) {
	limit = min(limit, max(p.mailLimit()-p.used, 0))
	r, err := p.ring.DecryptStream(bytes.NewReader(data), verify, p.now.Unix())
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errDecrypt, err)
	}
	plain, err = io.ReadAll(io.LimitReader(r, limit+1))
	p.used += int64(len(plain))
	if int64(len(plain)) > limit {
		return nil, nil, fmt.Errorf("%w: the plaintext of an encrypted part exceeds %d bytes", errTooLarge, limit)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errDecrypt, err)
	}
	return plain, r.VerifySignature(), nil
}

// verifies decrypts data once more, as open did, and reports whether its
// signature verifies with vr. The plaintext, n bytes the first time, is
// read through a limit and not kept.
func (p *parser) verifies(data []byte, vr *crypto.KeyRing, n int64) bool {
	r, err := p.ring.DecryptStream(bytes.NewReader(data), vr, p.now.Unix())
	if err != nil {
		return false
	}
	if m, err := io.Copy(io.Discard, io.LimitReader(r, n+1)); err != nil || m != n {
		return false
	}
	return r.VerifySignature() == nil
}

// encrypted reports whether data is an OpenPGP message encrypted to a
// public key: key packets, then the encrypted data. A message that is only
// compressed or signed is not.
func encrypted(data []byte) bool {
	r := packet.NewReader(bytes.NewReader(data))
	keys := 0
	for i := 0; i < 64; i++ {
		pk, err := r.Next()
		if err != nil {
			return false
		}
		switch pk.(type) {
		case *packet.EncryptedKey:
			keys++
		case *packet.SymmetricKeyEncrypted:
		case *packet.SymmetricallyEncrypted, *packet.AEADEncrypted:
			return keys > 0
		default:
			return false
		}
	}
	return false
}

// signatureStatus reads the result of a decryption with verification: ok
// is true when it decrypted (err is nil or only about the signature).
func signatureStatus(err error) (status int, ok bool) {
	if err == nil {
		return constants.SIGNATURE_OK, true
	}
	var sve crypto.SignatureVerificationError
	if errors.As(err, &sve) {
		return sve.Status, true
	}
	return 0, false
}

// pgpMessage reads an armored or binary OpenPGP message.
func pgpMessage(b []byte) (*crypto.PGPMessage, error) {
	if i := bytes.Index(b, []byte("-----BEGIN PGP MESSAGE-----")); i >= 0 {
		return crypto.NewPGPMessageFromArmored(string(b[i:]))
	}
	return crypto.NewPGPMessage(b), nil
}

// decryptFile decrypts an attached file encrypted on its own ("x.pdf.pgp").
// A file that does not decrypt stays as it is (ok is false); one whose
// plaintext exceeds the attachment limit or the mail's budget makes the
// mail too large.
func (p *parser) decryptFile(data []byte, name string) (plain []byte, plainName string, ok bool, err error) {
	lower := strings.ToLower(name)
	var base string
	for _, ext := range []string{".pgp", ".gpg", ".asc"} {
		if strings.HasSuffix(lower, ext) {
			base = name[:len(name)-len(ext)]
		}
	}
	if base == "" || p.ring == nil {
		return nil, "", false, nil
	}
	msg, err := pgpMessage(data)
	if err != nil || !encrypted(msg.GetBinary()) {
		return nil, "", false, nil
	}
	plain, _, err = p.open(msg.GetBinary(), p.ring, p.maxAttach)
	if errors.Is(err, errTooLarge) {
		return nil, "", false, err
	}
	if err != nil {
		return nil, "", false, nil
	}
	return plain, base, true, nil
}
