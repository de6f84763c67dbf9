// Package ratings counts the citizens' ratings of their conversations (👍
// or 👎, and whether a comment followed) per department and service, for
// the staff console's overview. The counts are kept in the store's channel
// state, sealed like every value there; they hold no personal data. The
// ratings themselves, with their comments (personal data), stay in the
// conversation's sealed dialog state (dialog.State.Rating): the console
// shows them on the conversation, and they go when it is erased.
package ratings

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"amtsbote/store"
)

// Channel is the channel-state namespace the counts are kept in.
const Channel = "ratings"

// key is the one value under Channel: every Count, as a JSON list.
const key = "counts"

// The two scores a rating has (dialog.RatingGood, dialog.RatingBad).
const (
	Good = "good"
	Bad  = "bad"
)

// Count is how the conversations about one service of one department were
// rated. An empty Service (and Department) counts conversations rated
// before any service was asked for.
type Count struct {
	Department string    `json:"department"`
	Service    string    `json:"service"`
	Good       int       `json:"good"`
	Bad        int       `json:"bad"`
	Comments   int       `json:"comments"` // ratings a comment was added to
	Last       time.Time `json:"last"`     // the newest rating or comment
}

// KV is the part of the store the counts live in (store/bolt,
// store/postgres): a value read and changed atomically, also by several
// nodes on one database.
type KV interface {
	ChannelState(channel, key string) ([]byte, error)
	UpdateChannelState(ctx context.Context, channel, key string, fn func(old []byte, exists bool) ([]byte, error)) ([]byte, error)
}

// Counter keeps the counts. Each change is one atomic read-modify-write
// of one value in the store (KV.UpdateChannelState): exact also with
// several nodes counting at the same instant.
type Counter struct {
	kv KV
}

// New returns the counter over kv.
func New(kv KV) *Counter { return &Counter{kv: kv} }

// Add counts a rating of score (Good or Bad) given at at, or, with comment,
// the comment added to one.
func (c *Counter) Add(ctx context.Context, department, service, score string, comment bool, at time.Time) error {
	if score != Good && score != Bad {
		return fmt.Errorf("ratings: score %q is neither %q nor %q", score, Good, Bad)
	}
	_, err := c.kv.UpdateChannelState(ctx, Channel, key, func(old []byte, exists bool) ([]byte, error) {
		counts := []Count{}
		if exists {
			if err := json.Unmarshal(old, &counts); err != nil {
				return nil, err
			}
		}
		i := slices.IndexFunc(counts, func(n Count) bool { return n.Department == department && n.Service == service })
		if i < 0 {
			counts = append(counts, Count{Department: department, Service: service})
			i = len(counts) - 1
		}
		n := &counts[i]
		switch {
		case comment:
			n.Comments++
		case score == Good:
			n.Good++
		default:
			n.Bad++
		}
		n.Last = at.UTC()
		return json.Marshal(counts)
	})
	if err != nil {
		return fmt.Errorf("ratings: count: %w", err)
	}
	return nil
}

// Counts returns every count, by department, then service.
func (c *Counter) Counts() ([]Count, error) {
	counts, err := c.read()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(counts, func(a, b Count) int {
		return cmp.Or(cmp.Compare(a.Department, b.Department), cmp.Compare(a.Service, b.Service))
	})
	return counts, nil
}

// read returns the stored counts; none before the first rating.
func (c *Counter) read() ([]Count, error) {
	data, err := c.kv.ChannelState(Channel, key)
	if errors.Is(err, store.ErrNotFound) {
		return []Count{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ratings: read the counts: %w", err)
	}
	var counts []Count
	if err := json.Unmarshal(data, &counts); err != nil {
		return nil, fmt.Errorf("ratings: read the counts: %w", err)
	}
	return counts, nil
}
