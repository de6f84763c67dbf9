package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

var quiet = slog.New(slog.DiscardHandler)

// echoEngine answers every message with "echo: <text>" and checks that
// no conversation ever runs two turns at once.
type echoEngine struct {
	mu      sync.Mutex
	running map[string]bool
	overlap atomic.Int32
	delay   time.Duration
}

func (e *echoEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	key := in.Channel + "/" + in.Address
	e.mu.Lock()
	if e.running[key] {
		e.overlap.Add(1)
	}
	e.running[key] = true
	e.mu.Unlock()
	time.Sleep(e.delay)
	e.mu.Lock()
	e.running[key] = false
	e.mu.Unlock()
	from := channels.FromBot
	if in.From == channels.FromStaff {
		from = channels.FromStaff
	}
	return dialog.Result{State: st, Replies: []channels.Outbound{{From: from, Text: "echo: " + in.Text}}}
}

// recorder is a channel sender that records what it was asked to send.
type recorder struct {
	name  string
	mu    sync.Mutex
	sent  []channels.Delivery
	fail  atomic.Int32  // fail this many sends (temporary) before succeeding
	block chan struct{} // when not nil, Send waits for it
	got   chan channels.Delivery
}

func newRecorder(name string) *recorder {
	return &recorder{name: name, got: make(chan channels.Delivery, 1000)}
}

func (r *recorder) Name() string { return r.name }

func (r *recorder) Send(ctx context.Context, d channels.Delivery) error {
	if r.block != nil {
		select {
		case <-r.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if r.fail.Load() > 0 {
		r.fail.Add(-1)
		return errors.New("channel down")
	}
	r.mu.Lock()
	r.sent = append(r.sent, d)
	r.mu.Unlock()
	r.got <- d
	return nil
}

func (r *recorder) texts() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, d := range r.sent {
		out = append(out, d.Message.Text)
	}
	return out
}

type env struct {
	dir    string
	portal *pgp.Portal
	db     *bolt.DB
	gw     *Gateway
	stop   func()
}

func start(t *testing.T, dir string, eng Engine, senders ...channels.Sender) *env {
	t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(dir, p, bolt.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	gw := New(Config{Log: quiet, RetryBase: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond}, db, db, eng)
	for _, s := range senders {
		gw.AddSender(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { gw.Run(ctx); close(done) }()
	e := &env{dir: dir, portal: p, db: db, gw: gw}
	var once sync.Once
	e.stop = func() {
		once.Do(func() {
			cancel()
			<-done
			db.Close()
		})
	}
	t.Cleanup(e.stop)
	return e
}

func msg(channel, addr, id, text string) channels.Inbound {
	return channels.Inbound{Channel: channel, Address: addr, MessageID: id, Text: text}
}

func waitFor(t *testing.T, r *recorder, n int) []channels.Delivery {
	t.Helper()
	var got []channels.Delivery
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case d := <-r.got:
			got = append(got, d)
		case <-timeout:
			t.Fatalf("%s: got %d deliveries, want %d", r.name, len(got), n)
		}
	}
	return got
}

func TestDeliverStoresThenRepliesAndContinuesConversation(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	ctx := context.Background()
	rc, err := e.gw.Deliver(ctx, msg("web", "alice", "1", "hallo"))
	if err != nil || rc.Duplicate || len(rc.Replies) != 1 {
		t.Fatalf("receipt %+v, %v", rc, err)
	}
	// The receipt comes after the commit: the turn is in the store already.
	entries, err := e.db.Transcript(rc.Conversation, 0)
	if err != nil || len(entries) != 2 {
		t.Fatalf("transcript at ack: %d entries, %v", len(entries), err)
	}
	d := waitFor(t, web, 1)[0]
	if d.Address != "alice" || d.Message.Text != "echo: hallo" || d.ID != rc.Replies[0] {
		t.Fatalf("delivery %+v", d)
	}
	rc2, _ := e.gw.Deliver(ctx, msg("web", "alice", "2", "wieder da"))
	if rc2.Conversation != rc.Conversation {
		t.Fatal("the same address got a new conversation")
	}
	rc3, _ := e.gw.Deliver(ctx, msg("web", "bob", "3", "hi"))
	if rc3.Conversation == rc.Conversation {
		t.Fatal("another address joined the same conversation")
	}
}

func TestRepeatedMessageIDIsProcessedOnce(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	ctx := context.Background()
	if _, err := e.gw.Deliver(ctx, msg("web", "alice", "m-1", "eins")); err != nil {
		t.Fatal(err)
	}
	rc, err := e.gw.Deliver(ctx, msg("web", "alice", "m-1", "eins"))
	if err != nil || !rc.Duplicate || len(rc.Replies) != 0 {
		t.Fatalf("redelivery: %+v %v", rc, err)
	}
	waitFor(t, web, 1)
	time.Sleep(50 * time.Millisecond)
	if got := web.texts(); len(got) != 1 {
		t.Fatalf("replies %v, want one", got)
	}
	entries, _ := e.db.Transcript(rc.Conversation, 0)
	if len(entries) != 2 {
		t.Fatalf("%d transcript entries after a duplicate, want 2", len(entries))
	}
}

func TestTurnsOfOneConversationRunInOrderOthersInParallel(t *testing.T) {
	web := newRecorder("web")
	eng := &echoEngine{running: map[string]bool{}, delay: 2 * time.Millisecond}
	e := start(t, t.TempDir(), eng, web)
	ctx := context.Background()
	const convs, perConv = 10, 15
	var wg sync.WaitGroup
	for c := 0; c < convs; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			// One citizen sends quickly, each message only after the
			// previous was acknowledged, as a channel does.
			for i := 0; i < perConv; i++ {
				if _, err := e.gw.Deliver(ctx, msg("web", fmt.Sprint("citizen-", c), fmt.Sprint(c, "-", i), fmt.Sprint(i))); err != nil {
					t.Error(err)
				}
			}
		}(c)
	}
	// Also many messages of one conversation in flight at once.
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			e.gw.Deliver(ctx, msg("web", "burst", fmt.Sprint("b-", i), "burst"))
		}(i)
	}
	wg.Wait()
	if n := eng.overlap.Load(); n != 0 {
		t.Fatalf("%d turns of one conversation overlapped", n)
	}
	waitFor(t, web, convs*perConv+20)
	byAddr := map[string][]string{}
	for _, d := range web.sent {
		byAddr[d.Address] = append(byAddr[d.Address], d.Message.Text)
	}
	for c := 0; c < convs; c++ {
		got := byAddr[fmt.Sprint("citizen-", c)]
		for i, text := range got {
			if text != fmt.Sprint("echo: ", i) {
				t.Fatalf("citizen-%d got replies out of order: %v", c, got)
			}
		}
	}
	id, _ := e.db.Lookup("web", "burst")
	entries, _ := e.db.Transcript(id, 0)
	if len(entries) != 40 {
		t.Fatalf("burst conversation has %d entries, want 40 (no conversation split)", len(entries))
	}
}

