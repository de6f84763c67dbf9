package web

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/channels"
)

// meterReading runs the whole meter-reading dialog on c and returns every
// frame that came.
func meterReading(t *testing.T, c *client) []sframe {
	t.Helper()
	var all []sframe
	steps := []struct {
		frame clientFrame
		want  func(sframe) bool
	}{
		{clientFrame{Type: "message", ID: "m1", Text: "Zählerstand melden"}, hasField("customer_number")},
		{clientFrame{Type: "message", ID: "m2", Text: "1234567"}, hasField("meter_number")},
		{clientFrame{Type: "message", ID: "m3", Text: "Z-4711"}, hasField("reading")},
		{clientFrame{Type: "message", ID: "m4", Text: "12.345,6"}, hasField("reading_date")},
		{clientFrame{Type: "message", ID: "m5", Text: "heute"}, hasField("name")},
		// no email channel runs: the confirmation address is not asked
		{clientFrame{Type: "message", ID: "m6", Text: "Erika Mustermann"}, hasOption("submit")},
		{clientFrame{Type: "choice", ID: "m8", Value: "submit", Label: "Absenden"}, func(f sframe) bool {
			return f.Type == "message" && regexp.MustCompile(`AB-\d{4}-000001`).MatchString(f.Text)
		}},
	}
	for _, s := range steps {
		all = append(all, c.turn(s.frame, s.want)...)
	}
	return all
}

func TestMeterReadingDialog(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, hist := c.hello("")
	if len(w.Token) != tokenLen || w.Conversation != "" || len(hist) != 0 {
		t.Fatalf("welcome %+v, history %d", w, len(hist))
	}
	if len(w.Starters) == 0 || w.Limits.UploadBytes != 10<<20 {
		t.Fatalf("welcome without starters or limits: %+v", w)
	}
	frames := meterReading(t, c)
	summary := frames[slices.IndexFunc(frames, hasOption("submit"))]
	if !strings.Contains(summary.Text, "12.345,6 m³") || summary.From != "bot" || summary.ID == "" {
		t.Fatalf("summary %+v", summary)
	}
	// the confirmation carries the case for the widget's card
	done := frames[len(frames)-1]
	for _, fr := range frames {
		if fr.Reference != nil {
			done = fr
		}
	}
	if done.Reference == nil || !regexp.MustCompile(`^AB-\d{4}-000001$`).MatchString(done.Reference.Ref) ||
		!strings.Contains(done.Text, done.Reference.Code) || len(done.Reference.Code) != 9 {
		t.Fatalf("no reference frame: %+v", done)
	}
}

func TestAckOnlyAfterStore(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	c.hello("")
	gate := make(chan struct{})
	f.late.mu.Lock()
	f.late.gate = gate
	f.late.mu.Unlock()
	c.send(clientFrame{Type: "message", ID: "a1", Text: "Hallo"})
	// The reader is not blocked by the waiting delivery: it still answers.
	if got := c.sync(); len(got) != 0 {
		t.Fatalf("frames before the store committed: %+v", got)
	}
	f.late.mu.Lock()
	f.late.gate = nil
	f.late.mu.Unlock()
	close(gate)
	c.until(func(fr sframe) bool { return fr.Type == "ack" && fr.ID == "a1" })
	// Acknowledged means stored: the message is in the transcript.
	_, entries, err := f.core.History.History(context.Background(), Name, c.token, 0)
	if err != nil || len(entries) == 0 || entries[0].Inbound == nil || entries[0].Inbound.Text != "Hallo" {
		t.Fatalf("after ack: %v, %+v", err, entries)
	}
}

func TestStoreFailureIsNotAcknowledged(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	c.hello("")
	f.late.mu.Lock()
	f.late.fail = errors.New("disk full")
	f.late.mu.Unlock()
	c.send(clientFrame{Type: "message", ID: "x1", Text: "Hallo"})
	e := c.next()
	if e.Type != "error" || e.Code != errUnavailable || e.ID != "x1" || e.RetryAfter == 0 {
		t.Fatalf("got %+v, want unavailable for x1", e)
	}
	f.late.mu.Lock()
	f.late.fail = nil
	f.late.mu.Unlock()
	c.turn(clientFrame{Type: "message", ID: "x1", Text: "Hallo"}, func(fr sframe) bool { return fr.From == "bot" })
}

