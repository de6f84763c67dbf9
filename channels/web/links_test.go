package web

import (
	"testing"
	"time"

	"amtsbote/channels"
)

// TestFrameLinks: only http(s) links reach the widget, each with its host.
func TestFrameLinks(t *testing.T) {
	m := channels.Outbound{Text: "x", Links: []channels.Link{
		{URL: "https://www.musterstadt.example/abfall/sperrmuell", Label: "Mehr dazu"},
		{URL: "javascript:alert(document.cookie)", Label: "Klick"},
		{URL: "data:text/html,x", Label: "Daten"},
	}}
	f := outboundFrame(m, time.Time{}, false, func(int) string { return "" })
	want := []linkRef{{URL: "https://www.musterstadt.example/abfall/sperrmuell", Label: "Mehr dazu", Host: "www.musterstadt.example"}}
	if len(f.Links) != 1 || f.Links[0] != want[0] {
		t.Errorf("links %+v, want %+v", f.Links, want)
	}
}
