package app_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"amtsbote/answers"
	"amtsbote/app"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/internal/harness"
)

// recorder is a channel sender that keeps what it was asked to send.
type recorder struct {
	mu  sync.Mutex
	got []channels.Outbound
}

func (r *recorder) Name() string { return "web" }

func (r *recorder) Send(_ context.Context, d channels.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, d.Message)
	return nil
}

// wait returns the messages sent so far once there are at least n.
func (r *recorder) wait(t *testing.T, n int) []channels.Outbound {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		r.mu.Lock()
		got := append([]channels.Outbound(nil), r.got...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
	}
	t.Fatalf("fewer than %d messages sent", n)
	return nil
}

// citizen sends one message on the web channel from address and returns
// the replies it got.
func citizen(t *testing.T, c *harness.Core, rec *recorder, address, id, text, choice string) []channels.Outbound {
	t.Helper()
	before := len(rec.wait(t, 0))
	rc, err := c.Gateway.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: address,
		MessageID: id, Text: text, Choice: choice, Received: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return rec.wait(t, before+len(rc.Replies))[before:]
}

// TestAnswerEndToEnd: a citizen asks, gets the answer with its link and
// "Hat das geholfen?"; the rating is counted in the store; an editor's
// draft changes nothing until it is published, then the next citizen gets
// the new text; the audit log names the editor.
func TestAnswerEndToEnd(t *testing.T) {
	rec := &recorder{}
	c := harness.Start(t, harness.Options{}, rec)
	out := citizen(t, c, rec, "a", "1", "Ich habe meinen Personalausweis verloren", "")
	if len(out) < 2 {
		t.Fatalf("replies %+v", out)
	}
	ans := out[len(out)-2]
	if !strings.Contains(ans.Text, "Personalausweis") || len(ans.Links) == 0 {
		t.Fatalf("answer %+v", ans)
	}
	if u, _, ok := ans.Links[0].SafeURL(); !ok || !strings.HasPrefix(u, "https://") {
		t.Errorf("link %+v", ans.Links[0])
	}
	ask := out[len(out)-1]
	if ask.Text != "Hat das geholfen?" || len(ask.Options) != 2 || ask.Options[0].Value != "helpful:yes:lost-id" {
		t.Fatalf("rating question %+v", ask)
	}
	citizen(t, c, rec, "a", "2", "", "helpful:yes:lost-id")
	citizen(t, c, rec, "a", "3", "", "helpful:yes:lost-id") // pressed again: not counted
	fb, err := c.App.Answers.Feedback()
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != 1 || fb[0].ID != "lost-id" || fb[0].Helpful != 1 || fb[0].NotHelpful != 0 {
		t.Fatalf("feedback %+v", fb)
	}
	rw := httptest.NewRecorder()
	c.App.Metrics.Handler().ServeHTTP(rw, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rw.Body.String(), `amtsbote_answer_ratings_total{answer="lost-id",helpful="yes"} 1`) {
		t.Errorf("metrics lack the rating:\n%s", grep(rw.Body.String(), "answer"))
	}

	ed := c.App.Answers
	a, _ := ed.Base().Set().Answer("lost-id")
	changed := *a
	changed.Text = answers.Text{"de": "Neuer Text: melden Sie den Verlust sofort im Bürgerbüro."}
	changed.Title = answers.Text{"de": a.Title["de"]}
	changed.First = nil
	now := time.Now()
	if _, err := ed.SaveDraft(context.Background(), "redakteurin", changed, now); err != nil {
		t.Fatal(err)
	}
	out = citizen(t, c, rec, "b", "4", "Personalausweis verloren", "")
	if strings.Contains(text(out), "Neuer Text") {
		t.Fatal("a draft reached a citizen")
	}
	if _, err := ed.Publish(context.Background(), "redakteurin", "lost-id", now); err != nil {
		t.Fatal(err)
	}
	out = citizen(t, c, rec, "c", "5", "Personalausweis verloren", "")
	if !strings.Contains(text(out), "Neuer Text") {
		t.Fatalf("published text not shown: %s", text(out))
	}
	var actions []string
	log, err := c.DB.AuditLog(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Object == "lost-id" && e.Actor == "redakteurin" {
			actions = append(actions, e.Action)
		}
	}
	slices.Sort(actions)
	if strings.Join(actions, ",") != "answer.draft,answer.publish" {
		t.Errorf("audit %v", actions)
	}
	h, _ := ed.History("lost-id")
	if h.Published == nil || h.Published.Editor != "redakteurin" {
		t.Errorf("history %+v", h)
	}

	// The published version survives a restart: it is in the store.
	c.Stop()
	c2 := harness.Start(t, harness.Options{Dir: c.Dir}, &recorder{})
	if a, _ := c2.App.Answers.Base().Set().Answer("lost-id"); !strings.Contains(a.Text["de"], "Neuer Text") {
		t.Errorf("after a restart: %q", a.Text["de"])
	}
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestAnswerRatingsConcurrent: ratings of many turns at once are all
// counted (the read-modify-write of the counts is serialised).
func TestAnswerRatingsConcurrent(t *testing.T) {
	c := harness.Start(t, harness.Options{})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := []dialog.AnswerRating{{Answer: "bulky-waste", Helpful: i%4 != 0}}
			if err := c.App.Answers.AnswersRated(context.Background(), r, time.Now()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	fb, err := c.App.Answers.Feedback()
	if err != nil {
		t.Fatal(err)
	}
	if len(fb) != 1 || fb[0].Helpful != 30 || fb[0].NotHelpful != 10 {
		t.Errorf("feedback %+v", fb)
	}
}

func text(out []channels.Outbound) string {
	var b strings.Builder
	for _, o := range out {
		b.WriteString(o.Text + "\n")
	}
	return b.String()
}

// TestAnswerHoursFollowOfficesFile: the generated answer on the citizens'
// office shows the hours of the offices file the server starts with.
func TestAnswerHoursFollowOfficesFile(t *testing.T) {
	data, err := os.ReadFile("../services/appointments/offices.yaml")
	if err != nil {
		t.Fatal(err)
	}
	hours := func(file string) string {
		dir := t.TempDir()
		c := harness.Config(dir)
		c.Offices = file
		a, err := app.Build(c, nil, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		r, ok := a.Answers.Base().Answer("hours-buergerbuero", "de")
		if !ok {
			t.Fatal("no answer hours-buergerbuero")
		}
		return r.Text
	}
	file := filepath.Join(t.TempDir(), "offices.yaml")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before := hours(file)
	changed := strings.Replace(string(data), `thu: ["08:00-13:00", "14:00-18:00"]`, `thu: ["08:00-13:00", "14:00-19:30"]`, 1)
	if changed == string(data) {
		t.Fatal("the sample's Thursday hours moved; update the test")
	}
	if err := os.WriteFile(file, []byte(changed), 0o600); err != nil {
		t.Fatal(err)
	}
	after := hours(file)
	if !strings.Contains(before, "18 Uhr") || !strings.Contains(after, "19:30") || strings.Contains(after, "14–18") {
		t.Errorf("before: %q\nafter: %q", before, after)
	}
}
