package telegram

import (
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/gateway"
)

// A crash mid-dialog, right after the core committed an update but before
// the offset was stored and before its reply was sent; another update
// arrives while the bot is down. After the restart on the same data the
// unconfirmed update comes again and is recognised, the pending reply is
// sent, the new update is taken: every update made exactly one turn, every
// reply was sent exactly once.
func TestRestartLosesAndDoublesNothing(t *testing.T) {
	api := newFakeAPI(t)
	dir := t.TempDir()
	gate := gateway.Config{}
	e1 := startEnv(t, api, dir, nil, gate)
	const chat = 9191001

	e1.say(chat, "Zählerstand melden", "Kundennummer")
	e1.say(chat, "1234567", "Zählernummer")
	e1.settle(chat)
	e1.waitOffset(api.nextUpdate + 1)

	// the crash window: the turn commits, then nothing more gets out
	e1.late.blockOffset.Store(true)
	api.fail("sendMessage", failure{status: 500, desc: "Internal Server Error", sticky: true})
	u3 := api.text(chat, "Z-4711")
	api.wait(t, "the reply to update 3 failing", func() bool {
		for _, c := range api.calls {
			if c.Method == "sendMessage" && c.Status == 500 {
				return true
			}
		}
		return false
	})
	if _, entries := e1.history(chat); countIn(entries) != 3 {
		t.Fatalf("before the crash the transcript has %d inbound messages, want 3", countIn(entries))
	}
	e1.crash()

	u4 := api.text(chat, "12.345,6") // arrives while the bot is down
	api.clearFailures("sendMessage")
	// Stay down until the failed reply's retry time (≤ RetryMax) has
	// passed: the outbox's per-conversation hold is kept in memory only,
	// so a reply still waiting for its retry at the start would be
	// overtaken by the next one (reported to the gateway's owner).
	time.Sleep(600 * time.Millisecond)
	restarted := time.Now()
	e2 := startEnv(t, api, dir, nil, gate)
	e2.api.waitReply(t, chat, 0, "abgelesen")

	// the first poll after the restart asks from the stored offset
	for _, c := range api.callsOf("getUpdates") {
		if c.At.After(restarted) {
			if c.Params["offset"] != itoa(int64(u3)) {
				t.Errorf("first poll after the restart: offset %q, want %d", c.Params["offset"], u3)
			}
			break
		}
	}
	e2.waitOffset(u4 + 1)

	_, entries := e2.history(chat)
	var texts []string
	for _, h := range entries {
		if h.Inbound != nil {
			texts = append(texts, h.Inbound.Text)
		}
	}
	if got := strings.Join(texts, "|"); got != "Zählerstand melden|1234567|Z-4711|12.345,6" {
		t.Errorf("inbound messages in the transcript: %s", got)
	}
	e2.checkExactlyOnce(chat)
}

func countIn(entries []channels.HistoryEntry) int {
	n := 0
	for _, h := range entries {
		if h.Inbound != nil {
			n++
		}
	}
	return n
}
