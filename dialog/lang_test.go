package dialog_test

import (
	"testing"

	"amtsbote/channels"
)

// Every reply says which language it is in, so a channel writes its own
// words around it (an email's "Reply with 1 or 2") in the same language.
func TestRepliesCarryTheirLanguage(t *testing.T) {
	c := meterConvo(t)
	for _, o := range c.say("Hallo").Replies {
		if o.Lang != "de" {
			t.Errorf("German reply in %q: %q", o.Lang, o.Text)
		}
	}
	for _, o := range c.say("English please").Replies {
		if o.Lang != "en" {
			t.Errorf("English reply in %q: %q", o.Lang, o.Text)
		}
	}
}

// A language picked from a channel's menu ("lang:tr") is the citizen's
// language, kept for staff and the channels' own words, and the language
// of the engine's replies; State.Language still folds it to German or
// English for those who read only these two.
func TestLanguageMenuChoice(t *testing.T) {
	for _, tc := range []struct{ pick, citizen, engine string }{
		{"lang:tr", "tr", "en"}, {"lang:ar", "ar", "en"}, {"lang:de-x-ls", "de-x-ls", "de"},
		{"lang:en", "en", "en"}, {"lang:uk", "uk", "en"}, {"lang:xx", "de", "de"},
	} {
		c := meterConvo(t)
		c.say("Hallo")
		res := c.pick(tc.pick)
		if got := res.State.Citizen(); got != tc.citizen {
			t.Errorf("%s: citizen's language %q, want %q", tc.pick, got, tc.citizen)
		}
		if got := res.State.Language(); got != tc.engine {
			t.Errorf("%s: engine writes %q, want %q", tc.pick, got, tc.engine)
		}
		for _, o := range res.Replies {
			if o.Lang != tc.citizen {
				t.Errorf("%s: reply in %q: %q", tc.pick, o.Lang, o.Text)
			}
		}
	}
}

// The language a client names (a Telegram app's) is the first guess for a
// new conversation: a command decides nothing, the hint does; a message
// the router reads as English speaks English whatever the hint; a later
// hint changes nothing.
func TestClientLanguageFirstGuess(t *testing.T) {
	c := meterConvo(t)
	res := c.step(channels.Inbound{Channel: "telegram", Text: "/start", Lang: "uk-UA"})
	if res.State.Citizen() != "uk" || res.State.Language() != "en" {
		t.Errorf("/start from a Ukrainian app: citizen %q, engine %q", res.State.Citizen(), res.State.Language())
	}
	res = c.step(channels.Inbound{Channel: "telegram", Text: "Hallo", Lang: "de"})
	if res.State.Citizen() != "uk" {
		t.Errorf("a later hint changed the language to %q", res.State.Citizen())
	}

	c = meterConvo(t)
	res = c.step(channels.Inbound{Channel: "telegram", Text: "I want to report my meter reading", Lang: "de"})
	if res.State.Citizen() != "en" {
		t.Errorf("English text from a German app: %q", res.State.Citizen())
	}
	c = meterConvo(t)
	res = c.step(channels.Inbound{Channel: "telegram", Text: "/start", Lang: "fr"})
	if res.State.Citizen() != "de" {
		t.Errorf("an app in a language the catalog lacks: %q", res.State.Citizen())
	}
}
