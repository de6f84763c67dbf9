package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// turnContracts: what one committed turn leaves, and what a failed or
// repeated one does not.
var turnContracts = []contract{
	{"RoundTrip", testTurnRoundTrip},
	{"FailedTurnStoresNothing", testTurnAtomicity},
	{"FailedTurnSparesOthers", testTurnFailsAlone},
	{"Dedupe", testDedupe},
	{"TranscriptOrder", testTranscriptOrder},
	{"Binding", testBinding},
	{"Persistence", testPersistence},
}

func testTurnRoundTrip(t *testing.T, e *env) {
	if _, err := e.s.Conversation("c1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("conversation of an empty store: %v", err)
	}
	if es, err := e.s.Transcript("c1", 0); err != nil || len(es) != 0 {
		t.Fatalf("transcript of an unknown conversation: %v %v", es, err)
	}
	tr := citizenTurn("c1", "m1", t0)
	tr.Entries[1].Time = t0.Add(2 * time.Second)
	tr.Cases = []cases.Case{newCase(ref(2026, 7), "meter-reading", t0)}
	res := e.commit(t, tr)
	if res.Duplicate || len(res.OutboxIDs) != 1 {
		t.Fatalf("result %+v", res)
	}
	c, err := e.s.Conversation("c1")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "c1" || c.Channel != web || c.Address != addr("c1") || string(c.State) != string(tr.State) ||
		c.Meta != tr.Meta || !c.Created.Equal(t0) || !c.Updated.Equal(t0) {
		t.Fatalf("conversation %+v", c)
	}
	es := e.transcript(t, "c1")
	if len(es) != 2 {
		t.Fatalf("transcript %+v", es)
	}
	checkSeqs(t, es, 0)
	for i, want := range tr.Entries {
		if es[i].Kind != want.Kind || string(es[i].Body) != string(want.Body) {
			t.Errorf("entry %d: %+v, want %+v", i, es[i], want)
		}
	}
	if !es[0].Time.Equal(t0) || !es[1].Time.Equal(t0.Add(2*time.Second)) {
		t.Errorf("entry times %v %v: an entry's zero time is the turn's", es[0].Time, es[1].Time)
	}
	got, err := e.s.Case(ref(2026, 7))
	want := tr.Cases[0]
	if err != nil || got.Service != want.Service || got.Status != want.Status || got.Conversation != "c1" ||
		!got.Created.Equal(t0) || !maps.Equal(got.Answers, want.Answers) || got.Department != want.Department ||
		got.Review != want.Review || got.Secret != "" {
		t.Fatalf("case %+v %v", got, err)
	}
	info, err := e.s.ConversationInfo("c1")
	if err != nil || info.Channel != web || info.Meta != tr.Meta || !info.Created.Equal(t0) {
		t.Fatalf("conversation info %+v %v", info, err)
	}

	// A later turn replaces state and meta and keeps the creation time.
	t1 := t0.Add(time.Minute)
	next := citizenTurn("c1", "m2", t1)
	next.Meta.WaitingForStaff = true
	e.commit(t, next)
	c, err = e.s.Conversation("c1")
	if err != nil || string(c.State) != string(next.State) || !c.Meta.WaitingForStaff || !c.Created.Equal(t0) || !c.Updated.Equal(t1) {
		t.Fatalf("after a second turn: %+v %v", c, err)
	}
	if n, err := e.s.Waiting(); err != nil || n != 1 {
		t.Fatalf("waiting %d %v", n, err)
	}
}

// failingTurn is a turn of conv that must fail: its case reference is
// taken already. It carries everything a turn can write.
func failingTurn(conv, takenRef string, at time.Time) store.Turn {
	tr := citizenTurn(conv, "bad", at)
	tr.Cases = []cases.Case{newCase(ref(2026, 900), "meter-reading", at), newCase(takenRef, "meter-reading", at)}
	tr.Outbox = append(tr.Outbox, store.OutboxItem{Channel: tg, Address: "tg-" + conv, Body: []byte("second")})
	return tr
}

