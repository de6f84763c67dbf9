package telegram

import (
	"context"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"amtsbote/channels"
	"amtsbote/gateway"
)

// lateLinker forwards to the core's link codes once the core runs.
type lateLinker struct {
	mu sync.Mutex
	l  Linker
}

func (l *lateLinker) Resolve(ctx context.Context, code string) (string, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.l.Resolve(ctx, code)
}

// A citizen starts in the web chat, asks to continue on Telegram, opens
// the deep link, and the same form goes on there.
func TestStartCodeContinuesWebConversation(t *testing.T) {
	api := newFakeAPI(t)
	ll := &lateLinker{}
	e := startEnv(t, api, "", func(o *Options) { o.Linker = ll }, gateway.Config{})
	ll.mu.Lock()
	ll.l = e.core.Links
	ll.mu.Unlock()

	ctx := context.Background()
	web := func(id, text string) channels.Receipt {
		rc, err := e.core.Gateway.Deliver(ctx, channels.Inbound{Channel: "web", Address: "web-token", MessageID: id, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		return rc
	}
	rc := web("w1", "Zählerstand melden")
	web("w2", "1234567")
	web("w3", "auf Telegram weiter")
	_, entries, err := e.core.History.History(ctx, "web", "web-token", 0)
	if err != nil {
		t.Fatal(err)
	}
	var code string
	for _, h := range entries {
		if h.Outbound != nil {
			if m := regexp.MustCompile(`start=([A-Za-z0-9_-]+)`).FindStringSubmatch(h.Outbound.Text); m != nil {
				code = m[1]
			}
		}
	}
	if code == "" {
		t.Fatal("the web chat got no link to Telegram")
	}
	const chat = 4242777
	e.say(chat, "/start "+code, "Zählernummer")
	id, err := e.core.DB.Lookup("telegram", strconv.Itoa(chat))
	if err != nil || id != rc.Conversation {
		t.Fatalf("the Telegram chat is bound to %q, want the web conversation %q (%v)", id, rc.Conversation, err)
	}
	e.say(chat, "Z-4711", "Welchen Zählerstand")

	// A forged code starts nothing of anyone's.
	const other = 4242778
	e.say(other, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Womit kann ich helfen?")
	if id, _ := e.core.DB.Lookup("telegram", strconv.Itoa(other)); id == rc.Conversation {
		t.Fatal("a forged code joined the conversation")
	}
}
