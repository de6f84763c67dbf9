package gateway

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// threeEngine answers every message with three replies.
type threeEngine struct{}

func (threeEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	var r []channels.Outbound
	for i := 1; i <= 3; i++ {
		r = append(r, channels.Outbound{From: channels.FromBot, Text: fmt.Sprintf("%s/%d", in.Text, i)})
	}
	return dialog.Result{State: st, Replies: r}
}

// crashingOutbox lets the first pass batches of "delivered" records
// through; the later ones hang until crash, then fail without writing, as
// when the process dies before their commit.
type crashingOutbox struct {
	*bolt.DB
	mu       sync.Mutex
	pass     int
	recorded []string
	waiting  chan struct{} // closed when the first batch hangs
	crash    chan struct{}
	once     sync.Once
}

func (o *crashingOutbox) DeliveredAll(ctx context.Context, channel string, ids []string) error {
	o.mu.Lock()
	if o.pass > 0 {
		o.pass--
		o.mu.Unlock()
		err := o.DB.DeliveredAll(ctx, channel, ids)
		o.mu.Lock()
		o.recorded = append(o.recorded, ids...)
		o.mu.Unlock()
		return err
	}
	o.mu.Unlock()
	o.once.Do(func() { close(o.waiting) })
	<-o.crash
	return errors.New("killed before the commit")
}

// runGateway runs a gateway over db (as outbox too, unless outbox is set)
// until cancel is called; done is closed when it has stopped.
func runGateway(t *testing.T, db *bolt.DB, outbox Outbox, eng Engine, s channels.Sender) (gw *Gateway, cancel func(), done chan struct{}) {
	t.Helper()
	if outbox == nil {
		outbox = db
	}
	gw = New(Config{Log: quiet, RetryBase: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond}, db, outbox, eng)
	gw.AddSender(s)
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() { gw.Run(ctx); close(done) }()
	return gw, cancel, done
}

func openDB(t *testing.T, dir string) *bolt.DB {
	t.Helper()
	p, err := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(dir, p, bolt.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// A conversation's next reply goes out before the record that its
// predecessor was delivered is durable. A crash then loses records, but
// only of the last replies sent: after the restart exactly those are sent
// again, in their order, and no reply is lost.
func TestCrashBetweenSendAndRecordResendsInOrder(t *testing.T) {
	for _, pass := range []int{0, 1, 2} {
		t.Run(fmt.Sprint("batches recorded before the crash: ", pass), func(t *testing.T) {
			dir := t.TempDir()
			db := openDB(t, dir)
			ob := &crashingOutbox{DB: db, pass: pass, waiting: make(chan struct{}), crash: make(chan struct{})}
			web := newRecorder("web")
			gw, cancel, done := runGateway(t, db, ob, threeEngine{}, web)
			const convs, turns = 6, 2
			var wg sync.WaitGroup
			for c := range convs {
				wg.Go(func() {
					for i := range turns {
						if _, err := gw.Deliver(context.Background(), msg("web", fmt.Sprint("c", c), fmt.Sprint(c, "-", i), fmt.Sprint("c", c, "t", i))); err != nil {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
			// Every reply goes out although the records after the first
			// pass batches never commit.
			sent := waitFor(t, web, convs*turns*3)
			<-ob.waiting
			cancel()
			close(ob.crash) // the process dies: the hanging records are lost
			<-done
			db.Close()

			ob.mu.Lock()
			recorded := map[string]bool{}
			for _, id := range ob.recorded {
				recorded[id] = true
			}
			ob.mu.Unlock()
			var want []channels.Delivery // what must come again, in order per conversation
			for _, d := range sent {
				if !recorded[d.ID] {
					want = append(want, d)
				}
			}
			if len(want) == 0 {
				t.Fatal("nothing left unrecorded; the test did not test")
			}
			db = openDB(t, dir)
			defer db.Close()
			again := newRecorder("web")
			_, cancel, done = runGateway(t, db, nil, threeEngine{}, again)
			defer func() { cancel(); <-done }()
			got := waitFor(t, again, len(want))
			time.Sleep(100 * time.Millisecond)
			if extra := len(again.texts()) - len(want); extra != 0 {
				t.Fatalf("%d replies sent again that were recorded as delivered", extra)
			}
			perConv := func(ds []channels.Delivery) map[string][]string {
				m := map[string][]string{}
				for _, d := range ds {
					m[d.Address] = append(m[d.Address], d.Message.Text)
				}
				return m
			}
			all, w, g := perConv(sent), perConv(want), perConv(got)
			for addr, texts := range w {
				if !slices.Equal(g[addr], texts) {
					t.Fatalf("%s: sent again %v, want %v", addr, g[addr], texts)
				}
				// What is sent again is the end of what was sent: the
				// records that survived are of the first replies.
				if sentAll := all[addr]; !slices.Equal(sentAll[len(sentAll)-len(texts):], texts) {
					t.Fatalf("%s: sent %v, but %v not recorded: not the last ones", addr, sentAll, texts)
				}
			}
		})
	}
}

// The sender does not wait for a reply's record before sending the next
// reply of its conversation.
func TestNextReplyDoesNotWaitForTheRecord(t *testing.T) {
	db := openDB(t, t.TempDir())
	defer db.Close()
	ob := &crashingOutbox{DB: db, waiting: make(chan struct{}), crash: make(chan struct{})}
	web := newRecorder("web")
	gw, cancel, done := runGateway(t, db, ob, threeEngine{}, web)
	defer func() { cancel(); close(ob.crash); <-done }()
	if _, err := gw.Deliver(context.Background(), msg("web", "alice", "1", "x")); err != nil {
		t.Fatal(err)
	}
	got := waitFor(t, web, 3) // while the first record hangs
	for i, d := range got {
		if d.Message.Text != fmt.Sprintf("x/%d", i+1) {
			t.Fatalf("reply %d: %q", i, d.Message.Text)
		}
	}
	// Nor is anything sent twice while the records hang.
	time.Sleep(100 * time.Millisecond)
	if n := len(web.texts()); n != 3 {
		t.Fatalf("%d sends, want 3", n)
	}
}

// A reply waiting for its retry holds back the later replies of its
// conversation, although the one before it went out without waiting.
func TestRetryHoldsBackLaterReplies(t *testing.T) {
	db := openDB(t, t.TempDir())
	defer db.Close()
	web := &failNth{recorder: newRecorder("web"), fail: map[string]int{"x/2": 2}}
	gw, cancel, done := runGateway(t, db, nil, threeEngine{}, web)
	defer func() { cancel(); <-done }()
	if _, err := gw.Deliver(context.Background(), msg("web", "alice", "1", "x")); err != nil {
		t.Fatal(err)
	}
	got := waitFor(t, web.recorder, 3)
	var texts []string
	for _, d := range got {
		texts = append(texts, d.Message.Text)
	}
	if !slices.Equal(texts, []string{"x/1", "x/2", "x/3"}) {
		t.Fatalf("delivered %v", texts)
	}
}

// failNth fails the sends of some texts a number of times.
type failNth struct {
	*recorder
	mu   sync.Mutex
	fail map[string]int
}

func (f *failNth) Send(ctx context.Context, d channels.Delivery) error {
	f.mu.Lock()
	n := f.fail[d.Message.Text]
	if n > 0 {
		f.fail[d.Message.Text] = n - 1
	}
	f.mu.Unlock()
	if n > 0 {
		return errors.New("channel down")
	}
	return f.recorder.Send(ctx, d)
}