func testTurnAtomicity(t *testing.T, e *env) {
	ctx := context.Background()
	first := citizenTurn("c1", "m1", t0)
	first.Cases = []cases.Case{newCase(ref(2026, 1), "meter-reading", t0)}
	e.commit(t, first)
	before := e.transcript(t, "c1")
	depth, _ := e.s.OutboxDepth()

	// A new conversation whose turn fails leaves no trace of it.
	bad := failingTurn("c2", ref(2026, 1), t0.Add(time.Minute))
	if _, err := e.s.CommitTurn(ctx, bad); err == nil {
		t.Fatal("a turn with a case reference taken already committed")
	}
	// An existing conversation's failed turn changes nothing of it.
	bad1 := failingTurn("c1", ref(2026, 1), t0.Add(time.Minute))
	bad1.Address = "neue-Adresse-Q7Zr4Wm2"
	if _, err := e.s.CommitTurn(ctx, bad1); err == nil {
		t.Fatal("a turn with a case reference taken already committed")
	}
	// So does one whose booking conflicts: it changes a booking that does
	// not exist (SlotCapacity checks a full slot the same way).
	bad2 := citizenTurn("c1", "bad2", t0.Add(2*time.Minute))
	bad2.Bookings = []store.BookingChange{{Booking: cases.Booking{Ref: ref(2026, 77), Office: "rathaus", Rev: 3, Status: cases.BookingMoved,
		Start: t0, End: t0.Add(15 * time.Minute), Slots: []time.Time{t0}, Capacity: 1}}}
	bad2.Cases = []cases.Case{newCase(ref(2026, 901), "meter-reading", t0)}
	if _, err := e.s.CommitTurn(ctx, bad2); !errors.Is(err, store.ErrBookingChanged) {
		t.Fatalf("a turn changing an unknown booking: %v, want ErrBookingChanged", err)
	}

	wantNotFound(t, "conversation of the failed turn", func() error { _, err := e.s.Conversation("c2"); return err }())
	if es := e.transcript(t, "c2"); len(es) != 0 {
		t.Errorf("the failed turn left %d transcript entries", len(es))
	}
	wantNotFound(t, "binding of the failed turn", func() error { _, err := e.s.Lookup(web, addr("c2")); return err }())
	for _, tr := range []store.Turn{bad, bad1, bad2} {
		if seen, err := e.s.Seen(tr.DedupeKey); err != nil || seen {
			t.Errorf("the failed turn's dedupe key is seen (%v)", err)
		}
	}
	for _, r := range []string{ref(2026, 900), ref(2026, 901)} {
		wantNotFound(t, "case of the failed turn", func() error { _, err := e.s.Case(r); return err }())
	}
	if c, err := e.s.Case(ref(2026, 1)); err != nil || c.Conversation != "c1" || !maps.Equal(c.Answers, first.Cases[0].Answers) {
		t.Errorf("the taken case changed: %+v %v", c, err)
	}
	if n, _ := e.s.MaxCaseNumber("AB", 2026); n != 1 {
		t.Errorf("max case number %d after failed turns, want 1", n)
	}
	c, err := e.s.Conversation("c1")
	if err != nil || string(c.State) != string(first.State) || c.Address != addr("c1") || !c.Updated.Equal(t0) {
		t.Errorf("c1 after its failed turns: %+v %v", c, err)
	}
	if after := e.transcript(t, "c1"); len(after) != len(before) {
		t.Errorf("c1's transcript grew from %d to %d entries", len(before), len(after))
	}
	if d, _ := e.due(t, web, t0.Add(time.Hour)); len(d) != 1 || d[0].Conversation != "c1" {
		t.Errorf("due after failed turns: %v", bodies(d))
	}
	if d, _ := e.due(t, tg, t0.Add(time.Hour)); len(d) != 0 {
		t.Errorf("the failed turns' telegram items are due: %v", bodies(d))
	}
	if bs, _ := e.s.BookingsOf("c1"); len(bs) != 0 {
		t.Errorf("the failed turn left bookings %+v", bs)
	}
	if d2, _ := e.s.OutboxDepth(); d2[web] != depth[web] || d2[tg] != depth[tg] {
		t.Errorf("outbox depth %v, was %v", d2, depth)
	}
}

func testTurnFailsAlone(t *testing.T, e *env) {
	e.commit(t, func() store.Turn {
		tr := citizenTurn("taken", "m", t0)
		tr.Cases = []cases.Case{newCase(ref(2026, 1), "meter-reading", t0)}
		return tr
	}())
	// Turns that commit at the same time may share a transaction; one that
	// fails must not take the others with it.
	const n = 12
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			tr := citizenTurn(fmt.Sprintf("k%02d", i), "m", t0)
			if i == n/2 {
				tr.Cases = []cases.Case{newCase(ref(2026, 1), "meter-reading", t0)}
			}
			_, errs[i] = e.s.CommitTurn(context.Background(), tr)
		})
	}
	wg.Wait()
	for i, err := range errs {
		conv := fmt.Sprintf("k%02d", i)
		_, cerr := e.s.Conversation(conv)
		if i == n/2 {
			if err == nil || cerr == nil {
				t.Errorf("the turn with a taken reference: commit %v, conversation %v", err, cerr)
			}
			continue
		}
		if err != nil || cerr != nil || len(e.transcript(t, conv)) != 2 {
			t.Errorf("turn %s beside a failing one: commit %v, conversation %v", conv, err, cerr)
		}
	}
	if d, _ := e.due(t, web, t0); len(d) != n {
		t.Errorf("%d items due, want %d", len(d), n)
	}
}

