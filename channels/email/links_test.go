package email

import (
	"strings"
	"testing"

	"amtsbote/channels"
)

// TestRenderLinks: an answer's links are plain text URLs in the mail.
func TestRenderLinks(t *testing.T) {
	body, _ := render([]channels.Outbound{{Text: "Sperrmüll holt die Abfallwirtschaft ab.",
		Links: []channels.Link{{URL: "https://www.musterstadt.example/abfall/sperrmuell", Label: "Mehr dazu"},
			{URL: "javascript:x()", Label: "x"}}}}, "Musterstadt")
	if !strings.Contains(body, "Sperrmüll holt die Abfallwirtschaft ab.\nMehr dazu: https://www.musterstadt.example/abfall/sperrmuell") {
		t.Errorf("body:\n%s", body)
	}
	if strings.Contains(body, "javascript") {
		t.Errorf("unsafe link in:\n%s", body)
	}
}
