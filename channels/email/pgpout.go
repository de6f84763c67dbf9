package email

import (
	"bytes"
	gocrypto "crypto"
	"errors"
	"fmt"
	"mime"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
)

// signedBody wraps a MIME entity into an RFC 3156 multipart/signed body
// with the portal's detached signature over the entity's exact bytes. It
// returns the Content-Type of the result and its body.
func signedBody(inner mimeEntity, signer *crypto.KeyRing) (string, []byte, error) {
	if inner.err != nil {
		return "", nil, inner.err
	}
	sig, err := signer.SignDetached(crypto.NewPlainMessage(inner.raw))
	if err != nil {
		return "", nil, fmt.Errorf("email: sign: %w", err)
	}
	armored, err := sig.GetArmored()
	if err != nil {
		return "", nil, fmt.Errorf("email: sign: %w", err)
	}
	h, rest, err := splitEntity(inner.raw)
	if err != nil {
		return "", nil, err
	}
	var sh message.Header
	sh.SetContentDisposition("attachment", map[string]string{"filename": "signature.asc"})
	sh.Set("Content-Description", "OpenPGP digital signature")
	sh.SetContentType("application/pgp-signature", map[string]string{"name": "signature.asc"})
	body, bd, err := multipartBody("This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n",
		multipartPart{h, rest}, multipartPart{sh.Header, []byte(crlf(armored))})
	if err != nil {
		return "", nil, err
	}
	// The signature holds only while the first part is what was signed.
	if !bytes.Contains(body, inner.raw) {
		return "", nil, errors.New("email: sign: the signed part was not written as signed")
	}
	ct := mime.FormatMediaType("multipart/signed", map[string]string{
		"protocol": "application/pgp-signature", "micalg": micalg(sig.GetBinary()), "boundary": bd,
	})
	return ct, body, nil
}

// encryptedBody signs a MIME entity with the portal key, encrypts it to
// the citizen's key and wraps it as RFC 3156 multipart/encrypted.
func encryptedBody(inner mimeEntity, to *crypto.KeyRing, signer *crypto.KeyRing) (string, []byte, error) {
	if inner.err != nil {
		return "", nil, inner.err
	}
	msg, err := to.Encrypt(crypto.NewPlainMessage(inner.raw), signer)
	if err != nil {
		return "", nil, fmt.Errorf("email: encrypt: %w", err)
	}
	armored, err := msg.GetArmored()
	if err != nil {
		return "", nil, fmt.Errorf("email: encrypt: %w", err)
	}
	var vh message.Header
	vh.Set("Content-Description", "PGP/MIME version identification")
	vh.SetContentType("application/pgp-encrypted", nil)
	var dh message.Header
	dh.SetContentDisposition("inline", map[string]string{"filename": "encrypted.asc"})
	dh.Set("Content-Description", "OpenPGP encrypted message")
	dh.SetContentType("application/octet-stream", map[string]string{"name": "encrypted.asc"})
	body, bd, err := multipartBody("This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n",
		multipartPart{vh.Header, []byte("Version: 1\r\n")}, multipartPart{dh.Header, []byte(crlf(armored))})
	if err != nil {
		return "", nil, err
	}
	ct := mime.FormatMediaType("multipart/encrypted", map[string]string{
		"protocol": "application/pgp-encrypted", "boundary": bd,
	})
	return ct, body, nil
}

// micalg names the hash of a binary signature for the micalg parameter.
func micalg(sig []byte) string {
	p, err := packet.Read(bytes.NewReader(sig))
	if s, ok := p.(*packet.Signature); err == nil && ok {
		switch s.Hash {
		case gocrypto.SHA224:
			return "pgp-sha224"
		case gocrypto.SHA384:
			return "pgp-sha384"
		case gocrypto.SHA512:
			return "pgp-sha512"
		case gocrypto.SHA3_256:
			return "pgp-sha3-256"
		case gocrypto.SHA3_512:
			return "pgp-sha3-512"
		}
	}
	return "pgp-sha256"
}

// crlf makes every line end in CRLF.
func crlf(s string) string {
	return string(canonical([]byte(s)))
}