func TestResumeAfterReconnect(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, _ := c.hello("")
	live := meterReading(t, c)
	_ = c.ws.Close()

	c2 := f.dial(nil)
	w2, hist := c2.hello(w.Token)
	if w2.Token != w.Token || w2.Conversation == "" || w2.Starters != nil {
		t.Fatalf("resumed welcome %+v (first %+v)", w2, w)
	}
	var want []string
	for _, fr := range live {
		if fr.Type == "message" {
			want = append(want, fr.From+"|"+fr.ID+"|"+fr.Text)
		}
	}
	var got, mine []string
	for _, fr := range hist {
		if fr.Type != "message" {
			t.Fatalf("history frame %+v", fr)
		}
		if !fr.History {
			continue // a reply still being delivered: sent live as well, same id
		}
		if fr.From == "citizen" {
			mine = append(mine, fr.ID)
			continue
		}
		got = append(got, fr.From+"|"+fr.ID+"|"+fr.Text)
	}
	// Replies still on their way when the first connection closed are in
	// the history too; everything shown live is there, in the same order.
	if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
		t.Fatalf("history replies differ from live ones:\n got %q\nwant %q", got, want)
	}
	if !slices.Equal(mine, []string{"m1", "m2", "m3", "m4", "m5", "m6", "m8"}) {
		t.Fatalf("citizen ids in history: %q", mine)
	}
	// Resending a message stored before the reconnect is acknowledged again
	// and changes nothing. (A reply of the last turn may still arrive live,
	// after the history that holds it: the outbox delivers one by one.)
	known := map[string]bool{}
	for _, fr := range hist {
		known[fr.ID] = true
	}
	late := func(fr sframe) bool { return fr.Type == "message" && fr.From == "bot" && known[fr.ID] }
	c2.send(clientFrame{Type: "message", ID: "m8", Text: "Absenden"})
	a := c2.next()
	for late(a) {
		a = c2.next()
	}
	if a.Type != "ack" || a.ID != "m8" {
		t.Fatalf("resent message: %+v", a)
	}
	for _, fr := range c2.sync() {
		if !late(fr) {
			t.Fatalf("a duplicate made frames: %+v", fr)
		}
	}
}

func TestUnknownTokenRevealsNothing(t *testing.T) {
	f := start(t, Options{})
	c := f.dial(nil)
	w, _ := c.hello("")
	c.turn(clientFrame{Type: "message", ID: "s1", Text: "Zählerstand melden"}, hasField("customer_number"))

	guess := []byte(w.Token)
	guess[5] ^= 1 // one character off
	for _, tok := range []string{string(guess), "x", strings.Repeat("A", tokenLen), "<script>"} {
		g := f.dial(nil)
		gw, hist := g.hello(tok)
		if gw.Token == tok || gw.Token == w.Token || gw.Conversation != "" || len(hist) != 0 {
			t.Fatalf("token %q: welcome %+v, %d history frames", tok, gw, len(hist))
		}
	}
}

func TestIssuedTokenKeptBeforeFirstMessage(t *testing.T) {
	f := start(t, Options{})
	w, _ := f.dial(nil).hello("")
	w2, _ := f.dial(nil).hello(w.Token)
	if w2.Token != w.Token || w2.Conversation != "" {
		t.Fatalf("second tab got %+v, want the same fresh token", w2)
	}
}

func TestSecondTabSeesEverything(t *testing.T) {
	f := start(t, Options{})
	a := f.dial(nil)
	w, _ := a.hello("")
	b := f.dial(nil)
	b.hello(w.Token)
	a.turn(clientFrame{Type: "message", ID: "t1", Text: "Zählerstand melden"}, hasField("customer_number"))
	got := b.until(hasField("customer_number"))
	if got[0].From != "citizen" || got[0].ID != "t1" || got[0].Text != "Zählerstand melden" || got[0].History {
		t.Fatalf("other tab: first frame %+v", got[0])
	}
}

func TestSendWithoutConnectionKeepsReplyForHistory(t *testing.T) {
	f := start(t, Options{})
	err := f.ch.Send(context.Background(), channels.Delivery{ID: "o1", Address: "nobody", Message: channels.Outbound{ID: "r1", Text: "x"}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTypingBothWays(t *testing.T) {
	typed := make(chan string, 4)
	f := start(t, Options{OnTyping: func(conv string) { typed <- conv }})
	c := f.dial(nil)
	c.hello("")
	c.send(`{"type":"typing"}`) // no conversation yet: not passed on
	c.turn(clientFrame{Type: "message", ID: "y1", Text: "Hallo"}, func(fr sframe) bool { return fr.From == "bot" })
	c.send(`{"type":"typing"}`)
	select {
	case conv := <-typed:
		if conv == "" {
			t.Fatal("empty conversation")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OnTyping not called")
	}
	f.ch.Typing(c.token, channels.FromStaff)
	c.until(func(fr sframe) bool { return fr.Type == "typing" && fr.From == "staff" })
}