func TestReplyDeliveredAfterRestart(t *testing.T) {
	dir := t.TempDir()
	down := newRecorder("web")
	down.fail.Store(1 << 30) // the channel is down: nothing gets out
	e := start(t, dir, &echoEngine{running: map[string]bool{}}, down)
	rc, err := e.gw.Deliver(context.Background(), msg("web", "alice", "1", "vor dem Absturz"))
	if err != nil {
		t.Fatal(err)
	}
	e.stop() // the process goes away with the reply still in the outbox

	up := newRecorder("web")
	start(t, dir, &echoEngine{running: map[string]bool{}}, up)
	d := waitFor(t, up, 1)[0]
	if d.Message.Text != "echo: vor dem Absturz" || d.ID != rc.Replies[0] {
		t.Fatalf("after restart got %+v", d)
	}
}

func TestRetriesThenDelivers(t *testing.T) {
	web := newRecorder("web")
	web.fail.Store(2)
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	ctx := context.Background()
	e.gw.Deliver(ctx, msg("web", "alice", "1", "a"))
	e.gw.Deliver(ctx, msg("web", "alice", "2", "b"))
	got := waitFor(t, web, 2)
	if got[0].Message.Text != "echo: a" || got[1].Message.Text != "echo: b" {
		t.Fatalf("after retries: %q, %q (order kept?)", got[0].Message.Text, got[1].Message.Text)
	}
}

type permanentSender struct{ *recorder }

func (p permanentSender) Send(ctx context.Context, d channels.Delivery) error {
	return channels.Permanent(errors.New("no such chat"))
}

func TestPermanentFailureGivesUp(t *testing.T) {
	web := permanentSender{newRecorder("web")}
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	e.gw.Deliver(context.Background(), msg("web", "alice", "1", "a"))
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if due, next, _ := e.db.Due("web", time.Now().Add(time.Hour), 10); len(due) == 0 && next.IsZero() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("a permanently failing reply stayed in the outbox")
}

func TestSlowChannelDoesNotDelayAnother(t *testing.T) {
	slow := newRecorder("telegram")
	slow.block = make(chan struct{}) // never answers until the test ends
	defer close(slow.block)
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, slow, web)
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		if _, err := e.gw.Deliver(ctx, msg("telegram", fmt.Sprint(i), fmt.Sprint("t", i), "x")); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	if _, err := e.gw.Deliver(ctx, msg("web", "alice", "w1", "schnell")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, web, 1)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("web reply took %v behind a stuck channel", d)
	}
}

