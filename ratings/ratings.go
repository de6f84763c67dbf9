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
	"sync"
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
// store/postgres).
type KV interface {
	ChannelState(channel, key string) ([]byte, error)
	SetChannelState(ctx context.Context, channel, key string, value []byte) error
}

// Counter keeps the counts. Each change is a read-modify-write of one
// value under one mutex: exact within one process. Several nodes on one
// database may lose a count when two land at the same instant (as the
// answers' ratings, answers/live).
type Counter struct {
	kv KV
	mu sync.Mutex
}

// New returns the counter over kv.
func New(kv KV) *Counter { return &Counter{kv: kv} }

// Add counts a rating of score (Good or Bad) given at at, or, with comment,
// the comment added to one.
func (c *Counter) Add(ctx context.Context, department, service, score string, comment bool, at time.Time) error {
	if score != Good && score != Bad {
		return fmt.Errorf("ratings: score %q is neither %q nor %q", score, Good, Bad)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	counts, err := c.read()
	if err != nil {
		return err
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
	data, err := json.Marshal(counts)
	if err != nil {
		return fmt.Errorf("ratings: %w", err)
	}
	if err := c.kv.SetChannelState(ctx, Channel, key, data); err != nil {
		return fmt.Errorf("ratings: write the counts: %w", err)
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
