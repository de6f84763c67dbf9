package gateway

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/dialog"
	"amtsbote/pgp"
	"amtsbote/store"
	"amtsbote/store/bolt"
)

// caseEngine files a case on every message.
type caseEngine struct{ n int }

func (e *caseEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	e.n++
	return dialog.Result{State: st,
		Replies: []channels.Outbound{{From: channels.FromBot, Text: "eingegangen"}},
		Cases: []cases.Case{{Ref: "AB-2026-00000" + string(rune('0'+e.n)), Service: "meter-reading", Status: "submitted",
			Answers: map[string]string{"name": "Erika"}, Created: now, Secret: "K7P3-M9QX", Department: "stadtwerke"}}}
}

// handoffCore is a running gateway with a back office on a real store.
type handoffCore struct {
	gw          *Gateway
	db          *bolt.DB
	web, office *recorder
	index       *CaseIndex
}

// startHandoff runs engine in a gateway that hands cases off to "backoffice".
func startHandoff(t *testing.T, engine Engine) handoffCore {
	t.Helper()
	dir := t.TempDir()
	p, _ := pgp.LoadOrCreate(pgp.Options{Dir: dir, Passphrase: []byte("t"), Log: quiet})
	db, err := bolt.Open(dir, p, bolt.Options{Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	c := handoffCore{db: db, web: newRecorder("web"), office: newRecorder("backoffice"), index: NewCaseIndex(db.CaseSecretMAC)}
	c.gw = New(Config{Log: quiet, Handoff: "backoffice", Observers: []Observer{c.index}}, db, db, engine)
	c.gw.AddSender(c.web)
	c.gw.AddSender(c.office)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.gw.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; _ = db.Close() })
	return c
}

func TestCasesAreHandedOffInTheirCommit(t *testing.T) {
	c0 := startHandoff(t, &caseEngine{})
	gw, db, web, office, index, ctx := c0.gw, c0.db, c0.web, c0.office, c0.index, context.Background()

	rc, err := gw.Deliver(ctx, msg("web", "alice", "1", "Antrag"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Replies) != 1 {
		t.Fatalf("receipt lists %d replies; the hand-off is no reply to the citizen", len(rc.Replies))
	}
	d := waitFor(t, office, 1)[0]
	if d.Address != "stadtwerke" || d.Message.Text != "AB-2026-000001" || len(d.Message.Attachments) != 1 {
		t.Fatalf("hand-off delivery %+v", d)
	}
	var c cases.Case
	if err := json.Unmarshal(d.Message.Attachments[0].Data, &c); err != nil || c.Answers["name"] != "Erika" {
		t.Fatalf("hand-off record: %+v %v", c, err)
	}
	if strings.Contains(string(d.Message.Attachments[0].Data), "K7P3") {
		t.Fatal("the access code went to the back office")
	}
	waitFor(t, web, 1)
	stored, err := db.Case("AB-2026-000001")
	if err != nil || stored.Department != "stadtwerke" {
		t.Fatalf("stored case: %+v %v", stored, err)
	}
	if info, ok := index.CaseStatus("AB-2026-000001", "k7p3m9qx"); !ok || info.Status != "submitted" {
		t.Fatalf("status with the right code (typed loosely): %+v %v", info, ok)
	}
	if _, ok := index.CaseStatus("AB-2026-000001", "K7P3-M9QY"); ok {
		t.Fatal("a wrong code opened the case")
	}
	if _, ok := index.CaseStatus("AB-2026-000009", "K7P3-M9QX"); ok {
		t.Fatal("an unknown reference answered")
	}
	// The index is rebuilt from the store alone.
	fresh := NewCaseIndex(db.CaseSecretMAC)
	db.CaseIndex(func(e store.CaseIndexEntry) { fresh.Put(e.Ref, e.Service, e.Status, e.Created, e.SecretMAC) })
	if _, ok := fresh.CaseStatus("AB-2026-000001", "K7P3-M9QX"); !ok {
		t.Fatal("the index seeded from the store does not know the code")
	}
}

// amendEngine files a case on the first message and amends it on the next.
type amendEngine struct{ n int }

func (e *amendEngine) Step(st dialog.State, in channels.Inbound, now time.Time) dialog.Result {
	e.n++
	res := dialog.Result{State: st, Replies: []channels.Outbound{{From: channels.FromBot, Text: "ok"}}}
	if e.n == 1 {
		res.Cases = []cases.Case{{Ref: "AB-2026-000001", Service: "meter-reading", Status: "submitted",
			Answers: map[string]string{"reading": "123"}, Created: now, Secret: "K7P3M9QX", Department: "stadtwerke"}}
		return res
	}
	res.Amendments = []cases.Amendment{{Ref: "AB-2026-000001", Service: "meter-reading", Department: "stadtwerke",
		Field: "reading", Answers: map[string]string{"reading": "456"}, Changed: []string{"reading"}, Status: cases.InReview}}
	return res
}

func TestAmendmentsAreCommittedAndHandedOff(t *testing.T) {
	c0 := startHandoff(t, &amendEngine{})
	gw, db, office, index, ctx := c0.gw, c0.db, c0.office, c0.index, context.Background()

	if _, err := gw.Deliver(ctx, msg("web", "alice", "1", "Antrag")); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{cases.InReview, cases.NeedsInfo} {
		if _, err := db.SetCaseStatus(ctx, "AB-2026-000001", cases.Change{Actor: "anna", Status: s}, cases.ValidTransition); err != nil {
			t.Fatal(err)
		}
		index.Changed("AB-2026-000001", s, time.Now())
	}
	rc, err := gw.Deliver(ctx, msg("web", "alice", "2", "456"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Replies) != 1 {
		t.Fatalf("receipt lists %d replies", len(rc.Replies))
	}
	got := waitFor(t, office, 2)[1]
	var c cases.Case
	if err := json.Unmarshal(got.Message.Attachments[0].Data, &c); err != nil || c.Answers["reading"] != "456" ||
		len(c.Amended) != 1 || c.Status != cases.InReview || c.Secret != "" {
		t.Fatalf("amendment hand-off: %+v %v", c, err)
	}
	stored, err := db.Case("AB-2026-000001")
	if err != nil || stored.Status != cases.InReview || !maps.Equal(stored.Answers, map[string]string{"reading": "456"}) {
		t.Fatalf("stored case: %+v %v %v", stored, stored.Answers, err)
	}
	if info, ok := index.CaseStatus("AB-2026-000001", "K7P3M9QX"); !ok || info.Status != cases.InReview {
		t.Fatalf("the index does not know the new status: %+v %v", info, ok)
	}
}
