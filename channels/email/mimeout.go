package email

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"mime/quotedprintable"
	"strings"

	"amtsbote/channels"
)

// headerField is one header line to write.
type headerField struct{ name, value string }

// writeHeader writes fields and the empty line after them, folding long
// values at spaces (RFC 5322 section 2.2.3). Values are ASCII already.
func writeHeader(b *bytes.Buffer, fields []headerField) {
	for _, f := range fields {
		line := f.name + ": " + f.value
		b.WriteString(fold(line))
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
}

// fold breaks a header line longer than 78 characters at white space.
func fold(line string) string {
	if len(line) <= 78 || strings.Contains(line, "\r\n") {
		return line
	}
	var b strings.Builder
	for len(line) > 78 {
		i := strings.LastIndexByte(line[:78], ' ')
		if i <= 0 {
			j := strings.IndexByte(line[78:], ' ')
			if j < 0 {
				break
			}
			i = 78 + j
		}
		b.WriteString(line[:i])
		b.WriteString("\r\n")
		line = line[i:] // the space stays as the folding white space
	}
	b.WriteString(line)
	return b.String()
}

// encodeWord makes a header value ASCII (RFC 2047) when it is not.
func encodeWord(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return mime.QEncoding.Encode("utf-8", s)
		}
	}
	return s
}

// boundary returns a random multipart boundary.
func boundary() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "amtsbote-" + hex.EncodeToString(b)
}

// entity builds a MIME entity (header and body, CRLF line ends, 7-bit
// clean so a signature over it survives transport): the text, and the
// attachments in a multipart/mixed when there are any. extra header fields
// (protected headers) go into its top-level header.
func entity(text string, atts []channels.Attachment, extra []headerField) []byte {
	var b bytes.Buffer
	if len(atts) == 0 {
		fields := append([]headerField{
			{"Content-Type", textType(len(extra) > 0)},
			{"Content-Transfer-Encoding", "quoted-printable"},
		}, extra...)
		writeHeader(&b, fields)
		writeQP(&b, text)
		return b.Bytes()
	}
	bd := boundary()
	params := map[string]string{"boundary": bd}
	if len(extra) > 0 {
		params["protected-headers"] = "v1"
	}
	fields := append([]headerField{{"Content-Type", mime.FormatMediaType("multipart/mixed", params)}}, extra...)
	writeHeader(&b, fields)
	b.WriteString("--" + bd + "\r\n")
	writeHeader(&b, []headerField{
		{"Content-Type", textType(false)},
		{"Content-Transfer-Encoding", "quoted-printable"},
	})
	writeQP(&b, text)
	for _, a := range atts {
		b.WriteString("\r\n--" + bd + "\r\n")
		mt := a.MediaType
		if _, _, err := mime.ParseMediaType(mt); err != nil || mt == "" {
			mt = "application/octet-stream"
		}
		ct := mime.FormatMediaType(mt, map[string]string{"name": a.Name})
		cd := mime.FormatMediaType("attachment", map[string]string{"filename": a.Name})
		if ct == "" || cd == "" {
			ct, cd = mt, "attachment"
		}
		writeHeader(&b, []headerField{
			{"Content-Type", ct},
			{"Content-Disposition", cd},
			{"Content-Transfer-Encoding", "base64"},
		})
		writeBase64(&b, a.Data)
	}
	b.WriteString("\r\n--" + bd + "--\r\n")
	return b.Bytes()
}

func textType(protected bool) string {
	if protected {
		return `text/plain; charset=utf-8; protected-headers="v1"`
	}
	return "text/plain; charset=utf-8"
}

// writeQP writes text quoted-printable with CRLF line ends.
func writeQP(b *bytes.Buffer, text string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	w := quotedprintable.NewWriter(b)
	_, _ = w.Write([]byte(text))
	_ = w.Close()
}

// writeBase64 writes data base64-encoded in lines of 76 characters.
func writeBase64(b *bytes.Buffer, data []byte) {
	s := base64.StdEncoding.EncodeToString(data)
	for len(s) > 76 {
		b.WriteString(s[:76])
		b.WriteString("\r\n")
		s = s[76:]
	}
	b.WriteString(s)
}
