package app_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/answers"
	"amtsbote/app"
	"amtsbote/channels"
	"amtsbote/config"
	"amtsbote/dialog"
	"amtsbote/internal/harness"
	"amtsbote/internal/pgtest"
	"amtsbote/ratings"
)

// twoNodes builds two nodes on one throwaway PostgreSQL database (the same
// portal key), each with a "web" recorder, and runs their relays and
// gateways until the test ends.
func twoNodes(t *testing.T) ([]*app.App, []*recorder) {
	t.Helper()
	nodes, recs, _ := twoNodesProxy(t)
	return nodes, recs
}

// twoNodesProxy is twoNodes with node B reaching PostgreSQL through a
// proxy the test may cut.
func twoNodesProxy(t *testing.T) ([]*app.App, []*recorder, *pgtest.Proxy) {
	t.Helper()
	db := pgtest.Database(t)
	proxy, viaProxy := pgtest.NewProxy(t, db)
	log := slog.New(slog.DiscardHandler)
	dirs := []string{t.TempDir(), t.TempDir()}
	nodes := make([]*app.App, 2)
	recs := []*recorder{{}, {}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	for i := range nodes {
		if i == 1 {
			copyKeys(t, dirs[0], dirs[1])
		}
		c := harness.Config(dirs[i])
		c.Store = config.Secret(db)
		if i == 1 {
			c.Store = config.Secret(viaProxy)
		}
		a, err := app.Build(c, log, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		a.Gateway.AddSender(a.Relay.Wrap(recs[i]))
		nodes[i] = a
	}
	for _, a := range nodes {
		wg.Go(func() { _ = a.Relay.Run(ctx) })
		wg.Go(func() { _ = a.Gateway.Run(ctx) })
	}
	time.Sleep(300 * time.Millisecond) // both listen
	return nodes, recs, proxy
}

// ask sends text from address to node a and returns the text of its replies.
func ask(t *testing.T, a *app.App, rec *recorder, address, id, text string) string {
	t.Helper()
	before := len(rec.wait(t, 0))
	rc, err := a.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: address,
		MessageID: id, Text: text, Received: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, o := range rec.wait(t, before+len(rc.Replies))[before:] {
		b.WriteString(o.Text + "\n")
	}
	return b.String()
}

// An answer an editor publishes on node A is what citizens on node B get
// at once, without a restart; so is the version before, published again
// after a revert.
func TestAnswerPublishAcrossNodes(t *testing.T) {
	nodes, recs := twoNodes(t)
	a, b := nodes[0], nodes[1]
	if got := ask(t, b, recs[1], "b1", "1", "Personalausweis verloren"); strings.Contains(got, "vom Knoten A") {
		t.Fatalf("node B knows the text before it was written: %s", got)
	}
	old, _ := a.Answers.Base().Set().Answer("lost-id")
	ctx, now := context.Background(), time.Now()
	publish := func(text string, revert bool) {
		t.Helper()
		if revert {
			if _, err := a.Answers.Revert(ctx, "redakteurin", "lost-id", now); err != nil {
				t.Fatal(err)
			}
		} else {
			changed := *old
			changed.Text = answers.Text{"de": text}
			changed.Title = answers.Text{"de": old.Title["de"]}
			changed.First = nil
			if _, err := a.Answers.SaveDraft(ctx, "redakteurin", changed, now); err != nil {
				t.Fatal(err)
			}
		}
		published := time.Now()
		if _, err := a.Answers.Publish(ctx, "redakteurin", "lost-id", now); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(2 * time.Millisecond) {
			got, _ := b.Answers.Base().Set().Answer("lost-id")
			if got.Text["de"] == text {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("node B's answer 5 s after the publish on node A: %q", got.Text["de"])
			}
		}
		t.Logf("node B has %q %v after the publish on node A", text[:24], time.Since(published).Round(time.Millisecond))
	}
	first := "Erster Text vom Knoten A: melden Sie den Verlust sofort im Bürgerbüro."
	publish(first, false)
	if got := ask(t, b, recs[1], "b2", "2", "Personalausweis verloren"); !strings.Contains(got, first) {
		t.Fatalf("a citizen on node B gets: %s", got)
	}
	publish("Zweiter Text vom Knoten A: melden Sie den Verlust bei der Polizei.", false)
	publish(first, true) // the revert makes the first the draft again
	if got := ask(t, b, recs[1], "b3", "3", "Personalausweis verloren"); !strings.Contains(got, first) {
		t.Fatalf("after the revert a citizen on node B gets: %s", got)
	}
}

// A publish node B missed while it had lost PostgreSQL reaches it when it
// reconnects: it reads the published versions again.
func TestAnswerPublishMissed(t *testing.T) {
	nodes, _, proxy := twoNodesProxy(t)
	a, b := nodes[0], nodes[1]
	old, _ := a.Answers.Base().Set().Answer("lost-id")
	changed := *old
	text := "Verpasster Text vom Knoten A: melden Sie den Verlust im Bürgerbüro."
	changed.Text, changed.Title, changed.First = answers.Text{"de": text}, answers.Text{"de": old.Title["de"]}, nil
	ctx := context.Background()
	proxy.Cut()
	time.Sleep(300 * time.Millisecond)
	if _, err := a.Answers.SaveDraft(ctx, "redakteurin", changed, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Answers.Publish(ctx, "redakteurin", "lost-id", time.Now()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if got, _ := b.Answers.Base().Set().Answer("lost-id"); got.Text["de"] == text {
		t.Fatal("node B has the text while it cannot reach the database: the test proves nothing")
	}
	proxy.Restore()
	restored := time.Now()
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if got, _ := b.Answers.Base().Set().Answer("lost-id"); got.Text["de"] == text {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B did not catch up on the publish it missed within 15 s of PostgreSQL's return")
		}
	}
	t.Logf("node B caught up %v after PostgreSQL came back", time.Since(restored).Round(time.Millisecond))
}

// Ratings counted on two nodes at the same time are all kept: the answers'
// and the conversations'.
func TestAnswerRatingsAcrossNodes(t *testing.T) {
	nodes, _ := twoNodes(t)
	var wg sync.WaitGroup
	const each = 24
	for _, n := range nodes {
		for i := range each {
			wg.Go(func() {
				r := []dialog.AnswerRating{{Answer: "bulky-waste", Helpful: i%4 != 0}, {Answer: "lost-id", Helpful: true}}
				if err := n.Answers.AnswersRated(context.Background(), r, time.Now()); err != nil {
					t.Error(err)
				}
			})
			wg.Go(func() {
				score := ratings.Good
				if i%3 == 0 {
					score = ratings.Bad
				}
				if err := n.Ratings.Add(context.Background(), "stadtwerke", "meter-reading", score, false, time.Now()); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	counts, err := nodes[1].Ratings.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != 1 || counts[0].Good != 32 || counts[0].Bad != 16 {
		t.Errorf("conversation ratings on two nodes: %+v", counts)
	}
	for i, n := range nodes {
		fb, err := n.Answers.Feedback()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, f := range fb {
			got[f.ID] = [2]int{f.Helpful, f.NotHelpful}
		}
		if len(fb) != 2 || got["bulky-waste"] != [2]int{36, 12} || got["lost-id"] != [2]int{48, 0} {
			t.Errorf("node %d reads %+v", i, fb)
		}
	}
}
