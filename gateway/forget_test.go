package gateway

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
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

// idleConversation is a counting core with one committed, idle
// conversation of alice, whose state is cached.
func idleConversation(t *testing.T) (*env, *recorder, string) {
	t.Helper()
	web := newRecorder("web")
	e := start(t, t.TempDir(), countEngine{}, web)
	rc, err := e.gw.Deliver(context.Background(), msg("web", "alice", "1", "hallo"))
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, web, 1)
	e.gw.idle(t, rc.Conversation)
	return e, web, rc.Conversation
}

func TestForgottenConversationIsNotWrittenFromTheCache(t *testing.T) {
	e, web, id := idleConversation(t)
	ctx := context.Background()
	rc := channels.Receipt{Conversation: id}
	if e.gw.cache.get(rc.Conversation) == nil {
		t.Fatal("precondition: the conversation's state should be cached")
	}
	// Retention deletes the conversation while the server runs.
	err := e.gw.Erase(ctx, []string{rc.Conversation}, func(ctx context.Context) error {
		_, err := e.db.Delete(ctx, []string{rc.Conversation})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
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

// gateEngine counts like countEngine, but its first Step waits for open.
type gateEngine struct {
	entered, open chan struct{}
	once          *sync.Once
}

func (e gateEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	e.once.Do(func() { close(e.entered); <-e.open })
	return countEngine{}.Step(st, in, now)
}

func TestEraseWaitsForTheTurnAndHoldsTheNext(t *testing.T) {
	web := newRecorder("web")
	eng := gateEngine{entered: make(chan struct{}), open: make(chan struct{}), once: &sync.Once{}}
	e := start(t, t.TempDir(), eng, web)
	ctx := context.Background()
	first := make(chan channels.Receipt, 1)
	go func() {
		rc, err := e.gw.Deliver(ctx, msg("web", "alice", "1", "hallo"))
		if err != nil {
			t.Error(err)
		}
		first <- rc
	}()
	<-eng.entered // the first turn is in the engine
	id, err := e.gw.resolve("web", "alice")
	if err != nil {
		t.Fatal(err)
	}
	deleted := make(chan error, 1)
	erased := make(chan error, 1)
	go func() {
		erased <- e.gw.Erase(ctx, []string{id}, func(ctx context.Context) error {
			// The turn that was running is committed before the erasure.
			if _, err := e.db.Conversation(id); err != nil {
				return fmt.Errorf("the running turn was not committed first: %w", err)
			}
			// Its reply goes out before the erasure takes it (an erasure
			// deletes replies not sent yet, so on a busy machine it could
			// otherwise never come).
			select {
			case d := <-web.got:
				if d.Message.Text != "1" {
					return fmt.Errorf("the first reply: %q", d.Message.Text)
				}
			case <-time.After(10 * time.Second):
				return errors.New("the first reply was not delivered")
			}
			_, err := e.db.Delete(ctx, []string{id})
			deleted <- err
			return err
		})
	}()
	select {
	case <-deleted:
		t.Fatal("the erasure ran while a turn was in the engine")
	case <-time.After(50 * time.Millisecond):
	}
	close(eng.open)
	if rc := <-first; rc.Conversation != id {
		t.Fatalf("first message went to %s, not %s", rc.Conversation, id)
	}
	if err := <-erased; err != nil {
		t.Fatal(err)
	}
	// A message into the erased conversation's id starts afresh.
	if _, err := e.gw.Deliver(ctx, channels.Inbound{Channel: "web", Address: "alice", MessageID: "2", Conversation: id, Text: "noch da?"}); err != nil {
		t.Fatal(err)
	}
	got := waitFor(t, web, 1)
	if got[0].Message.Text != "1" {
		t.Fatalf("the message after the erasure continued the erased state: %q", got[0].Message.Text)
	}
}

func TestEraseHoldsMessagesThatComeMeanwhile(t *testing.T) {
	e, web, id := idleConversation(t)
	ctx := context.Background()
	rc := channels.Receipt{Conversation: id}
	inDel, release := make(chan struct{}), make(chan struct{})
	erased := make(chan error, 1)
	go func() {
		erased <- e.gw.Erase(ctx, []string{rc.Conversation}, func(ctx context.Context) error {
			close(inDel)
			<-release
			_, err := e.db.Delete(ctx, []string{rc.Conversation})
			return err
		})
	}()
	<-inDel
	second := make(chan error, 1)
	go func() {
		_, err := e.gw.Deliver(ctx, channels.Inbound{Channel: "web", Address: "alice", MessageID: "2",
			Conversation: rc.Conversation, Text: "noch da?"})
		second <- err
	}()
	select {
	case err := <-second:
		t.Fatalf("a message was handled during the erasure: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if err := <-erased; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	if got := waitFor(t, web, 1); got[0].Message.Text != "1" {
		t.Fatalf("the held message continued the erased state: %q", got[0].Message.Text)
	}
}
