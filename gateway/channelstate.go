package gateway

import (
	"context"
	"errors"
	"fmt"

	"amtsbote/channels"
	"amtsbote/store"
)

// ChannelStates is the store's access to the channels' small durable values.
type ChannelStates interface {
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
}

// ChannelState hands a store's channel values to the channels, which know
// nothing of the store: an unset value is channels.ErrNotFound.
type ChannelState struct{ st ChannelStates }

// NewChannelState adapts st for the channels' state interfaces.
func NewChannelState(st ChannelStates) *ChannelState { return &ChannelState{st: st} }

// ChannelState returns a value, or an error wrapping channels.ErrNotFound
// (and the store's own not-found error) when it is unset.
func (c *ChannelState) ChannelState(channel, key string) ([]byte, error) {
	v, err := c.st.ChannelState(channel, key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: %w", channels.ErrNotFound, err)
	}
	return v, err
}

// SetChannelState writes a value durably; nil deletes it.
func (c *ChannelState) SetChannelState(ctx context.Context, channel, key string, value []byte) error {
	return c.st.SetChannelState(ctx, channel, key, value)
}
