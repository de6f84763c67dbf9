package email

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ProtonMail/gopenpgp/v2/crypto"
	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset" // registers the charsets go-message decodes
	"github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"

	"amtsbote/channels"
)

// Limits of the parser, whatever the options say.
const (
	maxDepth     = 12        // nesting of MIME parts
	maxTextBytes = 1 << 20   // text of one part
	maxKeyBytes  = 256 << 10 // an attached public key
	maxParts     = 200       // parts of one multipart
)

// Errors that make a mail unreadable; it is then kept for staff.
var (
	errNoSender   = errors.New("no sender address")
	errTooDeep    = errors.New("MIME parts nested too deep")
	errDecrypt    = errors.New("cannot decrypt")
	errSMIME      = errors.New("S/MIME is not supported")
	errEncryption = errors.New("unknown encryption protocol")
	errTooLarge   = errors.New("mail too large")
)

// header is what the channel reads from a mail's top-level header.
type header struct {
	from       string // lower-cased sender address
	messageID  string // without <>
	inReplyTo  []string
	references []string
	subject    string
	date       time.Time
	autocrypt  []string // Autocrypt header values
	auto       string   // why the mail is automatic; "" for a person's mail
}

// refusal is an attachment the channel did not accept.
type refusal struct {
	Name      string
	MediaType string
	Size      int64
	TooLarge  bool // otherwise the type is not accepted
}

// body is what the channel reads from a mail's content.
type body struct {
	text        []string // text of the body parts, in order
	attachments []channels.Attachment
	refused     []refusal
	keys        [][]byte // public keys attached (application/pgp-keys)
	encrypted   bool
	signer      string // fingerprint of the sender key a signature in the mail verified with
	badSig      bool   // a signature did not verify with the keys known
	subject     string // protected Subject of an encrypted mail
}

// parser reads one mail. ring decrypts (the portal key); verify holds the
// sender's candidate keys for signatures.
type parser struct {
	ring      *crypto.KeyRing
	verify    []*crypto.Key
	maxAttach int64 // largest attachment, as sent and as decrypted
	maxMail   int64 // plaintext all decryptions of one mail may yield; 0 means DefaultMaxMailPlaintextBytes
	used      int64 // plaintext decrypted so far from the mail being read
	accept    []string
	now       time.Time
}

// readMail parses the top-level header of raw and returns the entity; self
// is the portal's address.
func readMail(raw []byte, self string) (*message.Entity, *header, error) {
	e, err := message.Read(bytes.NewReader(raw))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	h := mail.Header{Header: e.Header}
	out := &header{}
	if list, err := h.AddressList("From"); err == nil && len(list) > 0 {
		out.from = strings.ToLower(strings.TrimSpace(list[0].Address))
	}
	if out.from == "" || !strings.Contains(out.from, "@") {
		return e, out, errNoSender
	}
	out.messageID, _ = h.MessageID()
	out.inReplyTo, _ = h.MsgIDList("In-Reply-To")
	out.references, _ = h.MsgIDList("References")
	if s, err := h.Subject(); err == nil {
		out.subject = cleanLine(s)
	} else {
		out.subject = cleanLine(h.Get("Subject"))
	}
	out.date, _ = h.Date()
	out.autocrypt = e.Header.Values("Autocrypt")
	out.auto = automatic(e.Header, out.from, self)
	return e, out, nil
}

// cleanLine makes s one line of valid UTF-8 without control characters.
func cleanLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s))
}

// parse reads the content of e.
func (p *parser) parse(e *message.Entity) (*body, error) {
	p.used = 0
	out := &body{}
	if err := p.entity(e, out, 0, false); err != nil {
		return out, err
	}
	return out, nil
}

// entity walks one MIME entity; related says it is a part of
// multipart/related.
func (p *parser) entity(e *message.Entity, out *body, depth int, related bool) error {
	if depth > maxDepth {
		return errTooDeep
	}
	mt, params, err := e.Header.ContentType()
	if err != nil || mt == "" {
		mt, params = "text/plain", nil
	}
	disp, _, _ := e.Header.ContentDisposition()
	switch {
	case mt == "multipart/encrypted":
		return p.encrypted(e, params, out, depth)
	case mt == "multipart/signed":
		return p.signed(e, params, out, depth)
	case mt == "multipart/alternative":
		return p.alternative(e, out, depth)
	case strings.HasPrefix(mt, "multipart/"):
		return p.multipart(e, out, depth, mt == "multipart/related")
	case mt == "application/pkcs7-mime" || mt == "application/x-pkcs7-mime":
		return errSMIME
	case mt == "application/pgp-keys":
		if b, err := io.ReadAll(io.LimitReader(e.Body, maxKeyBytes)); err == nil {
			out.keys = append(out.keys, b)
		}
		return nil
	case mt == "application/pgp-signature" || mt == "application/pgp-encrypted":
		return nil // stray parts of PGP/MIME
	case (mt == "text/plain" || mt == "text/html") && disp != "attachment":
		return p.text(e, mt, out)
	case related && e.Header.Get("Content-Id") != "" && disp != "attachment":
		return nil // an image the HTML shows, such as a logo in a signature
	default:
		return p.attachment(e, mt, out)
	}
}

// multipart walks the parts of a multipart/mixed (or similar) entity.
func (p *parser) multipart(e *message.Entity, out *body, depth int, related bool) error {
	mr := e.MultipartReader()
	if mr == nil {
		return nil
	}
	for i := 0; i < maxParts; i++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil && (part == nil || !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
			return nil // a broken multipart ends here; what was read stays
		}
		if err := p.entity(part, out, depth+1, related); err != nil {
			return err
		}
	}
	return nil
}

