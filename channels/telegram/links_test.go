package telegram

import (
	"context"
	"testing"

	"amtsbote/channels"
)

// TestKeyboardLinks: links become URL buttons naming their host, unsafe
// ones are left out, options follow as callback buttons.
func TestKeyboardLinks(t *testing.T) {
	c := &Channel{cb: newCallbackValues()}
	kb, err := c.keyboard(context.Background(), []channels.Option{{Value: "helpful:yes:lost-id", Label: "Ja"}},
		[]channels.Link{{URL: "https://www.musterstadt.example/ausweis", Label: "Mehr dazu"}, {URL: "javascript:x()", Label: "x"}})
	if err != nil {
		t.Fatal(err)
	}
	rows := kb.InlineKeyboard
	if len(rows) != 2 {
		t.Fatalf("rows %+v", rows)
	}
	b := rows[0][0]
	if b.URL == nil || *b.URL != "https://www.musterstadt.example/ausweis" || b.Text != "Mehr dazu (www.musterstadt.example)" {
		t.Errorf("link button %+v", b)
	}
	if rows[1][0].CallbackData == nil || *rows[1][0].CallbackData != "helpful:yes:lost-id" {
		t.Errorf("option button %+v", rows[1][0])
	}
	// Pressing the option keeps the link.
	marked := markedKeyboard(kb, "helpful:yes:lost-id")
	if len(marked.InlineKeyboard) != 2 || marked.InlineKeyboard[0][0].URL == nil {
		t.Errorf("marked %+v", marked.InlineKeyboard)
	}
}
