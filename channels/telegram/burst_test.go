package telegram

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/gateway"
)

// A burst of 200 replies to 50 chats, at Telegram's real limits, measured
// where Telegram would measure it: no chat gets two messages less than a
// second apart, no second holds more than 30 messages, none is lost or
// doubled. The outbox may send to 64 conversations at once here, so the
// pacing measured is the channel's own.
func TestBurstIsPaced(t *testing.T) {
	if testing.Short() {
		t.Skip("about 10 s at the real limits")
	}
	api := newFakeAPI(t)
	e := startEnv(t, api, "", func(o *Options) {
		o.PerSecond, o.ChatInterval = DefaultPerSecond, DefaultChatInterval
	}, gateway.Config{SendConcurrency: 64})
	const chats, each = 50, 4
	const base = 3000000

	for i := range chats {
		api.text(base+int64(i), "hallo")
	}
	convs := make([]string, chats)
	for i := range chats {
		api.waitReply(t, base+int64(i), 0, "")
		e.settle(base + int64(i))
		convs[i], _ = e.history(base + int64(i))
	}

	started := time.Now()
	var wg sync.WaitGroup
	for i, conv := range convs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range each {
				_, err := e.core.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "staff",
					Conversation: conv, From: channels.FromStaff, MessageID: fmt.Sprintf("burst-%d-%d", i, k),
					Text: fmt.Sprintf("Burst %d/%d", i, k)})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	api.wait(t, "200 burst replies", func() bool {
		n := 0
		for _, c := range api.calls {
			if c.Method == "sendMessage" && c.Status == 200 && strings.HasPrefix(c.Params["text"], "Burst ") {
				n++
			}
		}
		return n == chats*each
	})
	took := time.Since(started)
	time.Sleep(300 * time.Millisecond) // a double would come now

	var sent []apiCall
	seen := map[string]int{}
	for _, c := range api.callsOf("sendMessage") {
		if c.Status != 200 {
			t.Errorf("a send failed: %d", c.Status)
			continue
		}
		sent = append(sent, c)
		if strings.HasPrefix(c.Params["text"], "Burst ") {
			seen[c.Params["text"]]++
		}
	}
	for text, n := range seen {
		if n != 1 {
			t.Errorf("%q sent %d times", text, n)
		}
	}
	if len(seen) != chats*each {
		t.Errorf("%d distinct burst replies arrived, want %d", len(seen), chats*each)
	}

	slices.SortFunc(sent, func(a, b apiCall) int { return a.At.Compare(b.At) })
	last := map[int64]time.Time{}
	minGap := time.Hour
	for _, c := range sent {
		if prev, ok := last[c.Chat]; ok {
			minGap = min(minGap, c.At.Sub(prev))
			if c.At.Sub(prev) < DefaultChatInterval {
				t.Errorf("chat got two messages %v apart", c.At.Sub(prev))
			}
		}
		last[c.Chat] = c.At
	}
	busiest := 0
	for i := range sent {
		n := 0
		for j := i; j < len(sent) && sent[j].At.Sub(sent[i].At) < time.Second; j++ {
			n++
		}
		busiest = max(busiest, n)
	}
	if busiest > DefaultPerSecond {
		t.Errorf("%d messages within one second, limit %d", busiest, DefaultPerSecond)
	}
	t.Logf("%d messages in all, the burst of %d took %v; busiest second %d, least gap in a chat %v",
		len(sent), chats*each, took.Round(time.Millisecond), busiest, minGap.Round(time.Millisecond))
}