func testDedupe(t *testing.T, e *env) {
	first := citizenTurn("c1", "m1", t0)
	e.commit(t, first)
	again := citizenTurn("c1", "m1", t0.Add(time.Minute))
	again.State = []byte(`{"step":"again"}`)
	res := e.commit(t, again)
	if !res.Duplicate || len(res.OutboxIDs) != 0 {
		t.Fatalf("second commit of a dedupe key: %+v", res)
	}
	if seen, err := e.s.Seen(first.DedupeKey); err != nil || !seen {
		t.Fatalf("seen %v %v", seen, err)
	}
	if seen, err := e.s.Seen(web + "\x00c1/other"); err != nil || seen {
		t.Fatalf("an unknown key is seen: %v %v", seen, err)
	}
	if c, _ := e.s.Conversation("c1"); string(c.State) != string(first.State) || !c.Updated.Equal(t0) {
		t.Errorf("the duplicate changed the conversation: %+v", c)
	}
	if es := e.transcript(t, "c1"); len(es) != 2 {
		t.Errorf("%d transcript entries after a duplicate, want 2", len(es))
	}
	if d, _ := e.due(t, web, t0.Add(time.Hour)); len(d) != 1 {
		t.Errorf("%d items due after a duplicate, want 1", len(d))
	}
	// The same key in another conversation is the same message.
	other := citizenTurn("c2", "m1", t0)
	other.DedupeKey = first.DedupeKey
	if res := e.commit(t, other); !res.Duplicate {
		t.Error("a known dedupe key in another conversation was stored again")
	}
	// No key, no de-duplication.
	for range 2 {
		tr := citizenTurn("c3", "x", t0)
		tr.DedupeKey = ""
		if res := e.commit(t, tr); res.Duplicate {
			t.Fatal("a turn without dedupe key reported a duplicate")
		}
	}
	if es := e.transcript(t, "c3"); len(es) != 4 {
		t.Errorf("%d entries of two turns without dedupe key, want 4", len(es))
	}
}

func testTranscriptOrder(t *testing.T, e *env) {
	// "conv" is a prefix of "conv-2": their transcripts must not mix.
	var want []string
	for i := range 6 {
		at := t0.Add(time.Duration(i) * time.Second)
		tr := citizenTurn("conv", fmt.Sprintf("m%d", i), at)
		e.commit(t, tr)
		want = append(want, string(tr.Entries[0].Body), string(tr.Entries[1].Body))
		e.commit(t, citizenTurn("conv-2", fmt.Sprintf("m%d", i), at))
	}
	es := e.transcript(t, "conv")
	checkSeqs(t, es, 0)
	got := make([]string, len(es))
	for i, en := range es {
		got[i] = string(en.Body)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("transcript\n%q\nwant\n%q", got, want)
	}
	for _, after := range []uint64{1, 5, 11, 12, 40} {
		tail, err := e.s.Transcript("conv", after)
		if err != nil {
			t.Fatal(err)
		}
		n := max(0, len(want)-int(after))
		if len(tail) != n {
			t.Fatalf("after %d: %d entries, want %d", after, len(tail), n)
		}
		checkSeqs(t, tail, after)
	}
	if es := e.transcript(t, "conv-2"); len(es) != 12 {
		t.Errorf("conv-2 has %d entries, want 12", len(es))
	}
}

