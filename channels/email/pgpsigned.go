package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
)

// Signed mail: an RFC 3156 multipart/signed entity verified against its
// detached signature, and OpenPGP inline in a text body (a clear-signed
// text, an inline encrypted message, a pasted public key). The decryption
// itself is in pgpmime.go.

// signed reads an RFC 3156 multipart/signed entity: the first part is
// verified, byte for byte, against the detached signature in the second.
func (p *parser) signed(e *message.Entity, params map[string]string, out *body, depth int) error {
	raw, err := io.ReadAll(io.LimitReader(e.Body, maxPGPBytes))
	if err != nil {
		return nil
	}
	first, second, err := splitSigned(raw, params["boundary"])
	if err != nil {
		// Not the structure it claims; read what it has as a plain multipart.
		me, merr := message.New(e.Header, bytes.NewReader(raw))
		if merr != nil && me == nil {
			return nil
		}
		return p.multipart(me, out, depth, false)
	}
	inner, err := message.Read(bytes.NewReader(first))
	if err != nil && (inner == nil || !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
		return nil
	}
	if err := p.entity(inner, out, depth+1, false); err != nil {
		return err
	}
	if !strings.EqualFold(params["protocol"], "application/pgp-signature") {
		return nil
	}
	sigEntity, err := message.Read(bytes.NewReader(second))
	if err != nil && sigEntity == nil {
		out.badSig = true
		return nil
	}
	sigData, _ := io.ReadAll(io.LimitReader(sigEntity.Body, maxKeyBytes))
	signer := p.verifyDetached(canonical(first), sigData)
	out.signature(signer, signer == "")
	return nil
}

// verifyDetached returns the fingerprint of the candidate key that made
// the (armored or binary) signature over data, or "".
func (p *parser) verifyDetached(data, sig []byte) string {
	var s *crypto.PGPSignature
	if i := bytes.Index(sig, []byte("-----BEGIN PGP SIGNATURE-----")); i >= 0 {
		var err error
		if s, err = crypto.NewPGPSignatureFromArmored(string(sig[i:])); err != nil {
			return ""
		}
	} else {
		s = crypto.NewPGPSignature(sig)
	}
	for _, k := range p.verify {
		vr, err := crypto.NewKeyRing(k)
		if err != nil {
			continue
		}
		if vr.VerifyDetached(crypto.NewPlainMessage(data), s, p.now.Unix()) == nil {
			return k.GetFingerprint()
		}
	}
	return ""
}

// canonical turns bare LF line ends into CRLF, the form signatures of MIME
// parts are made over (RFC 3156 section 5).
func canonical(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b) + len(b)/32)
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out.WriteByte('\r')
		}
		out.WriteByte(c)
	}
	return out.Bytes()
}

// splitSigned returns the raw bytes of the first two body parts of a
// multipart body: everything between a delimiter line and the line break
// before the next delimiter (RFC 2046 section 5.1.1).
func splitSigned(raw []byte, boundary string) (first, second []byte, err error) {
	if boundary == "" || len(boundary) > 200 {
		return nil, nil, errors.New("bad boundary")
	}
	delim := []byte("--" + boundary)
	var parts [][]byte
	start := -1 // where the current part's content begins
	for i := 0; i <= len(raw) && len(parts) < 2; {
		j := bytes.Index(raw[i:], delim)
		if j < 0 {
			break
		}
		j += i
		i = j + len(delim)
		if j > 0 && raw[j-1] != '\n' {
			continue // not at the start of a line
		}
		rest := raw[i:]
		closing := bytes.HasPrefix(rest, []byte("--"))
		if closing {
			rest = rest[2:]
		}
		eol := bytes.IndexByte(rest, '\n')
		line := rest
		if eol >= 0 {
			line = rest[:eol]
		}
		if len(bytes.TrimRight(line, " \t\r")) != 0 {
			continue // the boundary is only the prefix of a longer line
		}
		if start >= 0 {
			end := j
			if end > start && raw[end-1] == '\n' {
				end--
				if end > start && raw[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, raw[start:end])
		}
		if closing || eol < 0 {
			break
		}
		start = len(raw) - len(rest) + eol + 1
		i = start
	}
	if len(parts) < 2 {
		return nil, nil, errors.New("fewer than two parts")
	}
	return parts[0], parts[1], nil
}

// inline decrypts an inline PGP message and verifies a clear-signed text in
// a plain-text body, replacing the armored block by its text, and takes a
// public key pasted into the text.
func (p *parser) inline(s string, out *body) (string, error) {
	const (
		beginMsg  = "-----BEGIN PGP MESSAGE-----"
		endMsg    = "-----END PGP MESSAGE-----"
		beginSign = "-----BEGIN PGP SIGNED MESSAGE-----"
		endSig    = "-----END PGP SIGNATURE-----"
		beginKey  = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
		endKey    = "-----END PGP PUBLIC KEY BLOCK-----"
	)
	// A key pasted into the text is offered like an attached one.
	if i := strings.Index(s, beginKey); i >= 0 {
		if j := strings.Index(s[i:], endKey); j >= 0 && j < maxKeyBytes {
			j += i + len(endKey)
			out.keys = append(out.keys, []byte(s[i:j]))
			s = s[:i] + s[j:]
		}
	}
	if i := strings.Index(s, beginMsg); i >= 0 {
		j := strings.Index(s[i:], endMsg)
		if j < 0 {
			return "", fmt.Errorf("%w: inline message not terminated", errDecrypt)
		}
		j += i + len(endMsg)
		plain, signer, bad, err := p.decrypt([]byte(s[i:j]), p.mailLimit())
		if err != nil {
			return "", err
		}
		out.encrypted = true
		out.signature(signer, bad)
		return s[:i] + toUTF8(plain) + s[j:], nil
	}
	if i := strings.Index(s, beginSign); i >= 0 {
		j := strings.Index(s[i:], endSig)
		if j < 0 {
			return s, nil
		}
		j += i + len(endSig)
		ct, err := crypto.NewClearTextMessageFromArmored(s[i:j])
		if err != nil {
			return s, nil
		}
		text := ct.GetString()
		signer := p.verifyClearText(text, ct.GetBinarySignature())
		out.signature(signer, signer == "")
		return s[:i] + text + s[j:], nil
	}
	return s, nil
}

// verifyClearText checks a clear-signed text (RFC 4880 section 7: trailing
// whitespace of each line is not signed; lines end in CRLF).
func (p *parser) verifyClearText(text string, sig []byte) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return p.verifyDetached([]byte(strings.Join(lines, "\r\n")), sig)
}
