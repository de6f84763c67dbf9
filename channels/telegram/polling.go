package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"amtsbote/channels"
)

const (
	batchParallel     = 8 // chats of one batch handled at once
	maxUpdateAttempts = 8 // tries of an update that holds back later ones
	// staleOffset: after a week without updates Telegram may number new
	// updates below the old offset, so an offset that old is not used.
	staleOffset = 6 * 24 * time.Hour
)

// pollState is what the polling loop knows beyond the stored offset.
type pollState struct {
	handled  map[int]bool // updates handled at or above the offset
	attempts map[int]int  // failed tries of updates that hold back others
}

// offsetKey is where the offset is stored, per bot (a new token for
// another bot starts afresh): "offset:<bot id>".
func (c *Channel) offsetKey() string {
	id, _, _ := strings.Cut(c.opts.Token, ":")
	return "offset:" + id
}

// loadOffset reads the stored offset and when it was stored.
func (c *Channel) loadOffset() (int, time.Time, error) {
	v, err := c.st.ChannelState(Name, c.offsetKey())
	if errors.Is(err, channels.ErrNotFound) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("telegram: reading the update offset: %w", err)
	}
	off, at, _ := strings.Cut(string(v), " ")
	n, err := strconv.Atoi(off)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("telegram: the stored update offset is unreadable: %w", err)
	}
	sec, _ := strconv.ParseInt(at, 10, 64)
	return n, time.Unix(sec, 0), nil
}

// saveOffset stores the offset: every update below it is in the core.
func (c *Channel) saveOffset(ctx context.Context, next int, at time.Time) error {
	v := strconv.Itoa(next) + " " + strconv.FormatInt(at.Unix(), 10)
	return c.st.SetChannelState(ctx, Name, c.offsetKey(), []byte(v))
}

// runPolling takes updates by long polling until ctx ends. An update
// counts as confirmed (offset past it) only after the core stored it.
func (c *Channel) runPolling(ctx context.Context) error {
	offset, seen, err := c.loadOffset()
	if err != nil {
		return err
	}
	c.log.Info("polling for updates", "offset", offset)
	bo := newBackoff(c.retryBase)
	for ctx.Err() == nil {
		req := offset
		if !seen.IsZero() && time.Since(seen) > staleOffset {
			req = 0 // everything below the offset was confirmed long ago
		}
		ups, err := c.getUpdates(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			d := bo.next()
			if errorCode(err) == http.StatusConflict {
				c.log.Warn("Telegram refuses polling: a webhook is set or another process polls", "retry_in", d)
			} else {
				c.log.Warn("polling for updates failed", "err", err, "retry_in", d)
			}
			sleep(ctx, d)
			continue
		}
		if len(ups) == 0 {
			continue
		}
		seen = time.Now()
		next, complete := c.handleBatch(ctx, ups, offset)
		if next != offset {
			if err := c.saveOffset(ctx, next, seen); err != nil && ctx.Err() == nil {
				c.log.Error("storing the update offset failed", "err", err)
			}
			offset = next
			c.forgetBelow(offset)
		}
		if !complete && ctx.Err() == nil {
			d := bo.next()
			c.log.Warn("some updates were not stored; trying again", "retry_in", d)
			sleep(ctx, d)
		} else {
			bo.reset()
		}
	}
	return nil
}

// getUpdates long-polls for updates from offset on.
func (c *Channel) getUpdates(ctx context.Context, offset int) ([]tgbotapi.Update, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.PollTimeout+30*time.Second)
	defer cancel()
	cfg := tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: int(c.opts.PollTimeout / time.Second),
		AllowedUpdates: allowedUpdates}
	res, err := c.call(ctx, "getUpdates", cfg)
	if err != nil {
		return nil, err
	}
	var ups []tgbotapi.Update
	if err := json.Unmarshal(res, &ups); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: %w", err)
	}
	return ups, nil
}

// handleBatch handles a batch of updates: each chat's updates in order,
// chats in parallel; a chat stops at its first update that fails. It
// returns the new offset (the lowest update not handled, or past the last)
// and whether everything was handled.
func (c *Channel) handleBatch(ctx context.Context, ups []tgbotapi.Update, offset int) (next int, complete bool) {
	groups := map[int64][]tgbotapi.Update{}
	var order []int64
	for _, u := range ups {
		k := chatOf(u)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], u)
	}
	var mu sync.Mutex
	var failed []tgbotapi.Update
	sem := make(chan struct{}, batchParallel)
	var wg sync.WaitGroup
	for _, k := range order {
		wg.Add(1)
		go func(chat int64, list []tgbotapi.Update) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if u, err := c.handleChat(ctx, chat, list); err != nil {
				if ctx.Err() == nil {
					c.log.Warn("an update could not be stored", "update", u.UpdateID, "err", err)
				}
				mu.Lock()
				failed = append(failed, u)
				mu.Unlock()
			}
		}(k, groups[k])
	}
	wg.Wait()
	if ctx.Err() == nil {
		c.giveUp(ctx, ups, failed)
	}
	next = offset
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, u := range ups {
		if !c.poll.handled[u.UpdateID] {
			return u.UpdateID, false
		}
		next = max(next, u.UpdateID+1)
	}
	return next, len(failed) == 0
}

// handleChat handles one chat's updates in order, skipping those handled
// before; it returns the update that failed.
func (c *Channel) handleChat(ctx context.Context, chat int64, list []tgbotapi.Update) (tgbotapi.Update, error) {
	unlock, err := c.chats.lock(ctx, chat)
	if err != nil {
		return list[0], err
	}
	defer unlock()
	for _, u := range list {
		c.mu.Lock()
		done := c.poll.handled[u.UpdateID]
		c.mu.Unlock()
		if done {
			continue
		}
		if err := c.handle(ctx, u); err != nil {
			return u, err
		}
		c.mu.Lock()
		c.poll.handled[u.UpdateID] = true
		c.mu.Unlock()
	}
	return tgbotapi.Update{}, nil
}

// giveUp counts the failures of updates that hold back handled later ones
// and, after maxUpdateAttempts, drops them and tells the citizen to send
// the message again, so one broken chat cannot stop all the others. An
// update that holds back nothing (the core is down for everyone) is
// retried for as long as it takes.
func (c *Channel) giveUp(ctx context.Context, ups []tgbotapi.Update, failed []tgbotapi.Update) {
	var drop []tgbotapi.Update
	c.mu.Lock()
	for _, f := range failed {
		holding := false
		for _, u := range ups {
			if u.UpdateID > f.UpdateID && c.poll.handled[u.UpdateID] {
				holding = true
				break
			}
		}
		if !holding {
			continue
		}
		c.poll.attempts[f.UpdateID]++
		if c.poll.attempts[f.UpdateID] >= maxUpdateAttempts {
			c.poll.handled[f.UpdateID] = true
			delete(c.poll.attempts, f.UpdateID)
			drop = append(drop, f)
		}
	}
	c.mu.Unlock()
	for _, u := range drop {
		c.log.Error("giving up on an update that keeps failing", "update", u.UpdateID, "attempts", maxUpdateAttempts)
		if chat := chatOf(u); chat > 0 { // private chats have positive ids
			c.tell(ctx, chat, c.say(u.SentFrom(), "given_up"))
		}
	}
}

// forgetBelow drops what the polling loop knows of confirmed updates.
func (c *Channel) forgetBelow(offset int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id := range c.poll.handled {
		if id < offset {
			delete(c.poll.handled, id)
		}
	}
	for id := range c.poll.attempts {
		if id < offset {
			delete(c.poll.attempts, id)
		}
	}
}
