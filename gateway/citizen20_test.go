package gateway

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/pgp"
	"amtsbote/store/bolt"
)

// endEngine mails a confirmation on "absenden", asks for the transcript on
// "verlauf" and rates on "gut"; anything else is echoed.
type endEngine struct{}

func (endEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	res := dialog.Result{State: st, Replies: []channels.Outbound{{From: channels.FromBot, Text: "Echo: " + in.Text}}}
	switch in.Text {
	case "absenden":
		res.Mails = []dialog.Mail{{To: "erika@example.org", Message: channels.Outbound{From: channels.FromSystem,
			Text: "Referenznummer: AB-2026-000001", Mail: &channels.Mail{Subject: "Eingangsbestätigung", Private: "Name: Erika"}}}}
	case "verlauf":
		res.Transcript = &dialog.Transcript{Reply: 0, Name: "gespraech.txt", Title: "Gespräch", Citizen: "Sie", Bot: "Assistent",
			Staff: "Team"}
	case "gut":
		res.Rated = &dialog.Rating{Score: dialog.RatingGood}
	}
	return res
}

// ratingMeter counts ratings.
type ratingMeter struct {
	noMeter
	mu    sync.Mutex
	rated []string
}

func (m *ratingMeter) Rated(score string, comment bool) {
	m.mu.Lock()
	m.rated = append(m.rated, score)
	m.mu.Unlock()
}

func startEnd(t *testing.T, meter Meter, senders ...*recorder) *Gateway {
	t.Helper()
	dir := t.TempDir()
	p, _ := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	db, err := bolt.Open(dir, p, bolt.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	gw := New(Config{Log: quiet, Mail: "email", Meter: meter, RetryBase: 10 * time.Millisecond, RetryMax: 20 * time.Millisecond},
		db, db, endEngine{})
	for _, s := range senders {
		gw.AddSender(s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { gw.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; _ = db.Close() })
	return gw
}

func say(t *testing.T, gw *Gateway, text string) channels.Receipt {
	t.Helper()
	r, err := gw.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: "tab-1", MessageID: text,
		Text: text, Received: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wait(t *testing.T, r *recorder) channels.Delivery {
	t.Helper()
	select {
	case d := <-r.got:
		return d
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: nothing delivered", r.name)
	}
	return channels.Delivery{}
}

// The confirmation mail is an outbox item of the email channel, to the
// address the citizen gave, committed with the turn and retried until the
// channel takes it; the citizen's replies stay first in the receipt.
func TestConfirmationMailThroughTheOutbox(t *testing.T) {
	web, mail := newRecorder("web"), newRecorder("email")
	mail.fail.Store(2) // the mail server is down twice
	gw := startEnd(t, nil, web, mail)
	rc := say(t, gw, "absenden")
	if len(rc.Replies) != 1 {
		t.Fatalf("receipt %+v", rc)
	}
	if d := wait(t, web); d.ID != rc.Replies[0] {
		t.Fatalf("web got %s, receipt %v", d.ID, rc.Replies)
	}
	d := wait(t, mail)
	if d.Address != "erika@example.org" || d.Message.Mail == nil || d.Message.Mail.Private != "Name: Erika" ||
		!strings.Contains(d.Message.Text, "AB-2026-000001") {
		t.Fatalf("mail delivery %+v", d)
	}
}

// Without a mail channel configured, no item is written (it would wait
// for a sender forever); with one, the mail follows the replies.
func TestNoMailChannelNoItem(t *testing.T) {
	res := endEngine{}.Step(dialog.State{}, channels.Inbound{Text: "absenden"}, time.Now())
	for mailer, want := range map[string]int{"": 1, "email": 2} {
		tr, err := buildTurn("c", "web", "a", true, "", time.Now(), channels.Inbound{}, res, "", mailer)
		if err != nil || len(tr.Outbox) != want {
			t.Fatalf("mailer %q: outbox %d items, err %v", mailer, len(tr.Outbox), err)
		}
		if want == 2 && (tr.Outbox[0].Channel != "web" || tr.Outbox[1].Channel != "email" || tr.Outbox[1].Address != "erika@example.org") {
			t.Fatalf("outbox %+v", tr.Outbox)
		}
	}
}

// The transcript the engine asks for is attached to its reply as a text
// file holding the conversation so far; a rating is counted.
func TestTranscriptAttachedAndRatingCounted(t *testing.T) {
	web := newRecorder("web")
	meter := &ratingMeter{}
	gw := startEnd(t, meter, web)
	say(t, gw, "Zählerstand melden")
	wait(t, web)
	say(t, gw, "verlauf")
	d := wait(t, web)
	if len(d.Message.Attachments) != 1 {
		t.Fatalf("attachments %+v", d.Message.Attachments)
	}
	a := d.Message.Attachments[0]
	text := string(a.Data)
	if a.Name != "gespraech.txt" || a.MediaType != "text/plain" {
		t.Fatalf("attachment %s %s", a.Name, a.MediaType)
	}
	for _, w := range []string{"Gespräch", "Sie:\nZählerstand melden", "Assistent:\nEcho: Zählerstand melden"} {
		if !strings.Contains(text, w) {
			t.Errorf("transcript lacks %q:\n%s", w, text)
		}
	}
	say(t, gw, "gut")
	wait(t, web)
	meter.mu.Lock()
	defer meter.mu.Unlock()
	if len(meter.rated) != 1 || meter.rated[0] != dialog.RatingGood {
		t.Fatalf("ratings counted %v", meter.rated)
	}
}