// alternative picks the plain text of a multipart/alternative, else HTML.
func (p *parser) alternative(e *message.Entity, out *body, depth int) error {
	mr := e.MultipartReader()
	if mr == nil {
		return nil
	}
	var best *body
	bestPlain := false
	for i := 0; i < maxParts; i++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil && (part == nil || !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
			break
		}
		mt, _, _ := part.Header.ContentType()
		alt := &body{}
		if err := p.entity(part, alt, depth+1, false); err != nil {
			return err
		}
		plain := mt == "text/plain" && strings.TrimSpace(strings.Join(alt.text, "")) != ""
		if best == nil || plain && !bestPlain || !bestPlain && len(alt.text) > 0 && len(best.text) == 0 {
			best, bestPlain = alt, plain
		}
	}
	if best != nil {
		out.merge(best)
	}
	return nil
}

// merge adds what b found to out.
func (out *body) merge(b *body) {
	out.text = append(out.text, b.text...)
	out.attachments = append(out.attachments, b.attachments...)
	out.refused = append(out.refused, b.refused...)
	out.keys = append(out.keys, b.keys...)
	out.encrypted = out.encrypted || b.encrypted
	out.signature(b.signer, b.badSig)
	if out.subject == "" {
		out.subject = b.subject
	}
}

// signature records the outcome of checking one signature in the mail.
func (out *body) signature(signer string, bad bool) {
	if out.signer == "" {
		out.signer = signer
	}
	out.badSig = out.badSig || bad
}

// text reads a text/plain or text/html body part, decrypting or verifying
// inline PGP in plain text.
func (p *parser) text(e *message.Entity, mt string, out *body) error {
	raw, err := io.ReadAll(io.LimitReader(e.Body, maxTextBytes))
	if err != nil && len(raw) == 0 {
		return nil // an undecodable part; the rest of the mail still counts
	}
	s := toUTF8(raw)
	if mt == "text/html" {
		out.text = append(out.text, htmlToText(s))
		return nil
	}
	s, err = p.inline(s, out)
	if err != nil {
		return err
	}
	out.text = append(out.text, s)
	return nil
}

// toUTF8 returns b as UTF-8: unchanged when it is valid UTF-8 (go-message
// converted the declared charset), otherwise read as Windows-1252, the
// usual undeclared charset and a superset of ISO-8859-1's printable range.
func toUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// attachment keeps a file the citizen sent, or refuses it. An encrypted
// file that decrypts to more than the limits allow makes the mail too
// large (errTooLarge).
func (p *parser) attachment(e *message.Entity, mt string, out *body) error {
	name := fileName(e, len(out.attachments)+len(out.refused)+1, mt)
	if mt == "application/octet-stream" || mt == "" {
		if byExt := mime.TypeByExtension(strings.ToLower(path.Ext(name))); byExt != "" {
			mt, _, _ = mime.ParseMediaType(byExt)
		}
	}
	data, err := io.ReadAll(io.LimitReader(e.Body, p.maxAttach+1))
	if err != nil && len(data) == 0 {
		return nil
	}
	if int64(len(data)) > p.maxAttach {
		n, _ := io.Copy(io.Discard, e.Body)
		out.refused = append(out.refused, refusal{Name: name, MediaType: mt, Size: int64(len(data)) + n, TooLarge: true})
		return nil
	}
	if len(data) == 0 {
		return nil
	}
	plain, newName, ok, err := p.decryptFile(data, name)
	if err != nil {
		return err
	}
	if ok {
		data, name = plain, newName
		mt = "application/octet-stream"
		if byExt := mime.TypeByExtension(strings.ToLower(path.Ext(name))); byExt != "" {
			mt, _, _ = mime.ParseMediaType(byExt)
		}
		out.encrypted = true
	}
	if !accepted(mt, p.accept) {
		out.refused = append(out.refused, refusal{Name: name, MediaType: mt, Size: int64(len(data))})
		return nil
	}
	out.attachments = append(out.attachments, channels.Attachment{Name: name, MediaType: mt, Data: data})
	return nil
}

// accepted reports whether mt is in the list ("image/*" allows all images).
func accepted(mt string, list []string) bool {
	for _, a := range list {
		if a == mt || strings.HasSuffix(a, "/*") && strings.HasPrefix(mt, strings.TrimSuffix(a, "*")) {
			return true
		}
	}
	return false
}

// fileName returns a safe name for an attachment: the base name the mail
// gives, or "anhang-N" with an extension that fits the media type.
func fileName(e *message.Entity, n int, mt string) string {
	var name string
	if _, params, err := e.Header.ContentDisposition(); err == nil {
		name = params["filename"]
	}
	if name == "" {
		if _, params, err := e.Header.ContentType(); err == nil {
			name = params["name"]
		}
	}
	dec := mime.WordDecoder{CharsetReader: charset.Reader}
	if d, err := dec.DecodeHeader(name); err == nil {
		name = d
	}
	name = channels.CleanFileName(name)
	if name == "" {
		ext := extensions[mt]
		if exts, _ := mime.ExtensionsByType(mt); ext == "" && len(exts) > 0 {
			ext = exts[0]
		}
		name = fmt.Sprintf("anhang-%d%s", n, ext)
	}
	return name
}

// extensions name files of common types that come without a name.
var extensions = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
	"image/heic": ".heic", "text/plain": ".txt", "text/calendar": ".ics"}
