package email

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"amtsbote/channels"
)

// The channel's values in the StateStore, one of each per citizen address.
const (
	stateKey    = "key:"    // the citizen's public key
	stateWKD    = "wkd:"    // when the directory last had no key
	stateThread = "thread:" // the mail thread replies belong to
	statePrompt = "prompt:" // what the last mail asked: options by number, the field
	stateHeld   = "held:"   // replies of a turn waiting for its last one
)

// SubjectStateKeys are the StateStore keys of the values the channel keeps
// about one citizen address, by what they hold, so that a GDPR export can
// show them and an erasure remove them.
func SubjectStateKeys(addr string) map[string]string {
	return map[string]string{"public_key": stateKey + addr, "key_directory_miss": stateWKD + addr,
		"thread": stateThread + addr, "prompt": statePrompt + addr, "held_replies": stateHeld + addr}
}

// citizenKey is a citizen's public key as the channel keeps it.
type citizenKey struct {
	Key     []byte    `json:"key"`    // binary public key
	Source  string    `json:"source"` // autocrypt, attachment, wkd
	Updated time.Time `json:"updated"`
}

// thread is what a reply needs to join the citizen's mail thread.
type thread struct {
	MessageID  string   `json:"message_id"` // the citizen's last mail, without <>
	References []string `json:"references,omitempty"`
	Subject    string   `json:"subject,omitempty"`
}

// prompt is what the last mail to a citizen asked for, to read the answer.
type prompt struct {
	Options []channels.Option `json:"options,omitempty"` // by number, from 1
	Field   *channels.Field   `json:"field,omitempty"`   // the form field asked for last
}

// heldReply is a reply kept until the last reply of its turn, so a turn's
// replies reach the citizen as one mail.
type heldReply struct {
	ID      string            `json:"id"`
	Message channels.Outbound `json:"message"`
}

// load reads a JSON value; found is false when it is unset.
func (c *Channel) load(prefix, addr string, v any) (found bool, err error) {
	b, err := c.st.ChannelState(Name, prefix+addr)
	if errors.Is(err, channels.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("email: state: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("email: state %s unreadable: %w", prefix, err)
	}
	return true, nil
}

// save writes a JSON value; v == nil deletes it.
func (c *Channel) save(ctx context.Context, prefix, addr string, v any) error {
	var b []byte
	if v != nil {
		var err error
		if b, err = json.Marshal(v); err != nil {
			return fmt.Errorf("email: state: %w", err)
		}
	}
	if err := c.st.SetChannelState(ctx, Name, prefix+addr, b); err != nil {
		return fmt.Errorf("email: state: %w", err)
	}
	return nil
}
