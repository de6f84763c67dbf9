package email

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

	"amtsbote/channels"
)

// Header order: a go-message header writes the field set last first, so
// the functions here set fields from the bottom of a header up.

// mimeEntity is a MIME entity as written (header, empty line, body, CRLF
// line ends), or the error that kept it from being written.
type mimeEntity struct {
	raw []byte
	err error
}

// entity writes a MIME entity with go-message: the text, and the
// attachments in a multipart/mixed when there are any. It is 7-bit clean
// (quoted-printable, base64) so a signature over it survives transport.
// protected holds header fields for its top-level header (protected
// headers); nil for none.
func entity(text string, atts []channels.Attachment, protected *mail.Header) mimeEntity {
	var h message.Header
	params := map[string]string{}
	if protected != nil {
		h = protected.Header.Copy()
		params["protected-headers"] = "v1"
	}
	var b bytes.Buffer
	var err error
	if len(atts) == 0 {
		setTextType(&h, params)
		err = writeSingle(&b, h, text)
	} else {
		h.SetContentType("multipart/mixed", params)
		err = writeMixed(&b, h, text, atts)
	}
	if err != nil {
		return mimeEntity{err: fmt.Errorf("email: write MIME entity: %w", err)}
	}
	return mimeEntity{raw: b.Bytes()}
}

// setTextType makes h the header of UTF-8 text, quoted-printable.
func setTextType(h *message.Header, params map[string]string) {
	params["charset"] = "utf-8"
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	h.SetContentType("text/plain", params)
}

// writeSingle writes a one-part entity; go-message encodes the body as
// the header's Content-Transfer-Encoding says.
func writeSingle(w io.Writer, h message.Header, body string) error {
	mw, err := message.CreateWriter(w, h)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(mw, body); err != nil {
		return err
	}
	return mw.Close()
}

// writeMixed writes a multipart/mixed entity: the text, then each
// attachment base64-encoded with its file name.
func writeMixed(w io.Writer, h message.Header, text string, atts []channels.Attachment) error {
	mw, err := message.CreateWriter(w, h)
	if err != nil {
		return err
	}
	var th message.Header
	setTextType(&th, map[string]string{})
	if err := writePart(mw, th, []byte(text)); err != nil {
		return err
	}
	for _, a := range atts {
		if err := writePart(mw, attachmentHeader(a), a.Data); err != nil {
			return err
		}
	}
	return mw.Close()
}

// writePart writes one part of mw, encoded as its header says.
func writePart(mw *message.Writer, h message.Header, body []byte) error {
	pw, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := pw.Write(body); err != nil {
		return err
	}
	return pw.Close()
}

// attachmentHeader is the header of an attachment part. The file name is
// formatted by mime.FormatMediaType, which writes a name that is not ASCII
// as RFC 2231 parameters (go-message's SetContentDisposition would put
// RFC 2047 words into the parameter instead).
func attachmentHeader(a channels.Attachment) message.Header {
	mt, params, err := mime.ParseMediaType(a.MediaType)
	if err != nil || a.MediaType == "" {
		mt, params = "application/octet-stream", map[string]string{}
	}
	// go-message writes only these charsets; the data is base64 and
	// unchanged either way.
	if cs := strings.ToLower(params["charset"]); cs != "" && cs != "utf-8" && cs != "us-ascii" {
		delete(params, "charset")
	}
	params["name"] = a.Name
	ct := mime.FormatMediaType(mt, params)
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})
	if ct == "" || cd == "" {
		ct, cd = mt, "attachment"
	}
	var h message.Header
	h.Set("Content-Transfer-Encoding", "base64")
	h.Set("Content-Disposition", cd)
	h.Set("Content-Type", ct)
	return h
}

// splitEntity reads an entity's header back (go-message keeps each field's
// bytes as read, so writing the header again gives the same bytes) and
// returns it with the body after the empty line.
func splitEntity(raw []byte) (textproto.Header, []byte, error) {
	br := bufio.NewReader(bytes.NewReader(raw))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return textproto.Header{}, nil, fmt.Errorf("email: read back MIME entity: %w", err)
	}
	body, err := io.ReadAll(br)
	if err != nil {
		return textproto.Header{}, nil, fmt.Errorf("email: read back MIME entity: %w", err)
	}
	return h, body, nil
}

// multipartPart is one part of a multipart body: its header and its body,
// written as they are (already encoded).
type multipartPart struct {
	h    textproto.Header
	body []byte
}

// multipartBody writes a multipart body with go-message's multipart writer
// after the preamble and returns it with its boundary.
func multipartBody(preamble string, parts ...multipartPart) ([]byte, string, error) {
	var b bytes.Buffer
	b.WriteString(preamble)
	mw := textproto.NewMultipartWriter(&b)
	for _, p := range parts {
		pw, err := mw.CreatePart(p.h)
		if err != nil {
			return nil, "", fmt.Errorf("email: write multipart: %w", err)
		}
		if _, err := pw.Write(p.body); err != nil {
			return nil, "", fmt.Errorf("email: write multipart: %w", err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", fmt.Errorf("email: write multipart: %w", err)
	}
	return b.Bytes(), mw.Boundary(), nil
}

// writeMail writes a mail: header h, whose Content-Type is set to ct, and
// body, which is piped as it is (a multipart body keeps its boundaries).
func writeMail(h mail.Header, ct string, body []byte) ([]byte, error) {
	h.Set("Content-Type", ct)
	var b bytes.Buffer
	w, err := message.CreateWriter(&b, h.Header)
	if err != nil {
		return nil, fmt.Errorf("email: write mail: %w", err)
	}
	if _, err := w.Write(body); err != nil {
		return nil, fmt.Errorf("email: write mail: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("email: write mail: %w", err)
	}
	return b.Bytes(), nil
}
