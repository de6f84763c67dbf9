package dialog_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"amtsbote/channels"

	. "amtsbote/dialog"
	"amtsbote/dialog/route"
)

// A recorded state is a conversation state written by the engine as it was
// before the phases were explicit (commit b74bec6), with the replies that
// engine gave to fixed next messages. TestRecordedStatesResume resumes each
// with today's engine: a conversation in progress across an upgrade keeps
// going. AMTSBOTE_RECORD_STATES=1 writes the files anew (only ever with the
// engine whose behaviour they are to pin down).

// recorded is one file of testdata/states.
type recorded struct {
	Phase string          `json:"phase"` // what the state shows, in words
	State json.RawMessage `json:"state"` // as the engine stored it
	Next  []recordedTurn  `json:"next"`
}

// recordedTurn is one message applied to the recorded state and what the
// engine answered.
type recordedTurn struct {
	In      channels.Inbound    `json:"in"`
	Replies []channels.Outbound `json:"replies"`
	View    View                `json:"view"` // the state afterwards, as staff see it
	Staff   bool                `json:"staff"`
	Cases   int                 `json:"cases"`
	Amends  int                 `json:"amends"`
	State   State               `json:"-"` // the state afterwards
}

// fixedLinks makes the same link code every time.
type fixedLinks struct{}

func (fixedLinks) LinkCode(string, time.Time) string { return "CODE42" }

