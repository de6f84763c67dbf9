package email

import (
	"strings"
	"testing"

	"amtsbote/channels"
)

// TestRenderLinks: an answer's links are plain text URLs in the mail.
func TestRenderLinks(t *testing.T) {
	c := &Channel{opts: Options{DisplayName: "Musterstadt"}}
	body, _ := c.render([]channels.Outbound{{Text: "Sperrmüll holt die Abfallwirtschaft ab.",
		Links: []channels.Link{{URL: "https://www.musterstadt.example/abfall/sperrmuell", Label: "Mehr dazu"},
			{URL: "javascript:x()", Label: "x"}}}})
	if !strings.Contains(body, "Sperrmüll holt die Abfallwirtschaft ab.\nMehr dazu: https://www.musterstadt.example/abfall/sperrmuell") {
		t.Errorf("body:\n%s", body)
	}
	if strings.Contains(body, "javascript") {
		t.Errorf("unsafe link in:\n%s", body)
	}
}

// The mail's own words around the messages — how to answer, the
// signature — are in the language of the messages (German when unknown).
func TestRenderInTheMessagesLanguage(t *testing.T) {
	c := &Channel{opts: Options{DisplayName: "Stadt Musterstadt"}}
	opts := []channels.Option{{Value: "a", Label: "Ja"}, {Value: "b", Label: "Nein"}}
	for lang, want := range map[string][]string{
		"":   {"Antworten Sie mit 1 oder 2.", "Stadt Musterstadt · Antworten Sie einfach auf diese E-Mail."},
		"de": {"Antworten Sie mit 1 oder 2."},
		"en": {"Reply with 1 or 2.", "Stadt Musterstadt · Simply reply to this email."},
		"tr": {"1 veya 2 ile yanıtlayın."},
		"uk": {"Дайте відповідь числом 1 або 2."},
	} {
		body, pr := c.render([]channels.Outbound{{Text: "?", Options: opts, Lang: lang}})
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%q: %q missing in\n%s", lang, w, body)
			}
		}
		if lang != "" && lang != "de" && strings.Contains(body, "Antworten Sie") {
			t.Errorf("%q: German in\n%s", lang, body)
		}
		if len(pr.Options) != 2 {
			t.Errorf("%q: options %+v", lang, pr.Options)
		}
	}
}
