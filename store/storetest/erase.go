package storetest

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// eraseContracts: deleting for good, retention, pruning the dedupe keys,
// and nothing personal readable at rest.
var eraseContracts = []contract{
	{"NothingPersonalAtRest", testNothingPersonalAtRest},
	{"DeleteLeavesNothing", testDelete},
	{"Expired", testExpired},
	{"PruneDedupe", testPruneDedupe},
}

// personal writes a conversation conv with personal data in every place a
// store keeps it, and returns the markers it wrote.
func (e *env) personal(t *testing.T, conv string, n int) []string {
	t.Helper()
	ctx := context.Background()
	r := ref(2026, n)
	tr := citizenTurn(conv, "m1", t0)
	tr.DedupeKey = web + "\x00Nachricht-" + conv + "-Q7Zr4Wm2"
	tr.Cases = []cases.Case{newCase(r, "passport", t0)}
	res := e.commit(t, tr)
	markers := []string{addr(conv), "Eingabe-" + conv, "Antwort-" + conv, "Zustand-" + conv, "Antragsteller-" + r, "Pruefhinweis-" + r,
		"Nachricht-" + conv, "Notiz-" + conv, "Vermerk-" + conv, "Grund-" + conv, "Schluessel-" + conv, "Korrektur-" + conv}
	if _, err := e.s.SetCaseStatus(ctx, r, cases.Change{Time: t0, Actor: "anna", Status: "needs-info", Note: "Vermerk-" + conv + "-Q7Zr4Wm2"}, always); err != nil {
		t.Fatal(err)
	}
	amend := citizenTurn(conv, "m2", t0.Add(time.Minute))
	amend.Amendments = []store.Amendment{{Ref: r, Answers: map[string]string{"name": "Korrektur-" + conv + "-Q7Zr4Wm2"}, Waiting: "needs-info",
		Change: cases.Change{Time: t0.Add(time.Minute), Status: "submitted"}}}
	second := e.commit(t, amend)
	if _, err := e.s.AddNote(ctx, conv, store.Note{Time: t0, Author: "anna", Text: "Notiz-" + conv + "-Q7Zr4Wm2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.ClaimConversation(ctx, conv, "anna", "buergeramt", t0); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Retry(ctx, web, res.OutboxIDs[0], t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := e.s.GiveUp(ctx, web, second.OutboxIDs[0], "Grund-"+conv+"-Q7Zr4Wm2", t0); err != nil {
		t.Fatal(err)
	}
	if err := e.s.SetChannelState(ctx, "email", "key/"+addr(conv), []byte("Schluessel-"+conv+"-Q7Zr4Wm2")); err != nil {
		t.Fatal(err)
	}
	b := booking(ref(2027, n), n, 1, 1)
	b.Name = "Besucher-" + conv + "-Q7Zr4Wm2"
	markers = append(markers, "Besucher-"+conv)
	if err := e.book(t, conv, t0.Add(2*time.Minute), b); err != nil {
		t.Fatal(err)
	}
	return markers
}

func testNothingPersonalAtRest(t *testing.T, e *env) {
	markers := e.personal(t, "c1", 1)
	raw, ok := e.raw(t)
	if !ok {
		t.Skip("the harness has no RawBytes")
	}
	noneIn(t, raw, "a live conversation", markers...)
	noneIn(t, raw, "a live conversation", "Q7Zr4Wm2")
}

func testDelete(t *testing.T, e *env) {
	ctx := context.Background()
	doomed := "Vergessen-7F3A"
	e.personal(t, doomed, 1)
	e.personal(t, "bystander", 2)
	refDoomed := ref(2026, 1)

	gone, err := e.s.Delete(ctx, []string{doomed})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gone.Conversations, []string{doomed}) || !slices.Equal(gone.Cases, []string{refDoomed}) {
		t.Fatalf("deleted %+v", gone)
	}
	if err := e.s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		wantNotFound(t, when+": conversation", func() error { _, err := e.s.Conversation(doomed); return err }())
		wantNotFound(t, when+": conversation info", func() error { _, err := e.s.ConversationInfo(doomed); return err }())
		wantNotFound(t, when+": lookup", func() error { _, err := e.s.Lookup(web, addr(doomed)); return err }())
		wantNotFound(t, when+": case", func() error { _, err := e.s.Case(refDoomed); return err }())
		wantNotFound(t, when+": case history", func() error { _, err := e.s.CaseHistory(refDoomed); return err }())
		wantNotFound(t, when+": staff record", func() error { _, err := e.s.StaffConversation(doomed); return err }())
		if es, err := e.s.Transcript(doomed, 0); err != nil || len(es) != 0 {
			t.Errorf("%s: transcript %d entries %v", when, len(es), err)
		}
		if cs, err := e.s.CasesOf(doomed); err != nil || len(cs) != 0 {
			t.Errorf("%s: cases %+v %v", when, cs, err)
		}
		if ns, err := e.s.Notes(doomed); err != nil || len(ns) != 0 {
			t.Errorf("%s: notes %+v %v", when, ns, err)
		}
		if seen, _ := e.s.Seen(web + "\x00Nachricht-" + doomed + "-Q7Zr4Wm2"); seen {
			t.Errorf("%s: its dedupe key is seen", when)
		}
		d, _ := e.due(t, web, t0.Add(48*time.Hour))
		for _, x := range d {
			if x.Conversation == doomed {
				t.Errorf("%s: its outbox item is due", when)
			}
		}
		if depth, _ := e.s.OutboxDepth(); len(d) != 2 || depth[web] != len(d) {
			t.Errorf("%s: outbox depth %v, %d due, want the bystander's two", when, depth, len(d))
		}
		if n, _ := e.s.MaxCaseNumber("AB", 2026); n != 2 {
			t.Errorf("%s: max case number %d", when, n)
		}
		var index []string
		_ = e.s.CaseIndex(func(x store.CaseIndexEntry) { index = append(index, x.Ref) })
		if !slices.Equal(index, []string{ref(2026, 2)}) {
			t.Errorf("%s: case index %v", when, index)
		}
		// Bookings stay, holding their slots, with the person unreadable.
		b, err := e.s.Booking(ref(2027, 1))
		if err != nil || b.Name != "" || b.Contact != "" || !cases.BookingHolds(b.Status) {
			t.Errorf("%s: booking %+v %v", when, b, err)
		}
		// The bystander is whole.
		if c, err := e.s.Conversation("bystander"); err != nil || c.Address != addr("bystander") {
			t.Errorf("%s: bystander %+v %v", when, c, err)
		}
		if ns, _ := e.s.Notes("bystander"); len(ns) != 1 {
			t.Errorf("%s: bystander's notes %+v", when, ns)
		}
		if h, _ := e.s.CaseHistory(ref(2026, 2)); len(h) != 2 || h[0].Note != "Vermerk-bystander-Q7Zr4Wm2" {
			t.Errorf("%s: bystander's case history %+v", when, h)
		}
		if b, _ := e.s.Booking(ref(2027, 2)); b.Name != "Besucher-bystander-Q7Zr4Wm2" {
			t.Errorf("%s: bystander's booking %+v", when, b)
		}
	}
	check("after delete")
	if raw, ok := e.raw(t); ok {
		// Its case reference is no personal data, so it may be kept in
		// plain while the case lives; after the delete and compaction no
		// byte of it is left (its id may be: the booking keeps it). The
		// bystander's show that the bytes are the data.
		if !slices.ContainsFunc([]string{"bystander", ref(2026, 2)}, func(m string) bool { return bytes.Contains(raw, []byte(m)) }) {
			t.Fatal("RawBytes holds neither the bystander's id nor its case reference: it does not show the data")
		}
		noneIn(t, raw, "after delete and compaction", refDoomed, "Q7Zr4Wm2")
	}
	check("after reopen")
	// The same message may come again and starts afresh.
	again := citizenTurn(doomed, "m1", t0.Add(time.Hour))
	again.DedupeKey = web + "\x00Nachricht-" + doomed + "-Q7Zr4Wm2"
	if res := e.commit(t, again); res.Duplicate {
		t.Error("a deleted conversation's message id is still known")
	}
}

