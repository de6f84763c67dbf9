package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/store"
)

// env is one test's store: the harness and the store it has open.
type env struct {
	h    Harness
	s    Store
	open bool
	// turns counts the turns made by helpers, for unique message ids.
	turns int
}

// start opens a fresh store and closes it when the test ends.
func start(t *testing.T, open Opener) *env {
	t.Helper()
	e := &env{h: open(t)}
	e.s = e.h.Open(t)
	e.open = true
	t.Cleanup(func() {
		if e.open {
			e.h.Close(t)
		}
	})
	return e
}

// reopen closes the store and opens the same data again.
func (e *env) reopen(t *testing.T) {
	t.Helper()
	e.h.Close(t)
	e.open = false
	e.s = e.h.Open(t)
	e.open = true
}

// raw returns the bytes the store keeps at rest, read while it is closed;
// ok is false when the harness has no RawBytes hook.
func (e *env) raw(t *testing.T) (b []byte, ok bool) {
	t.Helper()
	if e.h.RawBytes == nil {
		return nil, false
	}
	e.h.Close(t)
	e.open = false
	b = e.h.RawBytes(t)
	e.s = e.h.Open(t)
	e.open = true
	return b, true
}

// t0 is the suite's clock: every test sets its times from it.
var t0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

const (
	web = "web"
	tg  = "telegram"
)

// addr is the address of a conversation's citizen on the web chat: personal
// data, so it carries a marker the raw checks look for.
func addr(conv string) string { return "Adresse-" + conv + "-Q7Zr4Wm2" }

// citizenTurn is a turn of conversation conv on the web chat: the citizen's
// message msg and one reply, bound and de-duplicated by msg.
func citizenTurn(conv, msg string, at time.Time) store.Turn {
	in, out := "Eingabe-"+conv+"-"+msg+"-Q7Zr4Wm2", "Antwort-"+conv+"-"+msg+"-Q7Zr4Wm2"
	return store.Turn{
		Conversation: conv, Channel: web, Address: addr(conv), Bind: true,
		DedupeKey: web + "\x00" + conv + "/" + msg, Time: at,
		State:   []byte(`{"step":"` + msg + `","said":"Zustand-` + conv + `-Q7Zr4Wm2"}`),
		Meta:    store.Meta{Language: "de", Service: "meter-reading"},
		Entries: []store.Entry{{Kind: store.EntryIn, Body: []byte(in)}, {Kind: store.EntryOut, Body: []byte(out)}},
		Outbox:  []store.OutboxItem{{Channel: web, Address: addr(conv), Body: []byte(out)}},
	}
}

// newCase is a submitted case of a turn, with personal answers.
func newCase(ref, service string, at time.Time) cases.Case {
	return cases.Case{Ref: ref, Service: service, Status: "submitted", Created: at, Department: "buergeramt",
		Answers: map[string]string{"name": "Antragsteller-" + ref + "-Q7Zr4Wm2"}, Review: "Pruefhinweis-" + ref + "-Q7Zr4Wm2", Secret: "K7-" + ref}
}

// commit commits a turn that must succeed.
func (e *env) commit(t *testing.T, tr store.Turn) store.TurnResult {
	t.Helper()
	res, err := e.s.CommitTurn(context.Background(), tr)
	if err != nil {
		t.Fatalf("commit turn of %s: %v", tr.Conversation, err)
	}
	return res
}

// due returns what is due on channel at now (up to 100 items).
func (e *env) due(t *testing.T, channel string, now time.Time) ([]store.Delivery, time.Time) {
	t.Helper()
	d, next, err := e.s.Due(channel, now, 100)
	if err != nil {
		t.Fatalf("due on %s: %v", channel, err)
	}
	return d, next
}

// ids are the ids of deliveries, in order.
func ids(ds []store.Delivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// bodies are the bodies of deliveries, in order.
func bodies(ds []store.Delivery) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d.Body)
	}
	return out
}

// wantNotFound fails unless err is store.ErrNotFound.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s: got %v, want store.ErrNotFound", what, err)
	}
}

// transcript reads a conversation's whole transcript.
func (e *env) transcript(t *testing.T, conv string) []store.Entry {
	t.Helper()
	es, err := e.s.Transcript(conv, 0)
	if err != nil {
		t.Fatalf("transcript of %s: %v", conv, err)
	}
	return es
}

// checkSeqs fails unless the entries are numbered after, after+1, ….
func checkSeqs(t *testing.T, es []store.Entry, after uint64) {
	t.Helper()
	for i, en := range es {
		if en.Seq != after+uint64(i)+1 {
			t.Fatalf("entry %d has seq %d, want %d (seqs %v)", i, en.Seq, after+uint64(i)+1, seqs(es))
		}
	}
}

func seqs(es []store.Entry) []uint64 {
	out := make([]uint64, len(es))
	for i, en := range es {
		out[i] = en.Seq
	}
	return out
}

// noneIn fails for every marker found in raw.
func noneIn(t *testing.T, raw []byte, what string, markers ...string) {
	t.Helper()
	for _, m := range markers {
		if bytes.Contains(raw, []byte(m)) {
			t.Errorf("%s: the bytes at rest contain %q", what, m)
		}
	}
}

// sameStrings reports whether a and b hold the same strings in any order.
func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// ref is a case reference of the suite's prefix.
func ref(year, n int) string { return fmt.Sprintf("AB-%04d-%06d", year, n) }

// always allows every status change.
func always(_, _ string) bool { return true }
