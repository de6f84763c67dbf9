package dialog

import (
	"fmt"
	"time"

	"amtsbote/channels"
)

// LinkCodes makes the codes with which a citizen continues a conversation
// on another channel (Telegram's /start CODE). A code names the
// conversation and expires; making one is pure computation.
type LinkCodes interface {
	LinkCode(conversation string, now time.Time) string
}

// link answers "continue on Telegram": a deep link (or /start CODE) that
// brings this conversation to the messenger; then the question it was at.
func (t *turn) link() {
	if t.e.links == nil || t.conv == "" {
		t.reply(t.say("Das Weiterführen auf einem anderen Kanal ist hier leider nicht eingerichtet.",
			"Continuing on another channel is not set up here, sorry."))
		return
	}
	code := t.e.links.LinkCode(t.conv, t.now)
	how := "/start " + code
	if t.e.telegramBot != "" {
		how = fmt.Sprintf("https://t.me/%s?start=%s", t.e.telegramBot, code)
	}
	t.out = append(t.out, channels.Outbound{From: channels.FromBot, Text: fmt.Sprintf(t.say(
		"So geht es auf Telegram weiter, mit allem, was wir bisher besprochen haben: %s – der Link gilt %d Minuten. Danach antworte ich Ihnen dort.",
		"To continue on Telegram with everything we have discussed so far: %s – the link is valid for %d minutes. After that I answer you there."),
		how, int(LinkValidity/time.Minute))})
	if t.active() {
		t.reprompt()
	}
}

// LinkValidity is how long a link code works.
const LinkValidity = 30 * time.Minute
