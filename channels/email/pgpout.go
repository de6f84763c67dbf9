package email

import (
	"bytes"
	gocrypto "crypto"
	"fmt"
	"mime"

	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/ProtonMail/gopenpgp/v2/crypto"
)

// signedBody wraps a MIME entity into an RFC 3156 multipart/signed body
// with the portal's detached signature over the entity's exact bytes. It
// returns the Content-Type of the result and its body.
func signedBody(inner []byte, signer *crypto.KeyRing) (string, []byte, error) {
	sig, err := signer.SignDetached(crypto.NewPlainMessage(inner))
	if err != nil {
		return "", nil, fmt.Errorf("email: sign: %w", err)
	}
	armored, err := sig.GetArmored()
	if err != nil {
		return "", nil, fmt.Errorf("email: sign: %w", err)
	}
	bd := boundary()
	ct := mime.FormatMediaType("multipart/signed", map[string]string{
		"protocol": "application/pgp-signature", "micalg": micalg(sig.GetBinary()), "boundary": bd,
	})
	var b bytes.Buffer
	b.WriteString("This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n")
	b.WriteString("--" + bd + "\r\n")
	b.Write(inner)
	b.WriteString("\r\n--" + bd + "\r\n")
	writeHeader(&b, []headerField{
		{"Content-Type", `application/pgp-signature; name="signature.asc"`},
		{"Content-Description", "OpenPGP digital signature"},
		{"Content-Disposition", `attachment; filename="signature.asc"`},
	})
	b.WriteString(crlf(armored))
	b.WriteString("\r\n--" + bd + "--\r\n")
	return ct, b.Bytes(), nil
}

// encryptedBody signs a MIME entity with the portal key, encrypts it to
// the citizen's key and wraps it as RFC 3156 multipart/encrypted.
func encryptedBody(inner []byte, to *crypto.KeyRing, signer *crypto.KeyRing) (string, []byte, error) {
	msg, err := to.Encrypt(crypto.NewPlainMessage(inner), signer)
	if err != nil {
		return "", nil, fmt.Errorf("email: encrypt: %w", err)
	}
	armored, err := msg.GetArmored()
	if err != nil {
		return "", nil, fmt.Errorf("email: encrypt: %w", err)
	}
	bd := boundary()
	ct := mime.FormatMediaType("multipart/encrypted", map[string]string{
		"protocol": "application/pgp-encrypted", "boundary": bd,
	})
	var b bytes.Buffer
	b.WriteString("This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n")
	b.WriteString("--" + bd + "\r\n")
	writeHeader(&b, []headerField{
		{"Content-Type", "application/pgp-encrypted"},
		{"Content-Description", "PGP/MIME version identification"},
	})
	b.WriteString("Version: 1\r\n")
	b.WriteString("\r\n--" + bd + "\r\n")
	writeHeader(&b, []headerField{
		{"Content-Type", `application/octet-stream; name="encrypted.asc"`},
		{"Content-Description", "OpenPGP encrypted message"},
		{"Content-Disposition", `inline; filename="encrypted.asc"`},
	})
	b.WriteString(crlf(armored))
	b.WriteString("\r\n--" + bd + "--\r\n")
	return ct, b.Bytes(), nil
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
