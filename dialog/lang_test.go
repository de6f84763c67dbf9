package dialog_test

import "testing"

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