func testBinding(t *testing.T, e *env) {
	e.commit(t, citizenTurn("c1", "m1", t0))
	if id, err := e.s.Lookup(web, addr("c1")); err != nil || id != "c1" {
		t.Fatalf("lookup %q %v", id, err)
	}
	wantNotFound(t, "lookup on another channel", func() error { _, err := e.s.Lookup(tg, addr("c1")); return err }())
	wantNotFound(t, "lookup of another address", func() error { _, err := e.s.Lookup(web, addr("c1")+"x"); return err }())

	// Without Bind a turn binds nothing.
	loose := citizenTurn("c2", "m1", t0)
	loose.Bind = false
	e.commit(t, loose)
	wantNotFound(t, "lookup of an unbound address", func() error { _, err := e.s.Lookup(web, addr("c2")); return err }())

	// The conversation continues on Telegram (a link): bound there too, and
	// replies go to the channel written on last.
	cont := citizenTurn("c1", "m2", t0.Add(time.Minute))
	cont.Channel, cont.Address = tg, "tg-4711-Q7Zr4Wm2"
	e.commit(t, cont)
	if id, err := e.s.Lookup(tg, "tg-4711-Q7Zr4Wm2"); err != nil || id != "c1" {
		t.Fatalf("lookup on telegram %q %v", id, err)
	}
	if id, _ := e.s.Lookup(web, addr("c1")); id != "c1" {
		t.Errorf("the web binding is lost: %q", id)
	}
	if c, _ := e.s.Conversation("c1"); c.Channel != tg || c.Address != "tg-4711-Q7Zr4Wm2" {
		t.Errorf("conversation after a turn on telegram: %s %s", c.Channel, c.Address)
	}
	// An address bound anew points at the new conversation.
	moved := citizenTurn("c3", "m1", t0.Add(2*time.Minute))
	moved.Address = addr("c1")
	e.commit(t, moved)
	if id, _ := e.s.Lookup(web, addr("c1")); id != "c3" {
		t.Errorf("rebound address looks up %q, want c3", id)
	}
}

func testPersistence(t *testing.T, e *env) {
	ctx := context.Background()
	tr := citizenTurn("c1", "m1", t0)
	tr.Cases = []cases.Case{newCase(ref(2026, 41), "meter-reading", t0)}
	res := e.commit(t, tr)
	if err := e.s.Retry(ctx, web, res.OutboxIDs[0], t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.SetChannelState(ctx, tg, "offset", []byte("4711")); err != nil {
		t.Fatal(err)
	}
	if err := e.s.CreateStaffAccount(ctx, store.StaffAccount{Username: "anna", Role: store.RoleAgent, Created: t0}); err != nil {
		t.Fatal(err)
	}
	mac := e.s.LinkMAC("c1", "code")
	e.reopen(t)
	if err := e.s.Ping(); err != nil {
		t.Fatalf("ping after reopen: %v", err)
	}
	if c, err := e.s.Conversation("c1"); err != nil || string(c.State) != string(tr.State) || c.Address != addr("c1") {
		t.Fatalf("conversation after reopen: %+v %v", c, err)
	}
	if id, err := e.s.Lookup(web, addr("c1")); err != nil || id != "c1" {
		t.Fatalf("lookup after reopen: %q %v", id, err)
	}
	if seen, _ := e.s.Seen(tr.DedupeKey); !seen {
		t.Error("dedupe key forgotten by reopen")
	}
	if c, err := e.s.Case(ref(2026, 41)); err != nil || !maps.Equal(c.Answers, tr.Cases[0].Answers) {
		t.Errorf("case after reopen: %+v %v", c, err)
	}
	if n, _ := e.s.MaxCaseNumber("AB", 2026); n != 41 {
		t.Errorf("max case number after reopen %d", n)
	}
	if v, err := e.s.ChannelState(tg, "offset"); err != nil || string(v) != "4711" {
		t.Errorf("channel state after reopen %q %v", v, err)
	}
	if a, err := e.s.StaffAccount("anna"); err != nil || a.Role != store.RoleAgent {
		t.Errorf("account after reopen %+v %v", a, err)
	}
	if string(e.s.LinkMAC("c1", "code")) != string(mac) {
		t.Error("LinkMAC changed with reopen: link codes would stop working")
	}
	// The retry time holds across the reopen.
	if d, next := e.due(t, web, t0.Add(time.Minute)); len(d) != 0 || !next.Equal(t0.Add(time.Hour)) {
		t.Errorf("due after reopen before the retry: %v next %v", bodies(d), next)
	}
	d, _ := e.due(t, web, t0.Add(time.Hour))
	if len(d) != 1 || d[0].ID != res.OutboxIDs[0] || d[0].Attempts != 1 || string(d[0].Body) != string(tr.Outbox[0].Body) {
		t.Fatalf("due after reopen at the retry: %+v", d)
	}
	// Writing goes on where it stopped: no sequence number or id again.
	res2 := e.commit(t, citizenTurn("c1", "m2", t0.Add(time.Minute)))
	if res2.OutboxIDs[0] == res.OutboxIDs[0] {
		t.Errorf("outbox id %s handed out twice", res2.OutboxIDs[0])
	}
	checkSeqs(t, e.transcript(t, "c1"), 0)
	if n := len(e.transcript(t, "c1")); n != 4 {
		t.Errorf("%d entries after reopen and a turn, want 4", n)
	}
}
