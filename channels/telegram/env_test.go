package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
)

// lateCore lets the channel be built before the core (the harness needs
// the channel as a sender first) and can hold back offset writes, as a
// crash right after a turn's commit would.
type lateCore struct {
	mu          sync.Mutex
	d           channels.Deliverer
	st          StateStore
	blockOffset atomic.Bool
}

func (l *lateCore) set(d channels.Deliverer, st StateStore) {
	l.mu.Lock()
	l.d, l.st = d, st
	l.mu.Unlock()
}

func (l *lateCore) get() (channels.Deliverer, StateStore) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.d, l.st
}

func (l *lateCore) Deliver(ctx context.Context, in channels.Inbound) (channels.Receipt, error) {
	d, _ := l.get()
	if d == nil {
		return channels.Receipt{}, errors.New("core not started")
	}
	return d.Deliver(ctx, in)
}

func (l *lateCore) ChannelState(channel, key string) ([]byte, error) {
	_, st := l.get()
	if st == nil {
		return nil, errors.New("core not started")
	}
	return st.ChannelState(channel, key)
}

func (l *lateCore) SetChannelState(ctx context.Context, channel, key string, value []byte) error {
	_, st := l.get()
	if st == nil {
		return errors.New("core not started")
	}
	if l.blockOffset.Load() && strings.HasPrefix(key, "offset:") {
		<-ctx.Done()
		return ctx.Err()
	}
	return st.SetChannelState(ctx, channel, key, value)
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is a running core with a Telegram channel talking to a fake API.
type env struct {
	t    *testing.T
	api  *fakeAPI
	core *harness.Core
	ch   *Channel
	late *lateCore
	logs *syncBuffer

	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startEnv starts a core in dir ("" for a new one) with a channel whose
// options mod may change; pacing is fast unless mod sets it.
func startEnv(t *testing.T, api *fakeAPI, dir string, mod func(*Options), gate gateway.Config) *env {
	t.Helper()
	late := &lateCore{}
	opts := Options{Token: api.token, APIURL: api.srv.URL, PerSecond: 1000,
		ChatInterval: 10 * time.Millisecond, PollTimeout: time.Second}
	if mod != nil {
		mod(&opts)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ch, err := New(opts, late, log)
	if err != nil {
		t.Fatal(err)
	}
	if gate.RetryBase == 0 {
		gate.RetryBase, gate.RetryMax = 50*time.Millisecond, 500*time.Millisecond
	}
	core := harness.Start(t, harness.Options{Dir: dir, Gate: gate, Log: log}, ch)
	late.set(core.Gateway, core.State)
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{t: t, api: api, core: core, ch: ch, late: late, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { e.done <- ch.Run(ctx, late) }()
	t.Cleanup(e.stopChannel)
	return e
}

// stopChannel ends Run and waits for it.
func (e *env) stopChannel() {
	e.once.Do(func() {
		e.cancel()
		select {
		case err := <-e.done:
			if err != nil {
				e.t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			e.t.Error("Run did not end with its context")
		}
	})
}

// crash stops channel and core without draining the outbox.
func (e *env) crash() {
	e.stopChannel()
	e.core.Stop()
}

// history is the transcript of chat's conversation.
func (e *env) history(chat int64) (string, []channels.HistoryEntry) {
	e.t.Helper()
	conv, entries, err := e.core.History.History(context.Background(), Name, itoa(chat), 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return conv, entries
}

// say sends text from chat and waits for a reply containing want.
func (e *env) say(chat int64, text, want string) apiCall {
	e.t.Helper()
	since := len(e.api.sent(chat))
	e.api.text(chat, text)
	return e.api.waitReply(e.t, chat, since, want)
}

// press presses the button with data on message msg and waits for a reply
// containing want.
func (e *env) press(chat int64, msg int, data, want string) (apiCall, string) {
	e.t.Helper()
	since := len(e.api.sent(chat))
	_, cb := e.api.press(chat, msg, data)
	return e.api.waitReply(e.t, chat, since, want), cb
}

// storedOffset reads the stored update offset (0 when unset).
func (e *env) storedOffset() int {
	e.t.Helper()
	n, _, err := e.ch.loadOffset()
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// waitOffset waits until the stored offset is want.
func (e *env) waitOffset(want int) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for e.storedOffset() != want {
		if time.Now().After(deadline) {
			e.t.Fatalf("stored offset %d, want %d", e.storedOffset(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits until every reply in chat's transcript was sent (one
// message each: replies without attachments).
func (e *env) settle(chat int64) int {
	e.t.Helper()
	e.api.wait(e.t, "the replies so far", func() bool {
		_, entries, err := e.core.History.History(context.Background(), Name, itoa(chat), 0)
		if err != nil {
			return false
		}
		n := 0
		for _, h := range entries {
			if h.Outbound != nil {
				n++
			}
		}
		return len(e.api.sentLocked(chat)) >= n
	})
	return len(e.api.sent(chat))
}

// checkExactlyOnce checks that every reply in chat's transcript was sent
// exactly once, in order, and nothing else was sent.
func (e *env) checkExactlyOnce(chat int64) {
	e.t.Helper()
	var want []string
	e.api.wait(e.t, "every reply sent", func() bool {
		_, entries, err := e.core.History.History(context.Background(), Name, itoa(chat), 0)
		if err != nil {
			return false
		}
		want = want[:0]
		for _, h := range entries {
			if h.Outbound != nil {
				want = append(want, h.Outbound.Text)
			}
		}
		return len(sentTexts(e.api.sentLocked(chat))) >= len(want)
	})
	time.Sleep(300 * time.Millisecond) // a double would come now
	got := sentTexts(e.api.sent(chat))
	if strings.Join(got, "\n---\n") != strings.Join(want, "\n---\n") {
		e.t.Fatalf("sent %d messages, transcript has %d replies:\nsent: %q\nwant: %q", len(got), len(want), got, want)
	}
}

// checkLogs fails when the logs hold any of the given personal data or
// the token.
func (e *env) checkLogs(private ...string) {
	e.t.Helper()
	logs := e.logs.String()
	for _, p := range append(private, fakeToken, "TEST-token_secret") {
		if strings.Contains(logs, p) {
			e.t.Errorf("the logs contain %q:\n%s", p, logs)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// sentTexts are the texts of the messages sent to chat.
func sentTexts(calls []apiCall) []string {
	var out []string
	for _, c := range calls {
		if c.Method == "sendMessage" {
			out = append(out, c.Params["text"])
		}
	}
	return out
}
