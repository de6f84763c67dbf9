package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"amtsbote/channels"
	"amtsbote/store"
)

// Transcripts is the store's read access to conversation transcripts.
type Transcripts interface {
	Lookup(channel, address string) (string, error)
	Transcript(id string, after uint64) ([]store.Entry, error)
}

// History implements channels.Historian over a store.
type History struct{ st Transcripts }

// NewHistory makes a Historian reading from st.
func NewHistory(st Transcripts) *History { return &History{st: st} }

// History returns the conversation of (channel, address) and its entries after seq.
func (h *History) History(_ context.Context, channel, address string, after uint64) (string, []channels.HistoryEntry, error) {
	id, err := h.st.Lookup(channel, address)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("gateway: history: %w", err)
	}
	out, err := h.Conversation(id, after)
	if err != nil {
		return "", nil, err
	}
	return id, out, nil
}

// Conversation returns the entries of conversation id after seq `after`.
func (h *History) Conversation(id string, after uint64) ([]channels.HistoryEntry, error) {
	entries, err := h.st.Transcript(id, after)
	if err != nil {
		return nil, fmt.Errorf("gateway: history: %w", err)
	}
	out := make([]channels.HistoryEntry, 0, len(entries))
	for _, e := range entries {
		he := channels.HistoryEntry{Seq: e.Seq, Time: e.Time}
		if e.Kind == store.EntryOut {
			he.Outbound = &channels.Outbound{}
			err = json.Unmarshal(e.Body, he.Outbound)
		} else {
			he.Inbound = &channels.Inbound{}
			err = json.Unmarshal(e.Body, he.Inbound)
		}
		if err != nil {
			return nil, fmt.Errorf("gateway: history entry %d: %w", e.Seq, err)
		}
		out = append(out, he)
	}
	return out, nil
}