func TestStaffMessageReachesCitizenChannel(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	ctx := context.Background()
	rc, _ := e.gw.Deliver(ctx, msg("web", "alice", "1", "ich brauche Hilfe"))
	waitFor(t, web, 1)
	_, err := e.gw.Deliver(ctx, channels.Inbound{Channel: "staff", Address: "agent-1", MessageID: "s1",
		Conversation: rc.Conversation, From: channels.FromStaff, Text: "Guten Tag"})
	if err != nil {
		t.Fatal(err)
	}
	d := waitFor(t, web, 1)[0]
	if d.Address != "alice" || d.Message.From != channels.FromStaff {
		t.Fatalf("staff reply went to %q from %q", d.Address, d.Message.From)
	}
	// The staff member's address did not take over the conversation.
	if id, _ := e.db.Lookup("web", "alice"); id != rc.Conversation {
		t.Fatal("citizen lost the conversation")
	}
	_, err = e.gw.Deliver(ctx, channels.Inbound{Channel: "staff", Address: "agent-1", MessageID: "s2",
		Conversation: "no-such-conversation", From: channels.FromStaff, Text: "?"})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("staff message to unknown conversation: %v", err)
	}
}

func TestStoredTurnHoldsTheEngineState(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	rc, _ := e.gw.Deliver(context.Background(), msg("web", "alice", "1", "hallo"))
	c, err := e.db.Conversation(rc.Conversation)
	if err != nil {
		t.Fatal(err)
	}
	var st dialog.State
	if err := json.Unmarshal(c.State, &st); err != nil {
		t.Fatalf("stored state is not the engine's: %v", err)
	}
}

func TestHistoryMatchesLiveMessageIDs(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &echoEngine{running: map[string]bool{}}, web)
	ctx := context.Background()
	e.gw.Deliver(ctx, msg("web", "alice", "c-1", "hallo"))
	live := waitFor(t, web, 1)[0]
	conv, entries, err := NewHistory(e.db).History(ctx, "web", "alice", 0)
	if err != nil || conv == "" || len(entries) != 2 {
		t.Fatalf("history: %q %d %v", conv, len(entries), err)
	}
	if entries[0].Inbound == nil || entries[0].Inbound.MessageID != "c-1" || entries[0].Inbound.Text != "hallo" {
		t.Fatalf("first entry %+v", entries[0])
	}
	if entries[1].Outbound == nil || entries[1].Outbound.ID == "" || entries[1].Outbound.ID != live.Message.ID {
		t.Fatalf("history reply id %+v, live id %q", entries[1].Outbound, live.Message.ID)
	}
	if conv, entries, _ := NewHistory(e.db).History(ctx, "web", "nobody", 0); conv != "" || entries != nil {
		t.Fatal("history for an unknown address")
	}
}

type panicEngine struct{ echoEngine }

func (p *panicEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	if in.Text == "boom" {
		panic("engine bug")
	}
	return p.echoEngine.Step(st, in, now)
}

func TestEnginePanicFailsOnlyThatTurn(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), &panicEngine{echoEngine{running: map[string]bool{}}}, web)
	ctx := context.Background()
	if _, err := e.gw.Deliver(ctx, msg("web", "alice", "1", "boom")); err == nil {
		t.Fatal("a failed turn was acknowledged")
	}
	if seen, _ := e.db.Seen("web\x001"); seen {
		t.Fatal("a failed turn was stored")
	}
	if _, err := e.gw.Deliver(ctx, msg("web", "alice", "2", "weiter")); err != nil {
		t.Fatalf("the conversation is stuck after a failed turn: %v", err)
	}
	waitFor(t, web, 1)
}

// countEngine counts the turns of a conversation in its state and says the
// count: a turn decided on stale state repeats a number.
type countEngine struct{}

func (countEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	st.Misses++
	return dialog.Result{State: st, Replies: []channels.Outbound{{From: channels.FromBot, Text: fmt.Sprint(st.Misses)}}}
}

func TestEachTurnSeesTheStateOfTheLastOne(t *testing.T) {
	web := newRecorder("web")
	e := start(t, t.TempDir(), countEngine{}, web)
	// Widen the moment between a worker giving up its queue and exiting,
	// where the next message's worker starts.
	e.gw.queueGone = func() { time.Sleep(200 * time.Microsecond) }
	ctx := context.Background()
	const n = 400
	for i := 1; i <= n; i++ {
		// One after the other, as a citizen waits for the acknowledgement:
		// each new worker must find the state the last one committed.
		if _, err := e.gw.Deliver(ctx, msg("web", "alice", fmt.Sprint(i), "x")); err != nil {
			t.Fatal(err)
		}
	}
	for i, d := range waitFor(t, web, n) {
		if d.Message.Text != fmt.Sprint(i+1) {
			t.Fatalf("turn %d saw the state of an older turn (said %s)", i+1, d.Message.Text)
		}
	}
}
