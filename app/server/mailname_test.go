package server

import (
	"testing"

	"amtsbote/app"
	"amtsbote/channels/email"
)

// The core mails confirmations to the channel the email package names.
func TestMailChannelIsTheEmailChannel(t *testing.T) {
	if app.MailChannel != email.Name {
		t.Fatalf("app.MailChannel %q, email.Name %q", app.MailChannel, email.Name)
	}
}
