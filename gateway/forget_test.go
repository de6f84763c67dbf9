package gateway

import (
	"context"
	"errors"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/store"
)

// idle waits until no worker runs for conversation id, so that its state
// is in the cache.
func (g *Gateway) idle(t *testing.T, id string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		g.mu.Lock()
		_, running := g.queues[id]
		g.mu.Unlock()
		if !running {
			return
		}
	}
	t.Fatalf("the worker of %s does not finish", id)
}

func TestForgottenConversationIsNotWrittenFromTheCache(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), countEngine{}, web)
	ctx := context.Background()
	rc, err := e.gw.Deliver(ctx, msg("web", "alice", "1", "hallo"))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, web, 1)
	e.gw.idle(t, rc.Conversation)
	if e.gw.cache.get(rc.Conversation) == nil {
		t.Fatal("precondition: the conversation's state should be cached")
	}
	// Retention deletes the conversation while the server runs.
	gone, err := e.db.Delete(ctx, []string{rc.Conversation})
	if err != nil {
		t.Fatal(err)
	}
	e.gw.ForgetConversations(gone.Conversations...)
	if e.gw.cache.get(rc.Conversation) != nil {
		t.Fatal("the deleted conversation's state is still cached")
	}
	// A console still showing it cannot write into it: it is gone.
	_, err = e.gw.Deliver(ctx, channels.Inbound{Channel: "staff", Address: "agent-1", MessageID: "s1",
		Conversation: rc.Conversation, From: channels.FromStaff, Text: "Guten Tag"})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("staff message into a deleted conversation: %v", err)
	}
	if _, err := e.db.Conversation(rc.Conversation); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the deleted conversation is back: %v", err)
	}
	// The citizen writing again starts afresh (the count begins at 1).
	if _, err := e.gw.Deliver(ctx, msg("web", "alice", "2", "wieder da")); err != nil {
		t.Fatal(err)
	}
	if d := waitFor(t, web, 1)[0]; d.Message.Text != "1" {
		t.Fatalf("the new conversation continued the deleted one's state: %q", d.Message.Text)
	}
}
