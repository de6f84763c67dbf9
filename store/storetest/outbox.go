package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"amtsbote/store"
)

// outboxContracts: what Due hands out, in which order, and what Delivered,
// Retry and GiveUp do to it.
var outboxContracts = []contract{
	{"DueInOrder", testDueInOrder},
	{"Scheduled", testScheduled},
	{"RetryHoldsBackItsConversation", testRetry},
	{"Delivered", testDelivered},
	{"GiveUp", testGiveUp},
	{"DueExcept", testDueExcept},
}

// reply is a turn of conv with one reply and no transcript, at.
func reply(conv, body string, at time.Time) store.Turn {
	return store.Turn{Conversation: conv, Channel: web, Address: addr(conv), Time: at,
		Outbox: []store.OutboxItem{{Channel: web, Address: addr(conv), Body: []byte(body)}}}
}

func testDueInOrder(t *testing.T, e *env) {
	var want []string
	for i, conv := range []string{"a", "b", "a", "c", "b"} {
		body := conv + "-" + string(rune('0'+i))
		e.commit(t, reply(conv, body, t0))
		want = append(want, body)
	}
	tr := citizenTurn("d", "m1", t0)
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: tg, Address: "tg-d", Body: []byte("to telegram")})
	res := e.commit(t, tr)
	want = append(want, string(tr.Outbox[0].Body))
	if len(res.OutboxIDs) != 2 || res.OutboxIDs[0] == res.OutboxIDs[1] {
		t.Fatalf("outbox ids %v", res.OutboxIDs)
	}

	d, next := e.due(t, web, t0)
	if !slices.Equal(bodies(d), want) {
		t.Fatalf("due %q, want %q", bodies(d), want)
	}
	if !next.IsZero() {
		t.Errorf("next %v with nothing waiting", next)
	}
	last := d[len(d)-1]
	if last.ID != res.OutboxIDs[0] || last.Channel != web || last.Conversation != "d" || last.Address != addr("d") ||
		last.Attempts != 0 || !last.Created.Equal(t0) {
		t.Errorf("delivery %+v", last)
	}
	if last.Decoded != nil {
		t.Errorf("Decoded %v: the turn gave none", last.Decoded)
	}
	if d, _, _ := e.s.Due(web, t0, 2); !slices.Equal(bodies(d), want[:2]) {
		t.Errorf("due with limit 2: %q", bodies(d))
	}
	tgd, _ := e.due(t, tg, t0)
	if len(tgd) != 1 || tgd[0].ID != res.OutboxIDs[1] || tgd[0].Address != "tg-d" || string(tgd[0].Body) != "to telegram" {
		t.Errorf("due on telegram %+v", tgd)
	}
	if d, _ := e.due(t, "email", t0); len(d) != 0 {
		t.Errorf("due on a channel without items: %+v", d)
	}
	if depth, err := e.s.OutboxDepth(); err != nil || depth[web] != 6 || depth[tg] != 1 {
		t.Errorf("outbox depth %v %v", depth, err)
	}
	// Decoded is a side channel from memory: when given back, it is what
	// the writer had.
	type outbound struct{ Text string }
	dec := citizenTurn("e", "m1", t0)
	dec.Outbox[0].Decoded = outbound{Text: "decoded"}
	id := e.commit(t, dec).OutboxIDs[0]
	d, _ = e.due(t, web, t0)
	for _, x := range d {
		if x.ID == id && (string(x.Body) != string(dec.Outbox[0].Body) || (x.Decoded != nil && x.Decoded != dec.Outbox[0].Decoded)) {
			t.Errorf("delivery with Decoded: body %q decoded %v", x.Body, x.Decoded)
		}
	}
}

func testScheduled(t *testing.T, e *env) {
	at := t0.Add(24 * time.Hour)
	tr := reply("a", "confirmation", t0)
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: web, Address: addr("a"), Body: []byte("reminder"), At: at})
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: web, Address: addr("a"), Body: []byte("after")})
	e.commit(t, tr)
	// The scheduled item holds back nothing of its conversation.
	d, next := e.due(t, web, t0)
	if !slices.Equal(bodies(d), []string{"confirmation", "after"}) || !next.Equal(at) {
		t.Fatalf("due before the reminder: %q next %v, want next %v", bodies(d), next, at)
	}
	if err := e.s.DeliveredAll(context.Background(), web, ids(d)); err != nil {
		t.Fatal(err)
	}
	if d, next := e.due(t, web, at.Add(-time.Second)); len(d) != 0 || !next.Equal(at) {
		t.Fatalf("due a second before: %q next %v", bodies(d), next)
	}
	e.commit(t, reply("a", "later", t0.Add(time.Hour)))
	d, next = e.due(t, web, at)
	if !slices.Equal(bodies(d), []string{"reminder", "later"}) || !next.IsZero() {
		t.Fatalf("due at the reminder's time: %q next %v", bodies(d), next)
	}
}

