package privacy

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"amtsbote/channels"
	"amtsbote/gateway"
	"amtsbote/store"
)

// Archive is everything stored about one citizen's address, as `amtsbote
// gdpr export` writes it (Art. 15 GDPR).
type Archive struct {
	Channel       string          `json:"channel"`
	Address       string          `json:"address"`
	Exported      time.Time       `json:"exported"`
	Portal        string          `json:"portal_key_fingerprint"`
	Conversations []Conversation  `json:"conversations"`
	ChannelState  json.RawMessage `json:"channel_state,omitempty"`
}

// Conversation is one conversation of the address in an Archive.
type Conversation struct {
	ID       string                  `json:"id"`
	Created  time.Time               `json:"created"`
	Updated  time.Time               `json:"updated"`
	Meta     store.Meta              `json:"meta"`
	State    json.RawMessage         `json:"dialog_state,omitempty"`
	Messages []channels.HistoryEntry `json:"messages"`
	Cases    []Case                  `json:"cases"`
	Bookings []Booking               `json:"bookings"`
}

// Case is a case the conversation filed, in an Archive.
type Case struct {
	Ref     string            `json:"ref"`
	Service string            `json:"service"`
	Status  string            `json:"status"`
	Created time.Time         `json:"created"`
	Answers map[string]string `json:"answers"`
}

// exportSubject collects what the store holds about (channel, address);
// names make its bookings readable.
func exportSubject(db Store, portal, channel, address string, now time.Time, names Names) (*Archive, error) {
	a := &Archive{Channel: channel, Address: address, Exported: now, Portal: portal, Conversations: []Conversation{}}
	id, err := db.Lookup(channel, address)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	if err == nil {
		c, err := db.Conversation(id)
		if err != nil {
			return nil, err
		}
		msgs, err := gateway.NewHistory(db).Conversation(id, 0)
		if err != nil {
			return nil, err
		}
		sc := Conversation{ID: id, Created: c.Created, Updated: c.Updated, Meta: c.Meta, State: c.State, Messages: msgs, Cases: []Case{}}
		cases, err := db.CasesOf(id)
		if err != nil {
			return nil, err
		}
		for _, cs := range cases {
			sc.Cases = append(sc.Cases, Case{Ref: cs.Ref, Service: cs.Service, Status: cs.Status, Created: cs.Created, Answers: cs.Answers})
		}
		if sc.Bookings, err = subjectBookings(db, id, c.Meta.Language, names); err != nil {
			return nil, err
		}
		a.Conversations = append(a.Conversations, sc)
	}
	if a.ChannelState, err = subjectChannelState(db, channel, address); err != nil {
		return nil, err
	}
	return a, nil
}

// channelStates reads what a channel keeps about an address.
type channelStates interface {
	ChannelState(channel, key string) ([]byte, error)
}

// subjectChannelState reads what the channel keeps about address: the
// email channel's values as one object by what they hold, another
// channel's value as it is; nil when there is none.
func subjectChannelState(db channelStates, channel, address string) (json.RawMessage, error) {
	found := map[string]json.RawMessage{}
	for kind, key := range subjectStateKeys(channel, address) {
		v, err := db.ChannelState(channel, key)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if json.Valid(v) {
			found[kind] = v
		}
	}
	if v, ok := found[""]; ok || len(found) == 0 {
		return v, nil
	}
	v, err := json.Marshal(found)
	if err != nil {
		return nil, fmt.Errorf("gdpr export: channel state: %w", err)
	}
	return v, nil
}
