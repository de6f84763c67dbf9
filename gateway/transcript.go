package gateway

import (
	"fmt"
	"strings"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/store"
)

// transcriptReader is the optional ability of a Store to read a
// conversation's transcript (store/bolt has it).
type transcriptReader interface {
	Transcript(id string, after uint64) ([]store.Entry, error)
}

// RatingMeter is an optional ability of a Meter: it counts the ratings
// citizens give their conversations, and the comments added to them.
type RatingMeter interface {
	Rated(score string, comment bool)
}

// attachTranscript attaches the transcript the engine asked for
// (Result.Transcript) to its reply, as a text file in the citizen's
// language. Without it (the store cannot read transcripts, or reading
// failed) the reply says that no transcript could be made.
func (g *Gateway) attachTranscript(id string, res *dialog.Result, now time.Time) {
	tr := res.Transcript
	if tr == nil || tr.Reply < 0 || tr.Reply >= len(res.Replies) {
		return
	}
	var entries []store.Entry
	var err error
	if r, ok := g.st.(transcriptReader); ok {
		entries, err = r.Transcript(id, 0)
	} else {
		err = fmt.Errorf("gateway: the store keeps no transcripts")
	}
	if err != nil {
		g.log.Error("reading a transcript failed", "err", err)
		return
	}
	hist, err := decodeEntries(entries)
	if err != nil {
		g.log.Error("reading a transcript failed", "err", err)
		return
	}
	reply := &res.Replies[tr.Reply]
	reply.Attachments = append(reply.Attachments, channels.Attachment{Name: tr.Name,
		MediaType: "text/plain", Data: []byte(RenderTranscript(*tr, hist, now))})
}

// decodeEntries turns stored entries into history entries.
func decodeEntries(entries []store.Entry) ([]channels.HistoryEntry, error) {
	h := &History{st: fixedTranscript(entries)}
	return h.Conversation("", 0)
}

// fixedTranscript answers Transcript with entries it already has.
type fixedTranscript []store.Entry

func (f fixedTranscript) Lookup(string, string) (string, error) { return "", store.ErrNotFound }

func (f fixedTranscript) Transcript(string, uint64) ([]store.Entry, error) { return f, nil }

// RenderTranscript writes a conversation as plain text: a title, then
// every message with its time and who wrote it; a picked option shows as
// its label, a file by its name.
func RenderTranscript(tr dialog.Transcript, hist []channels.HistoryEntry, now time.Time) string {
	loc := tr.Location
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	b.WriteString(tr.Title + "\n" + now.In(loc).Format("02.01.2006 15:04") + "\n")
	labels := map[string]string{} // option value → label, of the replies so far
	day := ""
	for _, e := range hist {
		at := e.Time.In(loc)
		if d := at.Format("02.01.2006"); d != day && !e.Time.IsZero() {
			day = d
			b.WriteString("\n— " + d + " —\n")
		}
		who, text := tr.Bot, ""
		var files []channels.Attachment
		switch {
		case e.Outbound != nil:
			o := e.Outbound
			if o.From == channels.FromStaff {
				who = tr.Staff
			}
			text, files = o.Text, o.Attachments
			for _, opt := range o.Options {
				labels[opt.Value] = opt.Label
				text += "\n  • " + opt.Label
			}
		case e.Inbound != nil:
			in := e.Inbound
			who, text, files = tr.Citizen, in.Text, in.Attachments
			if in.From == channels.FromStaff {
				who = tr.Staff
			}
			if text == "" && in.Choice != "" {
				text = labels[in.Choice]
				if text == "" {
					text = in.Choice
				}
				text = "[" + text + "]"
			}
		}
		for _, f := range files {
			text += "\n  📎 " + f.Name
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&b, "\n[%s] %s:\n%s\n", at.Format("15:04"), who, strings.TrimSpace(text))
	}
	return b.String()
}