// statesEngine is the engine the recorded states run on: the extended
// catalog, the router, a link maker and fixed randomness.
func statesEngine(t *testing.T) *convo {
	t.Helper()
	cat := extended(t)
	c := newConvo(t, cat, route.New(cat), nil)
	c.e = New(cat, route.New(cat), c.refs, nil, Options{Location: c.now.Location(), Links: fixedLinks{}, TelegramBot: "amtsbot",
		Rand: bytes.NewReader(bytes.Repeat([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 100))})
	return c
}

// stateScript drives a conversation into one phase.
type stateScript struct {
	name, phase string
	drive       func(c *convo)
	next        []channels.Inbound
}

func typed(s string) channels.Inbound {
	return channels.Inbound{Channel: "web", Conversation: "conv-1", Text: s}
}
func picked(s string) channels.Inbound {
	return channels.Inbound{Channel: "web", Conversation: "conv-1", Choice: s}
}

func meterAnswers(c *convo) {
	c.say("Zählerstand melden")
	for _, a := range []string{"12345678", "ZX-2024-1", "123", "heute", "Erika Mustermann", "-"} {
		c.say(a)
	}
}

var stateScripts = []stateScript{
	{name: "menu", phase: "the menu, no form", drive: func(c *convo) { c.say("hallo") },
		next: []channels.Inbound{typed("Zählerstand melden"), typed("weiter"), picked("category:mobility"), typed("blub")}},
	{name: "asking", phase: "asking a field", drive: func(c *convo) { c.say("Zählerstand melden") },
		next: []channels.Inbound{typed("12345678"), typed("zurück"), typed("hilfe"), typed("Was kostet ein Reisepass?"), typed("English please")}},
	{name: "asking-optional", phase: "asking an optional field", drive: func(c *convo) {
		c.say("Zählerstand melden")
		for _, a := range []string{"12345678", "ZX-2024-1", "123", "heute", "Erika Mustermann"} {
			c.say(a)
		}
	}, next: []channels.Inbound{typed("überspringen"), typed("erika@example.org"), typed("Kundennummer korrigieren")}},
	{name: "summary", phase: "the summary", drive: meterAnswers,
		next: []channels.Inbound{typed("absenden"), typed("nein"), typed("Zählerstand ändern"), picked("edit:reading"), typed("zurück")}},
	{name: "paused-digression", phase: "a form paused by a side question", drive: func(c *convo) {
		c.say("Bewohnerparkausweis beantragen")
		c.say("Was kostet ein Reisepass?")
	}, next: []channels.Inbound{picked("resume"), typed("Mir selbst"), typed("menü"), picked("service:passport")}},
	{name: "paused-menu", phase: "a form paused by the menu", drive: func(c *convo) {
		c.say("Zählerstand melden")
		c.say("12345678")
		c.say("menü")
	}, next: []channels.Inbound{typed("weiter"), typed("ZX-2024-1"), typed("abbrechen")}},
	{name: "amending", phase: "amending a case for staff", drive: func(c *convo) {
		meterAnswers(c)
		c.say("absenden")
		cs := c.cases[len(c.cases)-1]
		c.step(channels.Inbound{Channel: "web", From: channels.FromSystem, Text: "Rückfrage zu " + cs.Ref,
			Reopen: &channels.Reopen{Case: cs.Ref, Service: cs.Service, Field: "reading", Answers: cs.Answers}})
	}, next: []channels.Inbound{typed("456,5"), typed("abbrechen"), typed("minus drei")}},
	{name: "amending-held", phase: "amending a case with a form held aside", drive: func(c *convo) {
		meterAnswers(c)
		c.say("absenden")
		cs := c.cases[len(c.cases)-1]
		c.say("Bewohnerparkausweis beantragen")
		c.step(channels.Inbound{Channel: "web", From: channels.FromSystem, Text: "Rückfrage zu " + cs.Ref,
			Reopen: &channels.Reopen{Case: cs.Ref, Service: cs.Service, Field: "reading", Answers: cs.Answers}})
	}, next: []channels.Inbound{typed("456,5"), typed("abbrechen")}},
	{name: "waiting-staff", phase: "waiting for staff", drive: func(c *convo) {
		c.say("Zählerstand melden")
		c.say("Mitarbeiter")
	}, next: []channels.Inbound{typed("hallo?"), typed("weiter mit dem Bot"), typed("menü"),
		{Channel: "web", Conversation: "conv-1", From: channels.FromStaff, Text: "Guten Tag, hier Frau Meier."},
		{Channel: "web", Conversation: "conv-1", From: channels.FromSystem, Event: channels.StaffReleased}}},
	{name: "linking", phase: "in a form, asking to continue on Telegram", drive: func(c *convo) {
		c.say("Zählerstand melden")
	}, next: []channels.Inbound{typed("auf Telegram weiter"), picked("link")}},
	{name: "booking", phase: "booking an appointment", drive: func(c *convo) {
		c.say("Reisepass beantragen")
		c.pick("book:passport")
	}, next: []channels.Inbound{typed("morgen"), typed("gestern"), typed("abbrechen")}},
	{name: "in-person", phase: "told about an in-person service", drive: func(c *convo) {
		c.say("Reisepass beantragen")
	}, next: []channels.Inbound{picked("book:passport"), typed("Status")}},
}

// playNext applies in to st and describes what the engine did.
func playNext(t *testing.T, c *convo, st State, in channels.Inbound) recordedTurn {
	t.Helper()
	res := c.e.Step(st, in, c.now)
	data, err := json.Marshal(res.State)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ReadView(data)
	if err != nil {
		t.Fatal(err)
	}
	return recordedTurn{In: in, Replies: res.Replies, View: v, Staff: res.State.WaitingForStaff(),
		Cases: len(res.Cases), Amends: len(res.Amendments), State: res.State}
}

func TestRecordedStatesResume(t *testing.T) {
	if os.Getenv("AMTSBOTE_RECORD_STATES") == "1" {
		recordStates(t)
	}
	if os.Getenv("AMTSBOTE_RECORD_REPLIES") == "1" {
		recordReplies(t)
	}
	for _, s := range stateScripts {
		t.Run(s.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "states", s.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var rec recorded
			if err := json.Unmarshal(data, &rec); err != nil {
				t.Fatal(err)
			}
			var st State
			if err := json.Unmarshal(rec.State, &st); err != nil {
				t.Fatalf("an old state does not open: %v", err)
			}
			if len(rec.Next) == 0 {
				t.Fatal("no next messages recorded")
			}
			for _, want := range rec.Next {
				c := statesEngine(t)
				got := playNext(t, c, st, want.In)
				if !got.State.PhaseHolds() {
					t.Errorf("after %q %q: phase %q does not hold for %+v", want.In.Text, want.In.Choice, got.State.Phase, got.State)
				}
				if got.View.Phase == "" {
					t.Errorf("after %q %q: the view has no phase", want.In.Text, want.In.Choice)
				}
				got.View.Phase = want.View.Phase // recorded before views had phases
				// JSON both ways, so that nil and empty compare alike.
				gj, _ := json.Marshal(got)
				wj, _ := json.Marshal(want)
				var g, w any
				_ = json.Unmarshal(gj, &g)
				_ = json.Unmarshal(wj, &w)
				if !reflect.DeepEqual(g, w) {
					t.Errorf("after %q %q:\n got %s\nwant %s", want.In.Text, want.In.Choice, gj, wj)
				}
			}
		})
	}
}

// recordStates writes testdata/states from the scripts.
func recordStates(t *testing.T) {
	for _, s := range stateScripts {
		c := statesEngine(t)
		s.drive(c)
		st := c.st
		raw, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		rec := recorded{Phase: s.phase, State: raw}
		for _, in := range s.next {
			rec.Next = append(rec.Next, playNext(t, statesEngine(t), st, in))
		}
		out, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "states", s.name+".json"), append(out, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// recordReplies rewrites only the recorded next turns of testdata/states,
// keeping the old states as they were stored: for a deliberate change of
// the engine's replies (AMTSBOTE_RECORD_REPLIES=1).
func recordReplies(t *testing.T) {
	for _, s := range stateScripts {
		path := filepath.Join("testdata", "states", s.name+".json")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var rec recorded
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatal(err)
		}
		var st State
		if err := json.Unmarshal(rec.State, &st); err != nil {
			t.Fatal(err)
		}
		for i, n := range rec.Next {
			rec.Next[i] = playNext(t, statesEngine(t), st, n.In)
		}
		out, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(out, '\n'), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
