package storetest

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// keyContracts: the channels' small values, the key's rotation, health
// and backup.
var keyContracts = []contract{
	{"ChannelState", testChannelState},
	{"UpdateChannelState", testUpdateChannelState},
	{"RotateKey", testRotateKey},
	{"PingAndBackup", testPingAndBackup},
}

func testChannelState(t *testing.T, e *env) {
	ctx := context.Background()
	wantNotFound(t, "unset value", func() error { _, err := e.s.ChannelState(tg, "offset"); return err }())
	set := func(ch, k, v string) {
		t.Helper()
		if err := e.s.SetChannelState(ctx, ch, k, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	get := func(ch, k string) string {
		t.Helper()
		v, err := e.s.ChannelState(ch, k)
		if err != nil {
			t.Fatalf("%s/%s: %v", ch, k, err)
		}
		return string(v)
	}
	set(tg, "offset", "1")
	set(tg, "offset", "2")
	set("email", "offset", "Wert-email-Q7Zr4Wm2")
	set(tg, "offse", "t")
	if get(tg, "offset") != "2" || get("email", "offset") != "Wert-email-Q7Zr4Wm2" || get(tg, "offse") != "t" {
		t.Fatal("channel state mixed up")
	}
	if err := e.s.SetChannelState(ctx, tg, "offset", nil); err != nil {
		t.Fatal(err)
	}
	wantNotFound(t, "deleted value", func() error { _, err := e.s.ChannelState(tg, "offset"); return err }())
	if err := e.s.SetChannelState(ctx, tg, "empty", []byte{}); err != nil {
		t.Fatal(err)
	}
	if v, err := e.s.ChannelState(tg, "empty"); err != nil || len(v) != 0 {
		t.Errorf("an empty value: %q %v", v, err)
	}
	e.reopen(t)
	if get("email", "offset") != "Wert-email-Q7Zr4Wm2" {
		t.Error("channel state lost by reopen")
	}
	raw, ok := e.raw(t)
	if ok {
		noneIn(t, raw, "channel state", "Wert-email-Q7Zr4Wm2")
	}
}

// UpdateChannelState is a read-modify-write no other write of the value
// comes between: concurrent increments are all counted.
func testUpdateChannelState(t *testing.T, e *env) {
	ctx := context.Background()
	incr := func(old []byte, exists bool) ([]byte, error) {
		n := 0
		if exists {
			var err error
			if n, err = strconv.Atoi(string(old)); err != nil {
				return nil, err
			}
		}
		return []byte(strconv.Itoa(n + 1)), nil
	}
	var sawUnset bool
	v, err := e.s.UpdateChannelState(ctx, "answers", "count", func(old []byte, exists bool) ([]byte, error) {
		sawUnset = !exists && old == nil
		return incr(old, exists)
	})
	if err != nil || string(v) != "1" || !sawUnset {
		t.Fatalf("first update: %q %v (saw it unset: %v)", v, err, sawUnset)
	}
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				if _, err := e.s.UpdateChannelState(ctx, "answers", "count", incr); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got, err := e.s.ChannelState("answers", "count"); err != nil || string(got) != strconv.Itoa(1+workers*each) {
		t.Fatalf("after %d concurrent increments: %q %v", workers*each, got, err)
	}
	refused := errors.New("refused")
	if _, err := e.s.UpdateChannelState(ctx, "answers", "count", func([]byte, bool) ([]byte, error) {
		return []byte("Wert-verworfen-Q7Z"), refused
	}); !errors.Is(err, refused) {
		t.Fatalf("fn's error: %v", err)
	}
	if got, _ := e.s.ChannelState("answers", "count"); string(got) != strconv.Itoa(1+workers*each) {
		t.Fatalf("fn's error changed the value to %q", got)
	}
	if _, err := e.s.UpdateChannelState(ctx, "answers", "marker", func([]byte, bool) ([]byte, error) {
		return []byte("Wert-answers-Q7Z"), nil
	}); err != nil {
		t.Fatal(err)
	}
	if v, err := e.s.UpdateChannelState(ctx, "answers", "count", func(old []byte, exists bool) ([]byte, error) {
		if !exists || string(old) != strconv.Itoa(1+workers*each) {
			return nil, errors.New("fn did not get the stored value")
		}
		return nil, nil
	}); err != nil || v != nil {
		t.Fatalf("deleting: %q %v", v, err)
	}
	wantNotFound(t, "deleted value", func() error { _, err := e.s.ChannelState("answers", "count"); return err }())
	raw, ok := e.raw(t)
	if ok {
		noneIn(t, raw, "channel state", "Wert-answers-Q7Z")
	}
	if got, err := e.s.ChannelState("answers", "marker"); err != nil || string(got) != "Wert-answers-Q7Z" {
		t.Fatalf("after reopening: %q %v", got, err)
	}
}

func testRotateKey(t *testing.T, e *env) {
	if e.h.RotateKey == nil {
		t.Skip("the harness cannot rotate the key")
	}
	ctx := context.Background()
	e.personal(t, "c1", 1)
	if err := e.s.SetChannelState(ctx, tg, "offset", []byte("4711")); err != nil {
		t.Fatal(err)
	}
	link, code := e.s.LinkMAC("c1", "ABCD"), e.s.CaseSecretMAC(ref(2026, 1), "K7-"+ref(2026, 1))
	before := e.transcript(t, "c1")

	e.h.Close(t)
	e.open = false
	e.h.RotateKey(t)
	e.s = e.h.Open(t)
	e.open = true

	if c, err := e.s.Conversation("c1"); err != nil || c.Address != addr("c1") {
		t.Fatalf("conversation after rotation: %+v %v", c, err)
	}
	if id, err := e.s.Lookup(web, addr("c1")); err != nil || id != "c1" {
		t.Fatalf("lookup after rotation: %q %v", id, err)
	}
	after := e.transcript(t, "c1")
	if len(after) != len(before) || !bytes.Equal(after[0].Body, before[0].Body) {
		t.Fatalf("transcript after rotation: %d entries, want %d", len(after), len(before))
	}
	if c, err := e.s.Case(ref(2026, 1)); err != nil || !strings.Contains(c.Answers["name"], "Korrektur-c1") {
		t.Fatalf("case after rotation: %+v %v", c, err)
	}
	if h, err := e.s.CaseHistory(ref(2026, 1)); err != nil || len(h) == 0 || h[0].Note != "Vermerk-c1-Q7Zr4Wm2" {
		t.Errorf("case history after rotation: %+v %v", h, err)
	}
	if ns, err := e.s.Notes("c1"); err != nil || len(ns) != 1 || ns[0].Text != "Notiz-c1-Q7Zr4Wm2" {
		t.Errorf("notes after rotation: %+v %v", ns, err)
	}
	if v, err := e.s.ChannelState(tg, "offset"); err != nil || string(v) != "4711" {
		t.Errorf("channel state after rotation: %q %v", v, err)
	}
	if v, err := e.s.ChannelState("email", "key/"+addr("c1")); err != nil || string(v) != "Schluessel-c1-Q7Zr4Wm2" {
		t.Errorf("channel state with personal data after rotation: %q %v", v, err)
	}
	if b, err := e.s.Booking(ref(2027, 1)); err != nil || !strings.Contains(b.Name, "Besucher-c1") {
		t.Errorf("booking after rotation: %+v %v", b, err)
	}
	if d, _ := e.due(t, web, t0.Add(time.Hour)); len(d) != 2 || d[0].Address != addr("c1") || !bytes.HasPrefix(d[0].Body, []byte("Antwort-c1")) {
		t.Errorf("outbox after rotation: %q", bodies(d))
	}
	if !bytes.Equal(e.s.LinkMAC("c1", "ABCD"), link) || !bytes.Equal(e.s.CaseSecretMAC(ref(2026, 1), "K7-"+ref(2026, 1)), code) {
		t.Error("the keyed MACs changed with the rotation: issued codes would stop working")
	}
	if seen, _ := e.s.Seen(web + "\x00Nachricht-c1-Q7Zr4Wm2"); !seen {
		t.Error("dedupe keys forgotten by the rotation")
	}
	// Writing goes on under the new key.
	e.commit(t, citizenTurn("c1", "after", t0.Add(time.Hour)))
	e.commit(t, citizenTurn("c2", "after", t0.Add(time.Hour)))
	e.reopen(t)
	if es := e.transcript(t, "c1"); len(es) != len(before)+2 {
		t.Errorf("%d entries after a turn under the new key, want %d", len(es), len(before)+2)
	}
	if c, err := e.s.Conversation("c2"); err != nil || c.Address != addr("c2") {
		t.Errorf("a conversation begun under the new key: %+v %v", c, err)
	}
}

func testPingAndBackup(t *testing.T, e *env) {
	if err := e.s.Ping(); err != nil {
		t.Fatal(err)
	}
	e.commit(t, citizenTurn("c1", "m", t0))
	var buf bytes.Buffer
	n, err := e.s.Backup(&buf)
	if err != nil || n == 0 || n != int64(buf.Len()) {
		t.Fatalf("backup wrote %d bytes, reported %d: %v", buf.Len(), n, err)
	}
	noneIn(t, buf.Bytes(), "the backup", "Q7Zr4Wm2")
	// Backing up changes nothing.
	if c, err := e.s.Conversation("c1"); err != nil || c.Address != addr("c1") {
		t.Errorf("after backup: %+v %v", c, err)
	}
}
