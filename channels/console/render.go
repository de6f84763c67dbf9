package console

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"amtsbote/channels"
	texts "amtsbote/text"
)

// outMessage is the --json form of a reply.
type outMessage struct {
	Type        string            `json:"type"`
	From        channels.Speaker  `json:"from"`
	Text        string            `json:"text"`
	Options     []channels.Option `json:"options,omitempty"`
	Field       *channels.Field   `json:"field,omitempty"`
	Attachments []outAttachment   `json:"attachments,omitempty"`
}

type outAttachment struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int    `json:"size"`
	Path      string `json:"path,omitempty"`
}

func jsonMessage(m channels.Outbound, saved []string) outMessage {
	o := outMessage{Type: "message", From: m.From, Text: m.Text, Options: m.Options, Field: m.Field}
	for i, a := range m.Attachments {
		o.Attachments = append(o.Attachments, outAttachment{Name: a.Name, MediaType: a.MediaType, Size: len(a.Data), Path: saved[i]})
	}
	return o
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// writeText prints a reply for a person: who speaks, the text, then the
// options as a numbered list.
func writeText(w io.Writer, m channels.Outbound, saved []string) error {
	var b strings.Builder
	who := map[channels.Speaker]string{channels.FromBot: "Bot", channels.FromStaff: "Mitarbeiter*in", channels.FromSystem: "System"}[m.From]
	if who == "" {
		who = "Bot"
	}
	fmt.Fprintf(&b, "%s: %s\n", who, m.Text)
	for i, o := range m.Options {
		fmt.Fprintf(&b, "  %d) %s\n", i+1, o.Label)
	}
	for i, a := range m.Attachments {
		where := ""
		if saved[i] != "" {
			where = " → " + saved[i]
		}
		fmt.Fprintf(&b, "  [Datei: %s, %d Bytes%s]\n", a.Name, len(a.Data), where)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// inbound turns a typed line into a message: a picked option (by number,
// label or value), a file (/file PATH), a language chosen (/lang TAG, as
// the widget's and Telegram's language menus choose one) or text. A non-empty problem means
// the line could not be sent.
func (c *Console) inbound(line string) (*channels.Inbound, string) {
	text := strings.TrimSpace(line)
	if text == "" {
		return nil, ""
	}
	in := &channels.Inbound{Channel: Name, Address: c.opts.Address, MessageID: newMessageID(), Received: time.Now()}
	if path, ok := strings.CutPrefix(text, "/file "); ok {
		att, problem := c.readFile(strings.TrimSpace(path))
		if problem != "" {
			return nil, problem
		}
		in.Attachments = []channels.Attachment{att}
		return in, ""
	}
	if tag, ok := strings.CutPrefix(text, "/lang "); ok { // the chat's language menu
		l, err := texts.Parse(tag)
		if err != nil {
			return nil, err.Error()
		}
		in.Choice, in.Text = "lang:"+string(l), string(l)
		return in, ""
	}
	c.mu.Lock()
	opts := c.options
	c.mu.Unlock()
	if o, ok := pick(opts, text); ok {
		in.Choice, in.Text = o.Value, o.Label
		return in, ""
	}
	in.Text = text
	return in, ""
}

// pick finds the option a line names by number, label or value.
func pick(opts []channels.Option, text string) (channels.Option, bool) {
	if n, err := strconv.Atoi(text); err == nil && n >= 1 && n <= len(opts) {
		return opts[n-1], true
	}
	for _, o := range opts {
		if strings.EqualFold(o.Label, text) || o.Value == text {
			return o, true
		}
	}
	return channels.Option{}, false
}

func (c *Console) readFile(path string) (channels.Attachment, string) {
	if path == "" {
		return channels.Attachment{}, "Bitte geben Sie einen Pfad an: /file PFAD"
	}
	st, err := os.Stat(path)
	if err != nil {
		return channels.Attachment{}, "Die Datei kann nicht gelesen werden: " + err.Error()
	}
	if !st.Mode().IsRegular() {
		return channels.Attachment{}, "Das ist keine Datei: " + path
	}
	if st.Size() > c.opts.MaxUpload {
		return channels.Attachment{}, fmt.Sprintf("Die Datei ist zu groß (%d Bytes, höchstens %d).", st.Size(), c.opts.MaxUpload)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return channels.Attachment{}, "Die Datei kann nicht gelesen werden: " + err.Error()
	}
	mt := mime.TypeByExtension(strings.ToLower(filepath.Ext(path)))
	if mt == "" {
		mt = http.DetectContentType(data)
	}
	if base, _, err := mime.ParseMediaType(mt); err == nil {
		mt = base
	}
	return channels.Attachment{Name: filepath.Base(path), MediaType: mt, Data: data}, ""
}
