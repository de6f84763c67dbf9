package migrate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"amtsbote/cases"
	"amtsbote/channels"
	"amtsbote/gateway"
	"amtsbote/internal/harness"
	"amtsbote/staff"
	"amtsbote/store"
)

// installation is what a single node on bbolt holds after the real
// dialogs of buildInstallation, for the checks after the move.
type installation struct {
	dir        string
	now        time.Time
	meterConv  string // the meter reading's conversation (web, "anna")
	meterRef   string // its case
	secret     string // its access code
	bookingRef string
	linkCode   string // made for meterConv before the move
	answerID   string // an answer published in the console
	transcript []store.Entry
	outbox     map[string]int
	audit      []store.AuditEntry
}

// observed collects the cases the gateway reports committed.
type observed struct {
	mu    sync.Mutex
	cases []cases.Case
}

func (o *observed) TurnCommitted(_ string, _ store.Meta, submitted []cases.Case) {
	o.mu.Lock()
	o.cases = append(o.cases, submitted...)
	o.mu.Unlock()
}

func (o *observed) last() cases.Case {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.cases) == 0 {
		return cases.Case{}
	}
	return o.cases[len(o.cases)-1]
}

var messageIDs atomic.Int64

// say hands one web chat message of address to g and returns the
// conversation; it fails the test unless the turn committed.
func say(t *testing.T, g *gateway.Gateway, address, text, choice string) string {
	t.Helper()
	r, err := g.Deliver(context.Background(), channels.Inbound{Channel: "web", Address: address,
		MessageID: fmt.Sprintf("m-%d", messageIDs.Add(1)), Text: text, Choice: choice, Received: time.Now()})
	if err != nil || r.Duplicate {
		t.Fatalf("%s: %q: %v (duplicate %v)", address, text, err, r.Duplicate)
	}
	return r.Conversation
}

// fileMeterReading runs the meter reading service to its submission.
func fileMeterReading(t *testing.T, g *gateway.Gateway, address string) string {
	t.Helper()
	var conv string
	for _, line := range []string{"Zählerstand melden", "1234567", "Z-4711", "12.345,6", "heute", "Erika Mustermann", "überspringen", "Absenden"} {
		conv = say(t, g, address, line, "")
	}
	return conv
}

// lastReplies returns the texts of the transcript's last replies.
func lastReplies(t *testing.T, db store.Store, conv string) string {
	t.Helper()
	entries, err := db.Transcript(conv, 0)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for i := len(entries) - 1; i >= 0 && entries[i].Kind == store.EntryOut; i-- {
		var o channels.Outbound
		if err := json.Unmarshal(entries[i].Body, &o); err != nil {
			t.Fatal(err)
		}
		parts = append([]string{o.Text}, parts...)
	}
	return strings.Join(parts, "\n")
}

// buildInstallation runs a single node on bbolt through real dialogs: a
// meter reading submitted (a case with reference and access code), an
// appointment booked (with its reminder in the outbox), a staff account,
// department, canned reply, a conversation handed to staff with a note,
// audit entries, channel state. No channel sends, so every reply stays in
// the outbox. The node is stopped when it returns.
func buildInstallation(t *testing.T) installation {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, loc) // a Sunday
	seen := &observed{}
	core := harness.Start(t, harness.Options{Now: func() time.Time { return now }, Loc: loc,
		Gate: gateway.Config{Observers: []gateway.Observer{seen}}})
	in := installation{dir: core.Dir, now: now}
	in.meterConv = fileMeterReading(t, core.Gateway, "anna")
	c := seen.last()
	if c.Ref == "" || c.Secret == "" {
		t.Fatalf("the meter reading made no case with a code: %+v\n%s", c, lastReplies(t, core.DB, in.meterConv))
	}
	in.meterRef, in.secret = c.Ref, c.Secret

	bconv := say(t, core.Gateway, "bert", "Ich brauche einen neuen Personalausweis", "")
	say(t, core.Gateway, "bert", "", "book:id-card")
	say(t, core.Gateway, "bert", "nächsten Dienstag vormittag", "")
	say(t, core.Gateway, "bert", "", "buergerbuero/20261201T0800")
	for _, line := range []string{"Bert Beispiel", "überspringen", "Absenden"} {
		say(t, core.Gateway, "bert", line, "")
	}
	bs, err := core.DB.BookingsOf(bconv)
	if err != nil || len(bs) != 1 {
		t.Fatalf("bookings of the booking conversation: %+v %v\n%s", bs, err, lastReplies(t, core.DB, bconv))
	}
	in.bookingRef = bs[0].Ref

	ctx := context.Background()
	hash, err := staff.HashPassword("geheim-1234-lang", staff.ArgonParams{Time: 1, Memory: 1024, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	db := core.DB
	must(t, db.CreateStaffAccount(ctx, store.StaffAccount{Username: "anna.admin", Name: "Anna", Department: "buergerbuero",
		Role: "admin", Password: hash, Created: now}))
	must(t, db.PutDepartment(ctx, store.Department{ID: "buergerbuero", Name: "Bürgerbüro"}))
	_, err = db.PutCannedReply(ctx, store.CannedReply{Department: "buergerbuero", Title: "Gruß", Text: "Guten Tag!"})
	must(t, err)
	_, err = db.UpdateStaffConversation(ctx, in.meterConv, func(sc *store.StaffConversation, _ bool) (bool, error) {
		sc.Department, sc.Since, sc.Reason = "buergerbuero", now, "asked"
		return true, nil
	})
	must(t, err)
	_, err = db.SetCaseStatus(ctx, in.meterRef, cases.Change{Time: now, Actor: "anna.admin", Status: cases.InReview,
		Note: "Wird geprüft"}, cases.ValidTransition)
	must(t, err)
	_, err = db.AddNote(ctx, in.meterConv, store.Note{Time: now, Author: "anna.admin", Text: "Rückruf vereinbart"})
	must(t, err)
	must(t, db.Audit(ctx, store.AuditEntry{Time: now, Actor: "anna.admin", Action: "login", Object: ""}))
	must(t, db.Audit(ctx, store.AuditEntry{Time: now, Actor: "anna.admin", Action: "case-status", Object: in.meterRef}))
	must(t, core.State.SetChannelState(ctx, "telegram", "offset", []byte("4711")))
	// An answer edited in the console lives in channel state "answers".
	answer := *core.App.Answers.Current()[0]
	in.answerID = answer.ID
	_, err = core.App.Answers.SaveDraft(ctx, "anna.admin", answer, now)
	must(t, err)
	_, err = core.App.Answers.Publish(ctx, "anna.admin", answer.ID, now)
	must(t, err)
	in.linkCode = core.Links.LinkCode(in.meterConv, time.Now())

	if in.transcript, err = db.Transcript(in.meterConv, 0); err != nil || len(in.transcript) < 16 {
		t.Fatalf("transcript: %d entries, %v", len(in.transcript), err)
	}
	if in.outbox, err = db.OutboxDepth(); err != nil || in.outbox["web"] == 0 {
		t.Fatalf("outbox depth %v %v", in.outbox, err)
	}
	if in.audit, err = db.AuditLog(0, 10); err != nil || len(in.audit) != 4 {
		t.Fatalf("audit %v %v", in.audit, err)
	}
	core.Stop()
	return in
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