func testRetry(t *testing.T, e *env) {
	ctx := context.Background()
	first := e.commit(t, reply("a", "a1", t0)).OutboxIDs[0]
	e.commit(t, reply("b", "b1", t0))
	e.commit(t, reply("a", "a2", t0))
	retryAt := t0.Add(5 * time.Minute)
	if err := e.s.Retry(ctx, web, first, retryAt); err != nil {
		t.Fatal(err)
	}
	// a1 waits: a2 waits behind it; b goes on.
	d, next := e.due(t, web, t0.Add(time.Minute))
	if !slices.Equal(bodies(d), []string{"b1"}) || !next.Equal(retryAt) {
		t.Fatalf("due while a1 waits: %q next %v", bodies(d), next)
	}
	e.commit(t, reply("a", "a3", t0.Add(2*time.Minute)))
	if d, _ := e.due(t, web, t0.Add(3*time.Minute)); !slices.Equal(bodies(d), []string{"b1"}) {
		t.Fatalf("a reply written while a1 waits is due: %q", bodies(d))
	}
	d, _ = e.due(t, web, retryAt)
	if !slices.Equal(bodies(d), []string{"a1", "b1", "a2", "a3"}) {
		t.Fatalf("due at the retry: %q", bodies(d))
	}
	if d[0].ID != first || d[0].Attempts != 1 {
		t.Errorf("retried delivery %+v", d[0])
	}
	if err := e.s.Retry(ctx, web, first, retryAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if d, _ := e.due(t, web, retryAt.Add(time.Minute)); len(d) == 0 || d[0].ID != first || d[0].Attempts != 2 {
		t.Errorf("attempts after two retries: %+v", d)
	}
	// Retrying what is gone is no error.
	if err := e.s.Delivered(ctx, web, first); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Retry(ctx, web, first, retryAt); err != nil {
		t.Errorf("retry of a delivered item: %v", err)
	}
	if d, _ := e.due(t, web, retryAt.Add(time.Hour)); slices.Contains(ids(d), first) {
		t.Error("a delivered item is due again after a retry")
	}
}

func testDelivered(t *testing.T, e *env) {
	ctx := context.Background()
	var all []string
	for _, conv := range []string{"a", "b", "a", "c"} {
		all = append(all, e.commit(t, reply(conv, conv, t0)).OutboxIDs...)
	}
	if err := e.s.Delivered(ctx, web, all[0]); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Delivered(ctx, web, all[0]); err != nil {
		t.Errorf("delivered twice: %v", err)
	}
	if err := e.s.DeliveredAll(ctx, web, []string{all[1], all[0], all[3]}); err != nil {
		t.Fatal(err)
	}
	d, _ := e.due(t, web, t0.Add(time.Hour))
	if !slices.Equal(ids(d), []string{all[2]}) {
		t.Fatalf("due after delivering: %v, want %v", ids(d), all[2:3])
	}
	if depth, _ := e.s.OutboxDepth(); depth[web] != 1 {
		t.Errorf("outbox depth %v, want 1", depth)
	}
	// A scheduled item enters its conversation's transcript once delivered.
	tr := citizenTurn("r", "m1", t0)
	tr.Outbox = []store.OutboxItem{{Channel: web, Address: addr("r"), Body: []byte("Erinnerung-Q7Zr4Wm2"), At: t0.Add(time.Hour)}}
	id := e.commit(t, tr).OutboxIDs[0]
	if n := len(e.transcript(t, "r")); n != 2 {
		t.Fatalf("%d entries before the reminder", n)
	}
	if err := e.s.Delivered(ctx, web, id); err != nil {
		t.Fatal(err)
	}
	es := e.transcript(t, "r")
	if len(es) != 3 || es[2].Kind != store.EntryOut || string(es[2].Body) != "Erinnerung-Q7Zr4Wm2" {
		t.Fatalf("transcript after the reminder: %+v", es)
	}
	checkSeqs(t, es, 0)
}

func testGiveUp(t *testing.T, e *env) {
	ctx := context.Background()
	bad := e.commit(t, reply("a", "a1", t0)).OutboxIDs[0]
	e.commit(t, reply("a", "a2", t0))
	if err := e.s.Retry(ctx, web, bad, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.GiveUp(ctx, web, bad, "Fehler fuer "+addr("a"), t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// Given up: never due again, and it holds back nothing.
	d, next := e.due(t, web, t0.Add(time.Hour))
	if !slices.Equal(bodies(d), []string{"a2"}) || !next.IsZero() {
		t.Fatalf("due after giving up: %q next %v", bodies(d), next)
	}
	if err := e.s.GiveUp(ctx, web, bad, "again", t0.Add(time.Hour)); err != nil {
		t.Errorf("giving up twice: %v", err)
	}
	if depth, _ := e.s.OutboxDepth(); depth[web] != 1 {
		t.Errorf("outbox depth %v, want 1", depth)
	}
	e.reopen(t)
	if d, _ := e.due(t, web, t0.Add(time.Hour)); !slices.Equal(bodies(d), []string{"a2"}) {
		t.Errorf("due after reopen: %q", bodies(d))
	}
}

func testDueExcept(t *testing.T, e *env) {
	a1 := e.commit(t, reply("a", "a1", t0)).OutboxIDs[0]
	e.commit(t, reply("a", "a2", t0))
	b1 := e.commit(t, reply("b", "b1", t0)).OutboxIDs[0]
	inFlight := map[string]bool{a1: true, b1: true}
	d, _, err := e.s.DueExcept(web, t0, 10, func(id string) bool { return inFlight[id] })
	if err != nil {
		t.Fatal(err)
	}
	// The replies in flight count as delivered: a2 is not held back.
	if !slices.Equal(bodies(d), []string{"a2"}) {
		t.Fatalf("due except in flight: %q", bodies(d))
	}
	if d, _ := e.due(t, web, t0); len(d) != 3 {
		t.Errorf("DueExcept removed items: %d due", len(d))
	}
}
