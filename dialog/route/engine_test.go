package route_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"amtsbote/catalog"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/dialog/route"
)

// refs numbers cases from 1.
type refs struct{ n int }

func (r *refs) NextCaseRef(now time.Time) string {
	r.n++
	return fmt.Sprintf("AB-%d-%06d", now.Year(), r.n)
}

// TestEngineAsksBetweenCloseServices: with this router, the engine asks
// which of two close services was meant, with one button for each, and
// starts a clear one straight away.
func TestEngineAsksBetweenCloseServices(t *testing.T) {
	cat, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	e := dialog.New(cat, route.New(cat), &refs{}, nil, dialog.Options{})
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	step := func(text string) dialog.Result {
		return e.Step(dialog.State{}, channels.Inbound{Channel: "test", Address: "a", MessageID: text, Text: text}, now)
	}
	for text, want := range map[string][]string{
		"Personalausweis oder Reisepass?":             {"service:id-card", "service:passport"},
		"Soll ich mein Gewerbe ändern oder abmelden?": {"service:business-change", "service:business-deregistration"},
	} {
		res := step(text)
		var got []string
		for _, out := range res.Replies {
			if len(out.Options) == 2 && strings.HasPrefix(out.Options[0].Value, "service:") {
				got = []string{out.Options[0].Value, out.Options[1].Value}
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: replies %+v, want a question with exactly the options %v", text, res.Replies, want)
		}
	}
	// A clear request starts its service: no question.
	res := step("Ich möchte meinen Zählerstand melden")
	if res.State.Form != "meter-reading" {
		t.Errorf("clear request: state %+v, want the meter-reading form", res.State)
	}
	// Nothing fits: the menu, no service started.
	res = step("Wie wird das Wetter morgen?")
	if res.State.Form != "" {
		t.Errorf("weather: state %+v, want no form", res.State)
	}
}