func testExpired(t *testing.T, e *env) {
	day := 24 * time.Hour
	e.withCases(t, "closed-old", t0, cases.Case{Ref: ref(2026, 1), Service: "s", Status: "closed", Created: t0})
	e.withCases(t, "open-old", t0, cases.Case{Ref: ref(2026, 2), Service: "s", Status: "submitted", Created: t0})
	e.commit(t, citizenTurn("idle-old", "m", t0))
	e.commit(t, citizenTurn("recent", "m", t0.Add(170*day)))
	e.withCases(t, "closed-recent", t0, cases.Case{Ref: ref(2026, 3), Service: "s", Status: "closed", Created: t0.Add(100 * day)})
	r := store.Retention{ConversationIdle: 180 * day, Cases: map[string]time.Duration{"closed": 90 * day}}
	now := t0.Add(181 * day)
	got, err := e.s.Expired(r, now)
	if err != nil || !sameStrings(got, []string{"closed-old", "idle-old"}) {
		t.Fatalf("expired %v %v, want closed-old and idle-old", got, err)
	}
	if got, _ := e.s.Expired(r, t0.Add(179*day)); len(got) != 0 {
		t.Errorf("expired before their time: %v", got)
	}
	if got, _ := e.s.Expired(store.Retention{}, now.Add(1000*day)); len(got) != 0 {
		t.Errorf("expired with conversations kept for ever: %v", got)
	}
}

func testPruneDedupe(t *testing.T, e *env) {
	ctx := context.Background()
	var old, young []string
	for i := range 30 {
		at := t0.Add(time.Duration(i) * time.Hour)
		tr := citizenTurn("c1", "m"+string(rune('A'+i)), at)
		e.commit(t, tr)
		if i < 20 {
			old = append(old, tr.DedupeKey)
		} else {
			young = append(young, tr.DedupeKey)
		}
	}
	n, err := e.s.PruneDedupe(ctx, t0.Add(20*time.Hour))
	if err != nil || n != 20 {
		t.Fatalf("pruned %d %v, want 20", n, err)
	}
	for _, k := range old {
		if seen, _ := e.s.Seen(k); seen {
			t.Fatalf("pruned key %q still seen", k)
		}
	}
	for _, k := range young {
		if seen, _ := e.s.Seen(k); !seen {
			t.Fatalf("young key %q forgotten", k)
		}
	}
	if n, _ := e.s.PruneDedupe(ctx, t0.Add(20*time.Hour)); n != 0 {
		t.Errorf("pruned %d the second time", n)
	}
	if es := e.transcript(t, "c1"); len(es) != 60 {
		t.Errorf("pruning touched the transcript: %d entries", len(es))
	}
}
